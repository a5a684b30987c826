package org.mnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mnn.ode.InvalidProblemException;
import org.mnn.ode.TimeGrid;
import org.mnn.ode.text.OdeSystem;
import org.mnn.solver.IllPosedProblemException;
import org.mnn.solver.NonConvergenceException;
import org.mnn.solver.NonlinearOptions;
import org.mnn.solver.NonlinearSolution;
import org.mnn.solver.TextProblem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mnn solve}: solves an ODE given as text with NeuRLP (linear: one solve; nonlinear:
 * iterated linearisation, see {@link org.mnn.solver.NonlinearOdeSolver}) and writes the solution as CSV.
 */
@Command(name = "solve",
        description = {
            "Solve an ODE initial value problem with NeuRLP and write the solution as CSV.",
            "",
            "Columns: t, then every variable and its derivatives up to its order, e.g. t,x,x',x'' "
                + "for x'' + x = 0. Nonlinear equations are solved by iterated linearisation "
                + "(Gauss-Newton on the collocation system, started from a Runge-Kutta pass).",
        },
        footer = {
            "",
            "Examples:",
            "  mnn solve --ode \"x'' + x = 0\" --init \"x(0) = 0, x'(0) = 1\" --t 0:10:0.01",
            "  mnn solve --ode \"x' = s*(y - x); y' = x*(r - z) - y; z' = x*y - b*z\" \\",
            "      --init \"x(0) = -8, y(0) = 8, z(0) = 27\" --t 0:2:0.0025 \\",
            "      --param s=10 --param r=28 --param b=2.6666666666666665 --out lorenz.csv",
            "",
            "Exit codes: 0 solved, 1 the solve failed, 2 invalid input.",
        })
public final class SolveCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--ode", required = true, paramLabel = "TEXT",
            description = "The equations, one per line or separated by ';' (e.g. \"x'' + 0.1*x' + x = cos(t)\").")
    String ode;

    @Option(names = "--init", required = true, paramLabel = "TEXT",
            description = "Initial values at the grid start, e.g. \"x(0) = 1, x'(0) = 0\".")
    String init;

    @Option(names = "--t", required = true, paramLabel = "START:STOP:STEP",
            description = "The time grid: START, START+STEP, ... up to STOP (a last shorter step if STEP does not divide).")
    String grid;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE.csv",
            description = "Write the CSV here (replaced only when the solve succeeds) instead of standard output.")
    Path out;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", split = ",",
            description = "Value of a named constant in the equations (repeatable, or comma separated).")
    Map<String, Double> params = new LinkedHashMap<>();

    @Option(names = "--tol", paramLabel = "TOL", defaultValue = "1e-10",
            description = "Nonlinear solves: relative max-norm update at which to stop (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--max-iter", paramLabel = "N", defaultValue = "50",
            description = "Nonlinear solves: linear solves allowed per run (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @Option(names = "--solver", paramLabel = "NAME", defaultValue = "${sys:mnn.solver:-cpu}",
            description = "The linear NeuRLP solver: cpu (plain Java, banded; the default, or the system "
                + "property mnn.solver), nd4j (ND4J tensor operations on ND4J's backend, CPU or CUDA), "
                + "or cuda (NVIDIA GPUs, with the mnn-cuda jar on the class path); same results.")
    String solver;

    @Option(names = {"-v", "--verbose"},
            description = "Print how the solve went (iterations, update, residual) to standard error.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName();
        TextProblem problem;
        NonlinearOptions options;
        try {
            problem = TextProblem.parse(ode, init, grid, params);
            options = TextProblem.options(tolerance, maxIterations);
            try {
                options = options.withSolver(solver);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new TextProblem.InvalidInputException("--solver", e.getMessage().replaceFirst("^solver: ", ""), e);
            }
        } catch (TextProblem.InvalidInputException e) {
            // the parsers' messages for --ode and --init span lines (the text with a caret)
            String sep = e.option().equals("--ode") || e.option().equals("--init") ? ":\n" : ": ";
            if (e.option().equals("--tol") || e.option().equals("--max-iter")) {
                return usage(err, name + ": invalid option: " + e.detail());
            }
            return usage(err, name + ": invalid " + e.option() + sep + e.detail());
        }
        OdeSystem system = problem.system();
        Path target = out == null ? null : out.toAbsolutePath();
        if (target != null && (target.getParent() == null || !Files.isDirectory(target.getParent()))) {
            return usage(err, name + ": invalid --out: directory " + target.getParent() + " does not exist");
        }
        if (target != null && Files.isDirectory(target)) {
            return usage(err, name + ": invalid --out: " + target + " is a directory");
        }

        NonlinearSolution solution;
        try {
            solution = problem.solve(options);
        } catch (InvalidProblemException e) {
            return usage(err, name + ": invalid problem: " + e.getMessage());
        } catch (NonConvergenceException | IllPosedProblemException e) {
            err.println(name + ": solve failed: " + e.getMessage());
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        }
        if (verbose) {
            err.println(summary(system, solution));
            err.flush();
        }
        try {
            if (target == null) {
                PrintWriter stdout = spec.commandLine().getOut();
                writeCsv(system, solution, stdout);
                stdout.flush();
                if (stdout.checkError()) {
                    err.println(name + ": error: could not write to standard output");
                    return CommandLine.ExitCode.SOFTWARE;
                }
            } else {
                AtomicFiles.write(target, w -> writeCsv(system, solution, w));
            }
        } catch (IOException e) {
            err.println(name + ": error: could not write " + target + ": " + e.getMessage());
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        }
        return CommandLine.ExitCode.OK;
    }

    private static int usage(PrintWriter err, String message) {
        err.println(message);
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    private static String summary(OdeSystem system, NonlinearSolution s) {
        if (system.isLinear()) {
            return String.format(Locale.ROOT, "linear system: one NeuRLP solve on %d points, equation residual %.3e",
                    s.grid().points(), s.residualNorm());
        }
        return String.format(Locale.ROOT, "nonlinear system: %d iterations on %d points (%d linear solves in %d runs), "
                        + "last relative update %.3e%s, equation residual %.3e (max %.3e)",
                s.iterations(), s.grid().points(), s.totalIterations(), s.windows(), s.updateNorm(),
                s.stalled() ? " (rounding-noise floor)" : "", s.residualNorm(), s.maxResidual());
    }

    /**
     * Header {@code t,x,x',...} (every variable with derivatives 0..its order), then one row per
     * grid point, numbers in Java's shortest round-trip form.
     */
    static void writeCsv(OdeSystem system, NonlinearSolution solution, Writer w) throws IOException {
        StringBuilder sb = new StringBuilder(String.join(",", TextProblem.columns(system)));
        w.write(sb.append('\n').toString());
        TimeGrid grid = solution.grid();
        for (int s = 0; s < grid.points(); s++) {
            sb.setLength(0);
            sb.append(grid.time(s));
            for (int d = 0; d < system.dims(); d++) {
                for (int k = 0; k <= system.order(d); k++) {
                    sb.append(',').append(solution.u(s, d, k));
                }
            }
            w.write(sb.append('\n').toString());
        }
    }
}
