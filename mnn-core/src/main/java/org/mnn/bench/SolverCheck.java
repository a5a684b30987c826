package org.mnn.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.mnn.ode.OdeBatch;
import org.mnn.solver.BandedNeuRlpSolver;
import org.mnn.solver.BatchParallel;
import org.mnn.solver.Gradients;
import org.mnn.solver.NeuRlpOptions;
import org.mnn.solver.OdeSolver;
import org.mnn.solver.OdeSolverProvider;
import org.mnn.solver.RowFamily;
import org.mnn.solver.Solution;
import org.mnn.solver.nd4j.Nd4jBackendInfo;

/**
 * A solver against the CPU solver (the check {@code bench/gpu-check.sh} and
 * {@code bench/cuda-check.sh} run on a GPU machine): equality of values, slack and every gradient
 * on random problems (orders 1-3, D = 1-3, constant and per-step coefficients, shared and
 * per-item steps, periodic rows, every option configuration, B up to 512), then forward +
 * backward times of both solvers as a Markdown table. The solver is {@code nd4j} (on whatever
 * ND4J backend is loaded) unless {@code --solver} names another ({@link OdeSolver#names()}).
 *
 * <pre>
 *   java -cp ... org.mnn.bench.SolverCheck [--solver NAME] [--equality] [--time] [--sizes B:N,B:N,...] [--tolerance 1e-9]
 * </pre>
 * Without {@code --equality} or {@code --time} both run. Exit code 0 when every difference is
 * within the tolerance (relative to the largest magnitude), 1 otherwise, 2 for bad arguments, 3
 * when the solver cannot run on this machine (no GPU, no driver: the message says which).
 */
public final class SolverCheck {
    /** Timed sizes (B:N, D = 1, R = 2, default options) unless --sizes is given. */
    static final String DEFAULT_SIZES = "1:50,64:50,512:50,1536:50,64:1000";

    private SolverCheck() {
    }

    public static void main(String[] args) {
        boolean equality = false;
        boolean time = false;
        String sizes = DEFAULT_SIZES;
        String solver = "nd4j";
        double tolerance = 1e-9;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--equality" -> equality = true;
                    case "--time" -> time = true;
                    case "--sizes" -> sizes = args[++i];
                    case "--solver" -> solver = args[++i].trim().toLowerCase(Locale.ROOT);
                    case "--tolerance" -> tolerance = Double.parseDouble(args[++i]);
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            parseSizes(sizes);
            if (solver.equals("cpu") || !OdeSolver.names().contains(solver)) {
                throw new IllegalArgumentException("--solver: expected a solver other than cpu, one of "
                        + String.join(", ", OdeSolver.names()) + ", got '" + solver + "'");
            }
        } catch (RuntimeException e) {
            System.err.println("SolverCheck: " + e.getMessage()
                    + "\nusage: SolverCheck [--solver NAME] [--equality] [--time] [--sizes B:N,...] [--tolerance T]");
            System.exit(2);
        }
        if (!equality && !time) {
            equality = true;
            time = true;
        }
        try {
            OdeSolver.named(solver, NeuRlpOptions.defaults());
        } catch (IllegalStateException e) {
            System.err.println("SolverCheck: solver " + solver + " cannot run here: " + e.getMessage());
            System.exit(3);
        }
        System.out.println(solver + ": " + (solver.equals("nd4j") ? "ND4J backend " + Nd4jBackendInfo.current().summary()
                : OdeSolver.provider(solver).describe(solver)));
        System.out.println("cpu: " + BatchParallel.threads() + " threads, arithmetic " + BandedNeuRlpSolver.laneArithmetic());
        boolean ok = true;
        if (equality) {
            double[] worst = equality(20261129L, solver);
            ok = worst[0] <= tolerance && worst[1] <= tolerance;
            System.out.printf(Locale.ROOT, "equality: %d problems, max relative difference: values %.2e, gradients %.2e"
                    + " (tolerance %.0e): %s%n", (int) worst[2], worst[0], worst[1], tolerance, ok ? "PASS" : "FAIL");
        }
        if (time) {
            System.out.println();
            System.out.println(timeTable(parseSizes(sizes), solver));
        }
        System.out.flush();
        System.exit(ok ? 0 : 1);
    }

    /** {max values difference, max gradient difference, problems} of {@code solver} against cpu over the random problems. */
    public static double[] equality(long seed, String solver) {
        Random rnd = new Random(seed);
        NeuRlpOptions[] configs = {
            NeuRlpOptions.defaults(),
            NeuRlpOptions.withoutSlackOrCentralRows(),
            NeuRlpOptions.defaults().withAlpha(0.3),
            NeuRlpOptions.defaults().withCentralRows(false),
            NeuRlpOptions.defaults().withSlack(false),
            NeuRlpOptions.defaults().withWeight(RowFamily.EQUATION, 3.0).withWeight(RowFamily.INITIAL, 10.0),
        };
        int[] batches = {1, 3, 8, 64, 512};
        double worstValues = 0;
        double worstGradients = 0;
        int problems = 0;
        for (int c = 0; c < 30; c++) {
            int order = 1 + c % 3;
            int dims = 1 + (c / 3) % 3;
            int n = 3 + rnd.nextInt(30);
            boolean periodic = c % 6 == 5;
            int items = batches[c % batches.length];
            OdeBatch batch = random(rnd.nextLong(), items, n, dims, order, rnd.nextBoolean(), rnd.nextBoolean(),
                    1 + rnd.nextInt(2), periodic);
            NeuRlpOptions options = configs[c % configs.length];
            Solution cpu = OdeSolver.named("cpu", options).solve(batch);
            Solution other = OdeSolver.named(solver, options).solve(batch);
            worstValues = Math.max(worstValues, relative(other.values(), cpu.values()));
            double[] g = new double[cpu.values().length];
            for (int i = 0; i < g.length; i++) {
                g[i] = rnd.nextGaussian();
            }
            Gradients a = cpu.backward(g, null);
            Gradients b = other.backward(g, null);
            worstGradients = Math.max(worstGradients, Math.max(
                    Math.max(relative(b.coefficients(), a.coefficients()), relative(b.rhs(), a.rhs())),
                    Math.max(relative(b.initialValues(), a.initialValues()), relative(b.steps(), a.steps()))));
            problems++;
        }
        return new double[] {worstValues, worstGradients, problems};
    }

    /** max |a - b| / max |b|. */
    static double relative(double[] a, double[] b) {
        double scale = 1e-300;
        for (double v : b) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0;
        for (int i = 0; i < b.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
        }
        return b.length == 0 ? 0 : worst;
    }

    /** A random well-posed batch (diagonally dominant top-order coefficients, steps in [0.3, 0.7]). */
    public static OdeBatch random(long seed, int items, int n, int dims, int order, boolean perStep, boolean stepsPerItem,
                           int sIv, boolean periodic) {
        Random rnd = new Random(seed);
        int slices = perStep ? n : 1;
        double[] c = new double[items * slices * dims * dims * (order + 1)];
        int i = 0;
        for (int b = 0; b < items * slices; b++) {
            for (int e = 0; e < dims; e++) {
                for (int d = 0; d < dims; d++) {
                    for (int k = 0; k <= order; k++) {
                        c[i++] = k == order ? (d == e ? 1.5 + rnd.nextDouble() : 0.2 * rnd.nextGaussian())
                                : 0.5 * rnd.nextGaussian();
                    }
                }
            }
        }
        double[] rhs = new double[items * n * dims];
        for (int j = 0; j < rhs.length; j++) {
            rhs[j] = rnd.nextGaussian();
        }
        int k = periodic ? 0 : order;
        double[] iv = new double[items * sIv * dims * k];
        for (int j = 0; j < iv.length; j++) {
            iv[j] = rnd.nextGaussian();
        }
        double[] h = new double[(stepsPerItem ? items : 1) * (n - 1)];
        for (int j = 0; j < h.length; j++) {
            h[j] = 0.3 + 0.4 * rnd.nextDouble();
        }
        return OdeBatch.builder(items, n, dims, order).coefficients(c, perStep).rhs(rhs)
                .initialValues(periodic ? 0 : sIv, k, iv).periodic(periodic).steps(h, stepsPerItem).build();
    }

    static List<int[]> parseSizes(String text) {
        List<int[]> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] bn = part.trim().split(":");
            if (bn.length != 2) {
                throw new IllegalArgumentException("--sizes: expected B:N pairs separated by commas, got '" + text + "'");
            }
            int b = Integer.parseInt(bn[0].trim());
            int n = Integer.parseInt(bn[1].trim());
            if (b < 1 || n < 2) {
                throw new IllegalArgumentException("--sizes: expected B >= 1 and N >= 2, got " + part);
            }
            out.add(new int[] {b, n});
        }
        return out;
    }

    /**
     * Median forward and forward + backward times of cpu and {@code solver} (D = 1, R = 2, default
     * options, the benchmark's problem), medians of 5 runs after a warm-up, as a Markdown table;
     * for a provider's solver that keeps a {@link OdeSolverProvider.Profile}, also its launches,
     * kernel and copy time and megabytes copied per forward + backward pass.
     */
    public static String timeTable(List<int[]> sizes, String solver) {
        boolean profiled = !List.of("nd4j", "dense").contains(solver)
                && OdeSolver.provider(solver).takeProfile(solver).isPresent();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "| B | N | cpu fwd ms | cpu fwd+bwd ms | %1$s fwd ms | %1$s fwd+bwd ms"
                + " | %1$s / cpu |%2$s%n", solver, profiled ? " launches | kernel ms | copy ms | copied MB |" : ""));
        sb.append("|---:|---:|---:|---:|---:|---:|---:|").append(profiled ? "---:|---:|---:|---:|" : "").append('\n');
        for (int[] bn : sizes) {
            OdeBatch batch = SolverBenchmark.problem(bn[0], bn[1], 1, 2, 1);
            double[] cpu = time(OdeSolver.named("cpu", NeuRlpOptions.defaults()), batch, () -> { });
            OdeSolverProvider.Profile[] profile = new OdeSolverProvider.Profile[1];
            double[] other = time(OdeSolver.named(solver, NeuRlpOptions.defaults()), batch, () -> {
                if (profiled) {
                    profile[0] = OdeSolver.provider(solver).takeProfile(solver).orElseThrow();
                }
            });
            String row = String.format(Locale.ROOT, "| %d | %d | %.2f | %.2f | %.2f | %.2f | %.2fx |", bn[0], bn[1],
                    cpu[0], cpu[1], other[0], other[1], other[1] / cpu[1]);
            if (profiled) {
                OdeSolverProvider.Profile p = profile[0].per(RUNS);
                row += String.format(Locale.ROOT, " %d | %.2f | %.2f | %.1f |", p.launches(), p.kernelMs(), p.copyMs(),
                        p.copiedMegabytes());
            }
            System.err.println("  measured " + row);
            sb.append(row).append('\n');
        }
        return sb.toString();
    }

    private static final int RUNS = 5;

    /**
     * Median {forward, forward + backward} ms of {@link #RUNS} runs after a warm-up of at least 3
     * runs and 1 s; {@code mark} runs after the warm-up and again after the timed runs.
     */
    private static double[] time(OdeSolver solver, OdeBatch batch, Runnable mark) {
        double[] g = new double[batch.batch() * batch.points() * batch.blockSize()];
        Arrays.fill(g, 1e-3);
        long warmUntil = System.nanoTime() + 1_000_000_000L;
        for (int r = 0; r < 3 || (System.nanoTime() < warmUntil && r < 1000); r++) {
            solver.solve(batch).backward(g, null);
        }
        mark.run();
        double[] fwd = new double[RUNS];
        double[] tot = new double[RUNS];
        for (int r = 0; r < RUNS; r++) {
            long t0 = System.nanoTime();
            Solution s = solver.solve(batch);
            long t1 = System.nanoTime();
            s.backward(g, null);
            long t2 = System.nanoTime();
            fwd[r] = (t1 - t0) / 1e6;
            tot[r] = (t2 - t0) / 1e6;
        }
        mark.run();
        Arrays.sort(fwd);
        Arrays.sort(tot);
        return new double[] {fwd[RUNS / 2], tot[RUNS / 2]};
    }
}
