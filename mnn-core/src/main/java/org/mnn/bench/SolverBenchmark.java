package org.mnn.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.mnn.ode.OdeBatch;
import org.mnn.solver.BandedNeuRlpSolver;
import org.mnn.solver.BatchParallel;
import org.mnn.solver.DenseNeuRlpSolver;
import org.mnn.solver.NeuRlpOptions;
import org.mnn.solver.OdeSolver;
import org.mnn.solver.Solution;

/**
 * The solver benchmark of issue 2: forward and forward+backward time and memory over a grid of
 * batch sizes B, grid sizes N and (D, R), with the dense reference at small N in the same run,
 * then the issue's targets. Prints plain-text tables. Timings are medians of repeated runs after
 * warm-up; memory is the solver's own arrays (factors kept for the backward pass, solution,
 * gradients), counted exactly rather than sampled from a noisy JVM heap.
 */
public final class SolverBenchmark {
    private final PrintStream out;
    private final double cellLimitSeconds;

    public SolverBenchmark(PrintStream out, double cellLimitSeconds) {
        this.out = out;
        this.cellLimitSeconds = cellLimitSeconds;
    }

    /** One measured configuration. */
    public record Cell(int batch, int points, int dims, int order, double forwardMs, double totalMs,
                       double megabytes, double denseTotalMs) {
    }

    /** A linear problem of the benchmark's shape: damped oscillators with per-step coefficients. */
    public static OdeBatch problem(int batch, int points, int dims, int order, long seed) {
        Random rnd = new Random(seed);
        int per = dims * dims * (order + 1);
        double[] c = new double[batch * per];
        for (int b = 0; b < batch; b++) {
            for (int e = 0; e < dims; e++) {
                for (int d = 0; d < dims; d++) {
                    for (int k = 0; k <= order; k++) {
                        double v = k == order ? (d == e ? 1.0 : 0.0) : (d == e ? 0.5 + rnd.nextDouble() : 0.1 * rnd.nextGaussian());
                        c[b * per + (e * dims + d) * (order + 1) + k] = v;
                    }
                }
            }
        }
        double[] rhs = new double[batch * points * dims];
        for (int i = 0; i < rhs.length; i++) {
            rhs[i] = Math.sin(0.01 * i);
        }
        double[] iv = new double[batch * dims * order];
        for (int i = 0; i < iv.length; i++) {
            iv[i] = rnd.nextGaussian();
        }
        return OdeBatch.builder(batch, points, dims, order)
                .coefficients(c, false)
                .rhs(rhs)
                .initialValues(1, order, iv)
                .uniformStep(0.01)
                .build();
    }

    /** Median time in ms of forward only and of forward+backward. */
    double[] time(OdeSolver solver, OdeBatch batch, int repeats) {
        double[] gradient = new double[batch.batch() * batch.points() * batch.blockSize()];
        Arrays.fill(gradient, 1e-3);
        double[] fwd = new double[repeats];
        double[] total = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            Solution s = solver.solve(batch);
            long t1 = System.nanoTime();
            s.backward(gradient, null);
            long t2 = System.nanoTime();
            fwd[r] = (t1 - t0) / 1e6;
            total[r] = (t2 - t0) / 1e6;
        }
        return new double[] {median(fwd), median(total)};
    }

    /** Runs until the JIT has compiled the hot loops: at least 3 runs and about a second. */
    private void warmUp(OdeSolver solver, OdeBatch batch) {
        long until = System.nanoTime() + 1_000_000_000L;
        int runs = 0;
        while (runs < 3 || System.nanoTime() < until) {
            time(solver, batch, 1);
            runs++;
        }
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static int repeats(double estimateMs) {
        return estimateMs < 50 ? 9 : estimateMs < 1000 ? 5 : 3;
    }

    /** Bytes the solver keeps for one batch: factors, solution and gradient arrays. */
    static double megabytes(OdeBatch b) {
        long perItem = BandedNeuRlpSolver.factorDoublesPerItem(b, NeuRlpOptions.defaults());
        long u = (long) b.batch() * b.points() * b.blockSize();
        long grads = b.coefficients().length + b.rhs().length + b.initialValues().length + b.steps().length;
        long inputs = grads;
        return 8.0 * (perItem * b.batch() + 2 * u + grads + inputs) / 1e6;
    }

    public List<Cell> grid(int[] batches, int[] points, int[][] dimsOrders) {
        List<Cell> cells = new ArrayList<>();
        OdeSolver banded = new BandedNeuRlpSolver(NeuRlpOptions.defaults()).reusingBuffers();
        OdeSolver dense = new DenseNeuRlpSolver(NeuRlpOptions.defaults());
        for (int[] dr : dimsOrders) {
            for (int b : batches) {
                double previousMsPerPoint = 0;
                for (int n : points) {
                    double estimate = previousMsPerPoint * n;
                    if (estimate / 1000 > cellLimitSeconds) {
                        out.printf("  skipped B=%d N=%d D=%d R=%d: estimated %.0f s > %.0f s%n", b, n, dr[0], dr[1],
                                estimate / 1000, cellLimitSeconds);
                        continue;
                    }
                    OdeBatch batch = problem(b, n, dr[0], dr[1], 1);
                    warmUp(banded, batch);
                    double[] t = time(banded, batch, repeats(estimate));
                    double denseMs = Double.NaN;
                    long denseUnknowns = (long) n * dr[0] * (dr[1] + 1);
                    double denseEstimateS = b * Math.pow(denseUnknowns, 3) / 3e9;
                    double denseBytes = 8.0 * denseUnknowns * denseUnknowns * b;
                    if (n <= 400 && denseEstimateS < cellLimitSeconds && denseBytes < 4e9) {
                        denseMs = time(dense, batch, 1)[1];
                    }
                    Cell cell = new Cell(b, n, dr[0], dr[1], t[0], t[1], megabytes(batch), denseMs);
                    print(cell);
                    cells.add(cell);
                    previousMsPerPoint = t[1] / n;
                }
            }
        }
        return cells;
    }

    public void header() {
        out.printf("threads=%d, float64, default options (slack, alpha=0, central rows), buffers reused%n",
                BatchParallel.threads());
        out.printf("%6s %7s %2s %2s %12s %12s %10s %12s %8s%n", "B", "N", "D", "R", "fwd ms", "fwd+bwd ms",
                "MB", "dense ms", "ratio");
    }

    private void print(Cell c) {
        out.printf("%6d %7d %2d %2d %12.2f %12.2f %10.1f %12s %8s%n", c.batch(), c.points(), c.dims(), c.order(),
                c.forwardMs(), c.totalMs(), c.megabytes(),
                Double.isNaN(c.denseTotalMs()) ? "-" : String.format("%.1f", c.denseTotalMs()),
                Double.isNaN(c.denseTotalMs()) ? "-" : String.format("%.0fx", c.denseTotalMs() / c.totalMs()));
    }

    /** The issue's targets, each measured in this run. */
    public void targets() {
        out.println();
        out.println("targets (D=1, R=2, forward+backward, factors kept):");
        OdeSolver banded = new BandedNeuRlpSolver(NeuRlpOptions.defaults()).reusingBuffers();
        int[][] cfg = {{1536, 50}, {512, 1000}, {64, 100_000}, {512, 16_000}, {64, 1000}, {64, 10_000}};
        double[] goalMs = {8, 40, 600, 700, Double.NaN, Double.NaN};
        double[] goalMb = {Double.NaN, Double.NaN, 3000, 4000, Double.NaN, Double.NaN};
        double[] ms = new double[cfg.length];
        for (int i = 0; i < cfg.length; i++) {
            OdeBatch batch = problem(cfg[i][0], cfg[i][1], 1, 2, 2);
            warmUp(banded, batch);
            double[] t = time(banded, batch, 7);
            ms[i] = t[1];
            double fwd = t[0];
            double mb = megabytes(batch);
            String goal = Double.isNaN(goalMs[i]) ? "" : String.format("target <= %.0f ms%s: %s", goalMs[i],
                    Double.isNaN(goalMb[i]) ? "" : String.format(" and < %.0f MB", goalMb[i]),
                    ms[i] <= goalMs[i] && (Double.isNaN(goalMb[i]) || mb < goalMb[i]) ? "met" : "MISSED");
            out.printf("  B=%5d N=%7d: %9.2f ms (forward %.2f ms) %8.1f MB  %s%n", cfg[i][0], cfg[i][1], ms[i], fwd, mb, goal);
            batch = null;
        }
        double ratio = ms[5] / ms[4];
        out.printf("  linear in N: time(N=10000)/time(N=1000) at B=64 = %.2f (target <= 12: %s)%n", ratio,
                ratio <= 12 ? "met" : "MISSED");
    }
}
