package org.mnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mnn.bench.AccuracyStudy;
import org.mnn.bench.DiscoveryBenchmark;
import org.mnn.bench.MachineFacts;
import org.mnn.bench.SolverBenchmark;
import org.mnn.bench.SolverBenchmark.GridResult;
import org.mnn.bench.SolverBenchmark.TargetResult;
import org.mnn.solver.BatchParallel;
import org.mnn.solver.OdeSolver;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mnn bench}: the solver benchmark ({@code solver}) and the accuracy study
 * ({@code accuracy}). Exit codes as everywhere: 0 done, 1 a failure while running or writing,
 * 2 invalid options.
 */
@Command(name = "bench",
        description = "Benchmarks: solver time and memory, and accuracy against the exact solution.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {
            BenchCommand.Solver.class,
            BenchCommand.Accuracy.class,
            BenchCommand.Discover.class,
        },
        footer = {"", "Exit codes: 0 done, 1 a run or write failed, 2 invalid options."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code mnn bench} without a subcommand: usage on stderr, exit 2. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println(spec.qualifiedName() + ": missing command (solver or accuracy)");
        spec.commandLine().usage(err);
        return CommandLine.ExitCode.USAGE;
    }

    private static int usage(PrintWriter err, String message) {
        err.println(message);
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    /** An output file's directory must exist and the file must not be a directory; null when fine. */
    private static String badOutput(Path file) {
        Path target = file.toAbsolutePath();
        if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            return "directory " + target.getParent() + " does not exist";
        }
        if (Files.isDirectory(target)) {
            return target + " is a directory";
        }
        return null;
    }

    /** {@code mnn bench solver}. */
    @Command(name = "solver",
            description = {
                "Time and memory of the NeuRLP solver over a grid of B, N and (D, R), then the targets.",
                "",
                "Forward, and forward + backward with the factors kept, of the banded solver over batch sizes B, "
                    + "grid sizes N and (D, R), with the dense reference at N <= 400, then the issue's targets.",
                "",
                "Grid: B in {1, 64, 512}, N in {50, 200, 1000, 10000, 100000}, (D, R) in {(1, 2), (3, 2)}; "
                    + "--quick: B in {1, 64}, N in {50, 1000}, (1, 2), no targets unless --targets. "
                    + "Memory per cell: the solver's own arrays (counted) and the live heap the cell leaves "
                    + "(measured after a GC, with the solver and its last solution held).",
            },
            footer = {
                "",
                "Examples:",
                "  mnn bench solver --quick",
                "  mnn bench solver --threads 2 --max-seconds 30 --out bench.md",
                "  mnn bench solver --solver nd4j --quick",
                "",
                "Run on a quiet machine: other load distorts the timings. Exit codes: 0 done, 1 a write failed, "
                    + "2 invalid options.",
            })
    static final class Solver implements Callable<Integer> {
        static final int[] BATCHES = {1, 64, 512};
        static final int[] POINTS = {50, 200, 1000, 10_000, 100_000};
        static final int[][] DIMS_ORDERS = {{1, 2}, {3, 2}};
        static final int[] QUICK_BATCHES = {1, 64};
        static final int[] QUICK_POINTS = {50, 1000};
        static final int[][] QUICK_DIMS_ORDERS = {{1, 2}};

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--quick", description = "A reduced grid (a few seconds); the targets only with --targets.")
        boolean quick;

        @Option(names = "--targets", description = "With --quick: run the targets as well (a full run always does).")
        boolean targets;

        @Option(names = "--solver", paramLabel = "NAME", defaultValue = "cpu",
                description = "The solver under test: cpu (plain Java, banded; the default), nd4j (ND4J tensor "
                    + "operations on ND4J's backend; on the CPU backend this measures dispatch cost) or cuda "
                    + "(NVIDIA GPUs, with the mnn-cuda jar on the class path). Other than cpu, a full run skips "
                    + "the targets unless --targets is given.")
        String solver;

        @Option(names = "--threads", paramLabel = "N",
                description = "Solver threads (system property mnn.threads; default: all cores). Takes effect only "
                    + "if no solve ran before in this JVM, which is always the case from the command line.")
        Integer threads;

        @Option(names = "--max-seconds", paramLabel = "S", defaultValue = "60",
                description = "Skip grid cells estimated to take longer than this (default: ${DEFAULT-VALUE}).")
        double maxSeconds;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE.md", description = "Also write the tables as Markdown.")
        Path out;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            String name = spec.qualifiedName();
            if (threads != null && threads < 1) {
                return usage(err, name + ": invalid --threads: expected a thread count >= 1, got " + threads);
            }
            if (!(maxSeconds > 0) || Double.isInfinite(maxSeconds)) {
                return usage(err, name + ": invalid --max-seconds: expected seconds > 0, got " + maxSeconds);
            }
            String solverName = solver == null ? "" : solver.trim().toLowerCase(java.util.Locale.ROOT);
            if (!OdeSolver.names().contains(solverName) || solverName.equals("dense")) {
                List<String> names = new java.util.ArrayList<>(OdeSolver.names());
                names.remove("dense");
                return usage(err, name + ": invalid --solver: expected one of " + String.join(", ", names)
                        + ", got '" + solver + "'");
            }
            if (out != null && badOutput(out) != null) {
                return usage(err, name + ": invalid --out: " + badOutput(out));
            }
            // BatchParallel reads mnn.threads once, when the class initialises: set it before any
            // solver class is used (nothing above touches one)
            applyThreads(err);

            PrintWriter stdout = spec.commandLine().getOut();
            MachineFacts machine = MachineFacts.current();
            stdout.println("machine:");
            for (String line : machine.lines()) {
                stdout.println("  " + line);
            }
            stdout.println();
            SolverBenchmark bench = new SolverBenchmark(stdout, maxSeconds, quick ? 0.2 : 1.0, solverName);
            bench.header();
            GridResult grid = quick ? bench.grid(QUICK_BATCHES, QUICK_POINTS, QUICK_DIMS_ORDERS)
                    : bench.grid(BATCHES, POINTS, DIMS_ORDERS);
            boolean runTargets = targets || (!quick && solverName.equals("cpu"));
            TargetResult targetResult = runTargets ? bench.targets() : null;
            if (!quick && !runTargets) {
                stdout.println();
                stdout.println("targets: skipped for --solver " + solverName + " (issue 2's targets are the cpu solver's;"
                        + " add --targets to run them)");
            }
            stdout.flush();
            if (out != null) {
                Path target = out.toAbsolutePath();
                try {
                    Files.writeString(target, SolverBenchmark.markdown(machine, grid, targetResult,
                            bench.solverDescription()), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    err.println(name + ": error: could not write " + target + ": " + e.getMessage());
                    err.flush();
                    return CommandLine.ExitCode.SOFTWARE;
                }
                err.println("wrote " + target);
                err.flush();
            }
            return CommandLine.ExitCode.OK;
        }

        private void applyThreads(PrintWriter err) {
            if (threads == null) {
                return;
            }
            String previous = System.getProperty("mnn.threads");
            System.setProperty("mnn.threads", Integer.toString(threads));
            int actual;
            try {
                actual = BatchParallel.threads(); // initialises BatchParallel with the property
            } finally {
                if (previous == null) {
                    System.clearProperty("mnn.threads");
                } else {
                    System.setProperty("mnn.threads", previous);
                }
            }
            if (actual != threads) {
                err.printf("%s: note: the solver's thread count was fixed at %d earlier in this JVM; --threads %d "
                        + "has no effect%n", spec.qualifiedName(), actual, threads);
                err.flush();
            }
        }
    }

    /** {@code mnn bench accuracy}. */
    @Command(name = "accuracy",
            description = {
                "Error versus step on u'' + u = 0 in both configurations, next to method.md; a log-log chart.",
                "",
                "Error versus step of NeuRLP on u'' + u = 0, u(0) = 0, u'(0) = 1, t in [0, 10] (max |u - sin t|) "
                    + "for h in {0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001}, in the default configuration and "
                    + "without slack or central rows, next to method.md's published numbers (h >= 0.01).",
            },
            footer = {
                "",
                "Examples:",
                "  mnn bench accuracy",
                "  mnn bench accuracy --png docs/error-vs-h.png",
                "",
                "The chart is rendered headless; it needs fontconfig and a font (Debian: fontconfig "
                    + "fonts-dejavu-core). Exit codes: 0 done, 1 the chart could not be written, 2 invalid options.",
            })
    static final class Accuracy implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--png", paramLabel = "FILE.png", description = "Also draw the log-log chart as a PNG.")
        Path png;

        @Option(names = "--width", paramLabel = "PX", defaultValue = "900",
                description = "Chart width in pixels (default: ${DEFAULT-VALUE}).")
        int width;

        @Option(names = "--height", paramLabel = "PX", defaultValue = "600",
                description = "Chart height in pixels (default: ${DEFAULT-VALUE}).")
        int height;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            String name = spec.qualifiedName();
            if (width < 200 || width > 8000 || height < 200 || height > 8000) {
                return usage(err, name + ": invalid --width/--height: expected 200 to 8000 pixels, got "
                        + width + " x " + height);
            }
            if (png != null && badOutput(png) != null) {
                return usage(err, name + ": invalid --png: " + badOutput(png));
            }
            List<AccuracyStudy.Row> rows = AccuracyStudy.run();
            PrintWriter stdout = spec.commandLine().getOut();
            AccuracyStudy.printTable(rows, stdout);
            if (png != null) {
                Path target = png.toAbsolutePath();
                try {
                    AccuracyStudy.writePng(rows, target, width, height);
                } catch (IOException e) {
                    err.println(name + ": error: could not write " + target + ": " + e.getMessage());
                    err.flush();
                    return CommandLine.ExitCode.SOFTWARE;
                } catch (RuntimeException | LinkageError | InternalError | java.awt.AWTError e) {
                    // headless AWT without fontconfig or fonts fails inside the font system
                    err.println(name + ": error: could not render the chart (" + e + "); headless charts need "
                            + "fontconfig and a font, e.g. apt-get install fontconfig fonts-dejavu-core");
                    err.flush();
                    return CommandLine.ExitCode.SOFTWARE;
                }
                err.println("wrote " + target);
                err.flush();
            }
            return CommandLine.ExitCode.OK;
        }
    }

    /** {@code mnn bench discovery}. */
    @Command(name = "discovery",
            description = {
                "Discovery accuracy and speed against the SINDy baseline on systems with known equations.",
                "",
                "For every system, noise level and seed (Gaussian noise of the given fraction of each coordinate's "
                    + "standard deviation), the SINDy baseline (finite differences, PySINDy's defaults), SINDy with "
                    + "smoothing, the MNN's selection stage alone and the full MNN run on the same data; one table row "
                    + "per method with exact supports, median and worst max relative error, and seconds per run.",
            },
            footer = {
                "",
                "Examples:",
                "  mnn bench discovery                       # Lorenz at 0, 1, 5, 10%% noise, 10 seeds, and the others",
                "  mnn bench discovery --systems lorenz --noise 0.05 --seeds 3",
                "",
                "Systems: lorenz, damped-oscillator, lotka-volterra, van-der-pol, roessler. Exit codes: 0 done, 2 invalid options.",
            })
    static final class Discover implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--systems", split = ",", paramLabel = "NAME",
                defaultValue = "lorenz,damped-oscillator,lotka-volterra,van-der-pol,roessler",
                description = "Systems to run (default: ${DEFAULT-VALUE}).")
        List<String> systems;

        @Option(names = "--noise", split = ",", paramLabel = "FRACTION", defaultValue = "0,0.01,0.05,0.1",
                description = "Noise levels as fractions of each coordinate's standard deviation (default: ${DEFAULT-VALUE}).")
        List<Double> noise;

        @Option(names = "--seeds", paramLabel = "N", defaultValue = "10",
                description = "Noise seeds per level (default: ${DEFAULT-VALUE}).")
        int seeds;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE.md", description = "Also write the table as Markdown.")
        Path out;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            String name = spec.qualifiedName();
            if (seeds < 1) {
                return usage(err, name + ": invalid --seeds: expected at least 1, got " + seeds);
            }
            for (double n : noise) {
                if (!(n >= 0 && n <= 1)) {
                    return usage(err, name + ": invalid --noise: expected fractions from 0 to 1, got " + n);
                }
            }
            if (out != null && badOutput(out) != null) {
                return usage(err, name + ": invalid --out: " + badOutput(out));
            }
            List<org.mnn.demo.KnownSystem> chosen = new java.util.ArrayList<>();
            for (String s : systems) {
                try {
                    chosen.add(org.mnn.demo.KnownSystem.byName(s.strip()));
                } catch (IllegalArgumentException e) {
                    return usage(err, name + ": invalid --systems: " + e.getMessage());
                }
            }
            PrintWriter stdout = spec.commandLine().getOut();
            String machine = String.join("\n", MachineFacts.current().lines());
            stdout.println(machine);
            stdout.println(DiscoveryBenchmark.header());
            stdout.flush();
            List<DiscoveryBenchmark.Row> rows = DiscoveryBenchmark.run(chosen,
                    noise.stream().mapToDouble(Double::doubleValue).toArray(), seeds, DiscoveryBenchmark.methods(), stdout);
            if (out != null) {
                StringBuilder md = new StringBuilder(machine).append("\n\n")
                        .append(DiscoveryBenchmark.header()).append('\n');
                rows.forEach(r -> md.append(DiscoveryBenchmark.format(r)).append('\n'));
                java.nio.file.Files.writeString(out, md);
                err.println("wrote " + out.toAbsolutePath());
                err.flush();
            }
            return CommandLine.ExitCode.OK;
        }
    }
}
