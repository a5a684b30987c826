package org.mnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mnn.discover.DiscoveredModel;
import org.mnn.discover.Discovery;
import org.mnn.discover.DiscoveryRequest;
import org.mnn.discover.Scores;
import org.mnn.discover.data.CsvDatasets;
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

    @Option(names = "--threshold", paramLabel = "T", defaultValue = DiscoveryRequest.DEFAULT_THRESHOLD,
            description = "Sequential thresholding: rel:T drops terms contributing less than T of their equation's "
                    + "RMS (scale-free), T or abs:T drops terms with |coefficient| < T (SINDy's rule, in the data's "
                    + "units) (default: ${DEFAULT-VALUE}).")
    String threshold;

    @Option(names = "--window", paramLabel = "N", defaultValue = "50",
            description = "Samples per NeuRLP window of the selection stage; the refinement grows it while the fit "
                    + "stays at the noise floor (default: ${DEFAULT-VALUE}).")
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
        DiscoveryRequest request;
        try {
            request = DiscoveryRequest.of(library, threshold, window, holdout);
        } catch (DiscoveryRequest.InvalidOptionException e) {
            return usage(err, e.getMessage());
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

        DiscoveryRequest.Result result;
        try {
            DataColumns columns = DataColumns.defaults().time(time).variables(variables).trajectory(trajectory)
                    .inputs(inputs);
            result = request.run(CsvDatasets.read(csv, columns));
        } catch (DataException | DiscoveryRequest.InvalidOptionException e) {
            // the message names the file, line and column, or the option: as it is
            return usage(err, e.getMessage());
        } catch (UncheckedIOException e) {
            return usage(err, "could not read " + csv + ": " + e.getCause().getMessage());
        } catch (IllegalArgumentException e) {
            return usage(err, "invalid input: " + e.getMessage());
        } catch (RuntimeException e) {
            return failure(err, "discovery failed: " + e.getMessage());
        }
        DiscoveredModel model = result.model();
        for (String line : model.equations(digits)) {
            out.println(line);
        }
        if (latex) {
            out.println(model.latex(digits));
        }
        for (String line : result.report(4)) {
            out.println(line);
        }
        out.flush();
        if (target != null) {
            try {
                String text = model.toJson(result.scores());
                AtomicFiles.write(target, w -> w.write(text));
            } catch (IOException e) {
                return failure(err, "could not write " + target + ": " + e.getMessage());
            }
        }
        return CommandLine.ExitCode.OK;
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
}
