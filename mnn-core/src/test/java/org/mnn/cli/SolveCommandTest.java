package org.mnn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnn.ode.TimeGrid;
import org.mnn.ode.text.InitialConditions;
import org.mnn.ode.text.OdeParser;
import org.mnn.ode.text.OdeSystem;
import org.mnn.solver.NonlinearOdeSolver;
import org.mnn.solver.NonlinearOptions;
import org.mnn.solver.NonlinearSolution;
import picocli.CommandLine;

/** {@code mnn solve} and the top command, run in-process through picocli with captured streams. */
class SolveCommandTest {
    private static final String LORENZ = "x' = s*(y - x); y' = x*(r - z) - y; z' = x*y - b*z";

    record Result(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        /** Neither a Java stack trace nor an exception class name leaked to the user. */
        void assertNoStackTrace() {
            assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
            assertThat(out).doesNotContain("\tat ").doesNotContain("Exception");
        }
    }

    static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static double[] row(String line) {
        return Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    @Test
    void nd4jSolverGivesTheSameCsv() {
        String[] args = {"solve", "--ode", "x'' + 0.1*x' + x = sin(t)", "--init", "x(0) = 0, x'(0) = 1", "--t", "0:5:0.05"};
        Result cpu = run(args);
        String[] nd4jArgs = Arrays.copyOf(args, args.length + 2);
        nd4jArgs[args.length] = "--solver";
        nd4jArgs[args.length + 1] = "nd4j";
        Result nd4j = run(nd4jArgs);
        assertThat(cpu.code()).as(cpu.err()).isZero();
        assertThat(nd4j.code()).as(nd4j.err()).isZero();
        List<String> a = cpu.lines();
        List<String> b = nd4j.lines();
        assertThat(b).hasSameSizeAs(a);
        assertThat(b.get(0)).isEqualTo(a.get(0));
        for (int i = 1; i < a.size(); i++) {
            double[] x = row(a.get(i));
            double[] y = row(b.get(i));
            for (int j = 0; j < x.length; j++) {
                assertThat(y[j]).as("row %d column %d", i, j).isCloseTo(x[j], within(1e-9 * (1 + Math.abs(x[j]))));
            }
        }
        Result bad = run("solve", "--ode", "x' = -x", "--init", "x(0) = 1", "--t", "0:1:0.1", "--solver", "gpu");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("invalid --solver").contains("expected one of cpu, nd4j, dense");
        bad.assertNoStackTrace();
    }

    @Test
    void harmonicOscillatorAsCsv() {
        Result r = run("solve", "--ode", "x'' + x = 0", "--init", "x(0) = 0, x'(0) = 1", "--t", "0:10:0.01");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        List<String> lines = r.lines();
        assertThat(lines.get(0)).isEqualTo("t,x,x',x''");
        assertThat(lines).hasSize(1 + 1001);
        for (String line : lines.subList(1, lines.size())) {
            double[] v = row(line);
            assertThat(v).hasSize(4);
            // full precision: every number is Java's shortest round-trip form
            for (String token : line.split(",")) {
                assertThat(Double.toString(Double.parseDouble(token))).isEqualTo(token);
            }
            double t = v[0];
            // NeuRLP (central rows, alpha = 0) reaches about 1.6e-4 at h = 0.01 on [0, 10] (method.md)
            assertThat(v[1]).isCloseTo(Math.sin(t), within(2.5e-4));
            assertThat(v[2]).isCloseTo(Math.cos(t), within(2.5e-4));
            assertThat(v[3]).isCloseTo(-Math.sin(t), within(2.5e-4));
        }
        assertThat(row(lines.get(lines.size() - 1))[0]).isEqualTo(10.0);
    }

    @Test
    void lorenzIsSolvedNonlinearly(@TempDir Path dir) throws Exception {
        String[] args = {"solve", "--ode", LORENZ, "--init", "x(0) = -8, y(0) = 8, z(0) = 27", "--t", "0:2:0.0025",
            "--param", "s=10,r=28", "-p", "b=" + (8.0 / 3), "--verbose"};
        Result r = run(args);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("nonlinear system:").containsPattern("\\d+ iterations on 801 points");
        List<String> lines = r.lines();
        assertThat(lines.get(0)).isEqualTo("t,x,x',y,y',z,z'");
        assertThat(lines).hasSize(802);

        // the same numbers as the library
        OdeSystem system = OdeParser.parse(LORENZ, Map.of("s", 10.0, "r", 28.0, "b", 8.0 / 3));
        NonlinearSolution sol = new NonlinearOdeSolver(NonlinearOptions.defaults())
                .solve(system, InitialConditions.parse("x(0) = -8, y(0) = 8, z(0) = 27", system), TimeGrid.parse("0:2:0.0025"));
        double[] last = row(lines.get(801));
        assertThat(last).containsExactly(2.0, sol.u(800, 0, 0), sol.u(800, 0, 1), sol.u(800, 1, 0), sol.u(800, 1, 1),
                sol.u(800, 2, 0), sol.u(800, 2, 1));

        // and close to Dormand-Prince (the NeuRLP error at h = 0.0025 is 4.8e-2 on [0, 2])
        OrdinaryDifferentialEquation lorenz = new OrdinaryDifferentialEquation() {
            @Override public int getDimension() { return 3; }
            @Override public double[] computeDerivatives(double t, double[] y) {
                return new double[] {10 * (y[1] - y[0]), y[0] * (28 - y[2]) - y[1], y[0] * y[1] - 8.0 / 3 * y[2]};
            }
        };
        double[] ref = new DormandPrince853Integrator(1e-12, 1, 1e-12, 1e-10)
                .integrate(lorenz, new ODEState(0, new double[] {-8, 8, 27}), 2).getPrimaryState();
        assertThat(last[1]).isCloseTo(ref[0], within(0.07));
        assertThat(last[3]).isCloseTo(ref[1], within(0.07));
        assertThat(last[5]).isCloseTo(ref[2], within(0.07));

        // --out writes the same CSV, nothing on stdout
        Path file = dir.resolve("lorenz.csv");
        String[] withOut = Arrays.copyOf(args, args.length + 2);
        withOut[args.length] = "--out";
        withOut[args.length + 1] = file.toString();
        Result toFile = run(withOut);
        assertThat(toFile.code()).isZero();
        assertThat(toFile.out()).isEmpty();
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(r.out());
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void odeSyntaxErrorShowsThePlaceAndExits2() {
        Result r = run("solve", "--ode", "x'' + = 0", "--init", "x(0) = 1", "--t", "0:1:0.1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("invalid --ode").contains("line 1, column 7")
                .contains("\nx'' + = 0\n      ^");
        r.assertNoStackTrace();
    }

    @Test
    void initialConditionErrorExits2() {
        Result r = run("solve", "--ode", "x'' + x = 0", "--init", "x(0) = 1, y(0) = 2", "--t", "0:1:0.1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("invalid --init").contains("unknown variable y").contains("^");
        r.assertNoStackTrace();
    }

    @Test
    void gridErrorsExit2() {
        String[][] cases = {
            {"0:1", "expected START:STOP:STEP"},
            {"0:one:0.1", "STOP 'one' is not a number"},
            {"0:1:0", "STEP must be positive"},
            {"0:1:-0.5", "STEP must be positive"},
            {"2:1:0.1", "STOP must be greater than START"},
            {"0:1e9:0.01", "more than the limit of 50000000"},
        };
        for (String[] c : cases) {
            Result r = run("solve", "--ode", "x' = -x", "--init", "x(0) = 1", "--t", c[0]);
            assertThat(r.code()).as(c[0]).isEqualTo(2);
            assertThat(r.err()).as(c[0]).contains("invalid --t").contains(c[1]);
            assertThat(r.out()).isEmpty();
            r.assertNoStackTrace();
        }
    }

    @Test
    void initialTimeOtherThanGridStartExits2() {
        Result r = run("solve", "--ode", "x' = -x", "--init", "x(1) = 1", "--t", "0:1:0.1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("initial conditions are given at t = 1.0").contains("starts at t = 0.0");
        r.assertNoStackTrace();
    }

    @Test
    void badOptionsExit2() {
        Result param = run("solve", "--ode", "x' = a*x", "--init", "x(0) = 1", "--t", "0:1:0.1", "--param", "a=abc");
        assertThat(param.code()).isEqualTo(2);
        assertThat(param.err()).contains("--param").contains("'abc' is not a double");
        Result missing = run("solve", "--ode", "x' = -x", "--t", "0:1:0.1");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required option: '--init=TEXT'");
        Result tol = run("solve", "--ode", "x' = -x", "--init", "x(0) = 1", "--t", "0:1:0.1", "--tol", "-1");
        assertThat(tol.code()).isEqualTo(2);
        assertThat(tol.err()).contains("tolerance");
        Result dir = run("solve", "--ode", "x' = -x", "--init", "x(0) = 1", "--t", "0:1:0.1", "--out", "/no/such/dir/x.csv");
        assertThat(dir.code()).isEqualTo(2);
        assertThat(dir.err()).contains("invalid --out").contains("does not exist");
    }

    @Test
    void failedSolveExits1AndWritesNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out.csv");
        Result r = run("solve", "--ode", "x' = x^2", "--init", "x(0) = 1", "--t", "0:2:0.01", "--out", file.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("solve failed").contains("converged up to t = ").contains("misses the initial value of x");
        r.assertNoStackTrace();
        assertThat(file).doesNotExist();

        // an existing file is left as it was
        Files.writeString(file, "previous");
        Result again = run("solve", "--ode", "x' = x^2", "--init", "x(0) = 1", "--t", "0:2:0.01", "--out", file.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(Files.readString(file)).isEqualTo("previous");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(file);
        }

        Result iterations = run("solve", "--ode", LORENZ, "--init", "x(0) = -8, y(0) = 8, z(0) = 27", "--t", "0:2:0.01",
                "--param", "s=10,r=28,b=2.6666666666666665", "--max-iter", "1");
        assertThat(iterations.code()).isEqualTo(1);
        assertThat(iterations.err()).contains("after 1 iteration").contains("largest in");
        assertThat(iterations.out()).isEmpty();
    }

    @Test
    void helpAndVersionOnEveryCommand() {
        Result top = run("--help");
        assertThat(top.code()).isZero();
        assertThat(top.out()).contains("Usage: mnn").contains("solve");
        Result version = run("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).contains("mnn " + Main.VERSION);
        // every command at every depth (bench solver, demo lorenz, ...): a help text with an
        // unescaped '%' would fail here, as picocli formats it
        java.util.Deque<java.util.List<String>> paths = new java.util.ArrayDeque<>();
        java.util.Deque<picocli.CommandLine> commands = new java.util.ArrayDeque<>();
        paths.push(java.util.List.of());
        commands.push(Main.commandLine());
        int checked = 0;
        while (!commands.isEmpty()) {
            picocli.CommandLine command = commands.pop();
            java.util.List<String> path = paths.pop();
            for (var sub : command.getSubcommands().entrySet()) {
                java.util.List<String> subPath = new java.util.ArrayList<>(path);
                subPath.add(sub.getKey());
                java.util.List<String> args = new java.util.ArrayList<>(subPath);
                args.add("--help");
                Result help = run(args.toArray(String[]::new));
                String name = String.join(" ", subPath);
                assertThat(help.code()).as(name).isZero();
                assertThat(help.out()).as(name).contains("Usage: mnn " + name);
                checked++;
                paths.push(subPath);
                commands.push(sub.getValue());
            }
        }
        assertThat(checked).isGreaterThan(Main.commandLine().getSubcommands().size());
        Result solveHelp = run("solve", "--help");
        assertThat(solveHelp.out()).contains("--ode").contains("--init").contains("--t=START:STOP:STEP")
                .contains("--out").contains("--param");
        assertThat(run("solve", "--version").out()).contains("mnn " + Main.VERSION);
        Result none = run();
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("missing command").contains("Usage: mnn");
        Result unknown = run("bogus");
        assertThat(unknown.code()).isEqualTo(2);
    }
}
