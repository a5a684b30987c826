package org.mnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import org.mnn.discover.Dataset;
import org.mnn.discover.DatasetSplit;
import org.mnn.discover.DiscoveredModel;
import org.mnn.discover.Discovery;
import org.mnn.discover.Library;
import org.mnn.discover.Scores;
import org.mnn.discover.Threshold;
import org.mnn.discover.data.CsvDatasets;
import org.mnn.discover.data.DataChecks;
import org.mnn.discover.data.DataColumns;
import org.mnn.discover.data.DataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mnn discover}: equation discovery from a CSV file with a Mechanistic Neural Network
 * ({@link Discovery}); prints the equations and the scores ({@link Scores}), optionally saves the
 * model as JSON ({@link org.mnn.discover.ModelJson}).
 */
@Command(name = "discover",
        description = {
            "Discover the ODEs dx/dt = f(x, u) behind measured trajectories in a CSV file (MNN discovery: "
                + "smoothing, NeuRLP window fits, sequential thresholding over a library of candidate terms).",
            "",
            "The file has a header line, a time column (t or time unless --time), the state variables and "
                + "optionally a trajectory column and measured inputs. The last --holdout of every trajectory is "
                + "held out: the model is fitted on the rest and simulated there for the scores.",
            "",
            "Output: one line 'd<var>/dt = ...' per state variable, then the scores (derivative R^2 on the fitted "
                + "data; relative RMSE and valid time of the hold-out simulation; for chaotic systems the "
                + "simulated error grows with the horizon, so look at the valid time).",
        },
        footer = {
            "",
            "Examples:",
            "  mnn discover --csv lorenz.csv --library poly:2 --threshold 0.1",
            "  mnn discover --csv runs.csv --time time --vars x,v --trajectory run \\",
            "      --input u --json model.json",
            "  mnn discover --csv data.csv --threshold rel:0.05 --holdout 0 --latex",
            "",
            "Exit codes: 0 done, 1 the discovery failed, 2 invalid input (options or data).",
        })
public final class DiscoverCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "The data: a CSV file with a header line.")
    Path csv;

    @Option(names = "--time", paramLabel = "COLUMN", description = "The time column (default: the column named t or time).")
    String time;

    @Option(names = "--vars", paramLabel = "X,Y,...", split = ",", hideParamSyntax = true,
            description = "The state variables, in this order (default: every other column).")
    List<String> variables;

    @Option(names = "--trajectory", paramLabel = "COLUMN",
            description = "A column naming each row's trajectory (experiment); trajectories are fitted together.")
    String trajectory;

    @Option(names = "--input", paramLabel = "U1,U2,...", split = ",", hideParamSyntax = true,
            description = "Measured external inputs (forcing, control): signals the terms may use, not modelled.")
    List<String> inputs;

    @Option(names = "--library", paramLabel = "SPEC", defaultValue = "poly:2",
            description = "Candidate terms: poly:D, poly:D:noconst, fourier:K and terms such as x*sin(y), "
                    + "comma separated (default: ${DEFAULT-VALUE}).")
    String library;

    @Option(names = "--threshold", paramLabel = "T", defaultValue = "0.1",
            description = "Sequential thresholding: drop terms with |coefficient| < T (SINDy's absolute rule), "
                    + "or rel:T to drop terms contributing less than T of their equation's RMS (default: ${DEFAULT-VALUE}).")
    String threshold;

    @Option(names = "--window", paramLabel = "N", defaultValue = "50",
            description = "Samples per NeuRLP window (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--holdout", paramLabel = "FRACTION", defaultValue = "0.2",
            description = "Fraction of every trajectory's end held out for the simulation score; 0 fits on "
                    + "everything and skips that score (default: ${DEFAULT-VALUE}).")
    double holdout;

    @Option(names = "--digits", paramLabel = "N", defaultValue = "4",
            description = "Decimals of the printed coefficients (default: ${DEFAULT-VALUE}); JSON keeps full precision.")
    int digits;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Save the model and scores as JSON (written only when the discovery succeeds).")
    Path json;

    @Option(names = "--latex", description = "Also print the equations as a LaTeX aligned block.")
    boolean latex;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Threshold t;
        try {
            t = parseThreshold(threshold);
        } catch (IllegalArgumentException e) {
            return usage(err, "invalid --threshold: " + e.getMessage());
        }
        if (window < 2) {
            return usage(err, "invalid --window: expected at least 2 samples, got " + window);
        }
        if (!(holdout >= 0 && holdout < 1)) {
            return usage(err, "invalid --holdout: expected a fraction in [0, 1), got " + holdout);
        }
        if (digits < 0 || digits > 17) {
            return usage(err, "invalid --digits: expected 0 to 17, got " + digits);
        }
        Path target = json == null ? null : json.toAbsolutePath();
        if (target != null && (target.getParent() == null || !Files.isDirectory(target.getParent()))) {
            return usage(err, "invalid --json: directory " + target.getParent() + " does not exist");
        }
        if (target != null && Files.isDirectory(target)) {
            return usage(err, "invalid --json: " + target + " is a directory");
        }
        if (!Files.isRegularFile(csv)) {
            return usage(err, "invalid --csv: " + csv + (Files.exists(csv) ? " is not a file" : " does not exist"));
        }

        Dataset data;
        DatasetSplit split = null;
        Dataset train;
        try {
            DataColumns columns = DataColumns.defaults().time(time).variables(variables).trajectory(trajectory)
                    .inputs(inputs);
            data = CsvDatasets.read(csv, columns);
            if (holdout > 0) {
                split = DatasetSplit.byTime(data, holdout);
                train = split.train();
            } else {
                train = data;
            }
            Library lib;
            try {
                lib = Library.parse(library, data.signals());
            } catch (IllegalArgumentException e) {
                return usage(err, "invalid --library: " + e.getMessage());
            }
            DataChecks.requireRowsForTerms(train, lib, library, holdout > 0 ? "training rows" : "rows");
        } catch (DataException e) {
            // the message names the file, line and column: as it is
            return usage(err, e.getMessage());
        } catch (IllegalArgumentException e) {
            return usage(err, "invalid data: " + e.getMessage());
        } catch (UncheckedIOException e) {
            return usage(err, "could not read " + csv + ": " + e.getCause().getMessage());
        }

        DiscoveredModel model;
        try {
            model = Discovery.builder().library(library).threshold(t).window(window).build().fit(train);
        } catch (IllegalArgumentException e) {
            return usage(err, "invalid input: " + e.getMessage());
        } catch (RuntimeException e) {
            return failure(err, "discovery failed: " + e.getMessage());
        }
        Scores scores = split != null ? Scores.of(model, split) : Scores.of(model, train);

        for (String line : model.equations(digits)) {
            out.println(line);
        }
        if (latex) {
            out.println(model.latex(digits));
        }
        int runs = data.trajectories().size();
        out.printf("data: %s, %d rows in %d %s; fitted on %d rows, library %s (%d terms), threshold %s,"
                        + " %d terms found%n", csv, data.totalPoints(), runs, runs == 1 ? "trajectory" : "trajectories",
                train.totalPoints(), library, model.library().size(), t, model.termCount());
        for (String line : scores.describe(4)) {
            out.println(line);
        }
        out.flush();
        if (target != null) {
            try {
                writeAtomically(model.toJson(scores), target);
            } catch (IOException e) {
                return failure(err, "could not write " + target + ": " + e.getMessage());
            }
        }
        return CommandLine.ExitCode.OK;
    }

    /** {@code 0.1} (absolute) or {@code rel:0.05} / {@code abs:0.1}. */
    static Threshold parseThreshold(String text) {
        String s = text.strip();
        boolean relative = false;
        if (s.startsWith("rel:")) {
            relative = true;
            s = s.substring(4);
        } else if (s.startsWith("abs:")) {
            s = s.substring(4);
        }
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number T, abs:T or rel:T, got '" + text + "'");
        }
        return relative ? Threshold.relative(v) : Threshold.absolute(v);
    }

    private int usage(PrintWriter err, String message) {
        err.println(spec.qualifiedName() + ": " + message);
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    private int failure(PrintWriter err, String message) {
        err.println(spec.qualifiedName() + ": " + message);
        err.flush();
        return CommandLine.ExitCode.SOFTWARE;
    }

    /** Writes to a temporary file next to {@code target} and moves it into place. */
    private static void writeAtomically(String text, Path target) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
