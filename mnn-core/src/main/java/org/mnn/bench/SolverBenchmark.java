package org.mnn.bench;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.mnn.ode.OdeBatch;
import org.mnn.solver.BandedNeuRlpSolver;
import org.mnn.solver.BatchParallel;
import org.mnn.solver.DenseNeuRlpSolver;
import org.mnn.solver.Gradients;
import org.mnn.solver.NeuRlpOptions;
import org.mnn.solver.OdeSolver;
import org.mnn.solver.Solution;
import org.mnn.solver.nd4j.Nd4jBackendInfo;
import org.mnn.solver.nd4j.Nd4jNeuRlpSolver;

/**
 * The solver benchmark of issue 2: forward and forward+backward time and memory over a grid of
 * batch sizes B, grid sizes N and (D, R), with the dense reference at small N in the same run,
 * then the issue's targets. Prints plain-text tables row by row as cells finish and returns the
 * measurements, which {@link #markdown} turns into a Markdown report.
 *
 * <p>Timings are medians of repeated runs after warm-up. Memory is reported twice: the solver's
 * own arrays (factors kept for the backward pass, solution, gradients, inputs), counted exactly
 * from the problem's shape, and the live heap the cell leaves, measured ({@link LiveHeap}: in use
 * after a garbage collection with the solver, its last solution and gradients held, less what was
 * in use before the cell).
 */
public final class SolverBenchmark {
    private final PrintWriter out;
    private final double cellLimitSeconds;
    private final double warmUpSeconds;
    /** The targets' minimum warm-up in seconds, whatever the grid's. */
    static final double TARGET_WARM_UP_SECONDS = 3.0;
    private final String solverName;

    /** A benchmark printing to {@code out}, skipping cells estimated to take longer than the limit. */
    public SolverBenchmark(PrintStream out, double cellLimitSeconds) {
        this(new PrintWriter(out, true), cellLimitSeconds, 1.0);
    }

    /**
     * @param cellLimitSeconds cells whose estimated time (warm-up plus timed runs) exceeds this are skipped
     * @param warmUpSeconds    minimum warm-up per cell (at least 3 runs either way); 1 s lets the JIT
     *                         compile the hot loops, less is for smoke runs
     */
    public SolverBenchmark(PrintWriter out, double cellLimitSeconds, double warmUpSeconds) {
        this(out, cellLimitSeconds, warmUpSeconds, "cpu");
    }

    /**
     * A benchmark of the solver {@code solverName} ({@link OdeSolver#named}: cpu, the banded
     * solver with reused buffers; nd4j, the ND4J tensor solver; dense).
     */
    public SolverBenchmark(PrintWriter out, double cellLimitSeconds, double warmUpSeconds, String solverName) {
        OdeSolver.named(solverName, NeuRlpOptions.defaults()); // validates the name
        this.solverName = solverName.trim().toLowerCase(Locale.ROOT);
        if (!(cellLimitSeconds > 0)) {
            throw new IllegalArgumentException("cell limit: expected seconds > 0, got " + cellLimitSeconds);
        }
        if (!(warmUpSeconds >= 0)) {
            throw new IllegalArgumentException("warm-up: expected seconds >= 0, got " + warmUpSeconds);
        }
        this.out = out;
        this.cellLimitSeconds = cellLimitSeconds;
        this.warmUpSeconds = warmUpSeconds;
    }

    /**
     * One measured configuration. {@code megabytes}: the solver's own arrays, counted;
     * {@code liveHeapMegabytes}: the heap the cell left in use, measured ({@link LiveHeap});
     * {@code denseTotalMs}: NaN when the dense reference was not run.
     */
    public record Cell(int batch, int points, int dims, int order, double forwardMs, double totalMs,
                       double megabytes, double liveHeapMegabytes, double denseTotalMs) {
        /** Dense forward+backward time over banded, NaN without the dense reference. */
        public double denseRatio() {
            return denseTotalMs / totalMs;
        }
    }

    /** A grid cell that was not measured, and why. */
    public record Skip(int batch, int points, int dims, int order, String reason) {
    }

    /** The grid's measured and skipped cells, in the order they were visited. */
    public record GridResult(List<Cell> cells, List<Skip> skipped) {
    }

    /** One target configuration (D = 1, R = 2); goals are NaN where the issue sets none. */
    public record Target(int batch, int points, double forwardMs, double totalMs, double megabytes,
                         double liveHeapMegabytes, double goalMs, double goalMegabytes) {
        public boolean hasGoal() {
            return !Double.isNaN(goalMs);
        }

        public boolean met() {
            return totalMs <= goalMs && (Double.isNaN(goalMegabytes) || megabytes < goalMegabytes);
        }

        String goal() {
            if (!hasGoal()) {
                return "";
            }
            return String.format(Locale.ROOT, "target <= %.0f ms%s: %s", goalMs,
                    Double.isNaN(goalMegabytes) ? "" : String.format(Locale.ROOT, " and < %.0f MB", goalMegabytes),
                    met() ? "met" : "MISSED");
        }
    }

    /** The targets and the linear-in-N check: time(N = 10000) / time(N = 1000) at B = 64. */
    public record TargetResult(List<Target> rows, double linearRatio) {
        public static final double LINEAR_GOAL = 12;

        public boolean linearMet() {
            return linearRatio <= LINEAR_GOAL;
        }
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

    /** Median times in ms of forward only and of forward + backward, and the last run's solution and
     * gradients (what a training step holds between solves). */
    record Timing(double forwardMs, double totalMs, Solution solution, Gradients gradients) {
    }

    /** Times {@code repeats} runs of forward + backward. */
    Timing time(OdeSolver solver, OdeBatch batch, int repeats) {
        double[] gradient = new double[batch.batch() * batch.points() * batch.blockSize()];
        Arrays.fill(gradient, 1e-3);
        double[] fwd = new double[repeats];
        double[] total = new double[repeats];
        // the gradient arrays are reused from run to run, as a training loop does
        Gradients into = new Gradients(new double[batch.coefficients().length], new double[batch.rhs().length],
                new double[batch.initialValues().length], new double[batch.steps().length]);
        Solution s = null;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            s = solver.solve(batch);
            long t1 = System.nanoTime();
            s.backward(gradient, null, into);
            long t2 = System.nanoTime();
            fwd[r] = (t1 - t0) / 1e6;
            total[r] = (t2 - t0) / 1e6;
        }
        return new Timing(median(fwd), median(total), s, into);
    }

    /** Runs until the JIT has compiled the hot loops: at least 3 runs and {@code seconds}. */
    private void warmUp(OdeSolver solver, OdeBatch batch, double seconds) {
        long until = System.nanoTime() + (long) (seconds * 1e9);
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

    /** Estimated seconds of a whole cell (warm-up and timed runs) for one solve of {@code estimateMs}. */
    private double cellSeconds(double estimateMs) {
        return Math.max(warmUpSeconds, 3 * estimateMs / 1000) + repeats(estimateMs) * estimateMs / 1000;
    }

    /** The solver under test, fresh (the cpu solver reuses its buffers from run to run). */
    private OdeSolver newSolver() {
        return solverName.equals("cpu") ? new BandedNeuRlpSolver(NeuRlpOptions.defaults()).reusingBuffers()
                : OdeSolver.named(solverName, NeuRlpOptions.defaults());
    }

    /** The solver's name ({@link OdeSolver#named}). */
    public String solverName() {
        return solverName;
    }

    /**
     * Megabytes the solver keeps for one batch: factors, solution and gradient arrays; NaN for a
     * provider's solver, whose factors live in device memory this count does not see.
     */
    double megabytesOf(OdeBatch b) {
        return switch (solverName) {
            case "nd4j" -> megabytes(b, Nd4jNeuRlpSolver.factorDoublesPerItem(b, NeuRlpOptions.defaults()));
            case "cpu", "dense" -> megabytes(b);
            default -> Double.NaN;
        };
    }

    /** Bytes the solver keeps for one batch: factors, solution and gradient arrays. */
    static double megabytes(OdeBatch b) {
        return megabytes(b, BandedNeuRlpSolver.factorDoublesPerItem(b, NeuRlpOptions.defaults()));
    }

    private static double megabytes(OdeBatch b, long perItem) {
        long u = (long) b.batch() * b.points() * b.blockSize();
        long grads = b.coefficients().length + b.rhs().length + b.initialValues().length + b.steps().length;
        long inputs = grads;
        return 8.0 * (perItem * b.batch() + 2 * u + grads + inputs) / 1e6;
    }

    /**
     * The grid: for each (D, R), each B, N ascending. A cell is skipped when the previous N's time
     * per point predicts more than the cell limit, or its heap is predicted above 90% of the maximum
     * heap: the solver's arrays, which grow linearly in N, plus the previous cell's heap beyond its
     * solver arrays (garbage and the JVM's own, which do not; scaling the whole measured peak with N
     * skipped cells that fit). A cell that runs out of memory anyway is reported as skipped. The
     * dense reference runs at N <= 400 where it fits in time and in 4 GB.
     */
    public GridResult grid(int[] batches, int[] points, int[][] dimsOrders) {
        List<Cell> cells = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        OdeSolver dense = new DenseNeuRlpSolver(NeuRlpOptions.defaults());
        double heapLimitMb = 0.9 * Runtime.getRuntime().maxMemory() / 1e6;
        for (int[] dr : dimsOrders) {
            for (int b : batches) {
                double previousMsPerPoint = 0;
                double previousSolverMbPerPoint = 0;
                double previousOverheadMb = 0;
                boolean outOfMemory = false;
                for (int n : points) {
                    double estimate = previousMsPerPoint * n;
                    double cellS = cellSeconds(estimate);
                    double heapMb = previousSolverMbPerPoint * n + previousOverheadMb;
                    String reason = null;
                    if (outOfMemory) {
                        reason = "a smaller N ran out of memory";
                    } else if (estimate > 0 && cellS > cellLimitSeconds) {
                        reason = String.format(Locale.ROOT, "estimated %.0f s > %.0f s", cellS, cellLimitSeconds);
                    } else if (heapMb > heapLimitMb) {
                        reason = String.format(Locale.ROOT, "estimated heap %.0f MB > %.0f MB", heapMb, heapLimitMb);
                    }
                    if (reason == null) {
                        try {
                            Cell cell = measure(b, n, dr[0], dr[1], estimate, dense);
                            print(cell);
                            cells.add(cell);
                            previousMsPerPoint = cell.totalMs() / n;
                            previousSolverMbPerPoint = cell.megabytes() / n;
                            previousOverheadMb = Math.max(0, cell.liveHeapMegabytes() - cell.megabytes());
                            continue;
                        } catch (OutOfMemoryError e) {
                            reason = "out of memory";
                            outOfMemory = true;
                        }
                    }
                    Skip skip = new Skip(b, n, dr[0], dr[1], reason);
                    out.printf("  skipped B=%d N=%d D=%d R=%d: %s%n", b, n, dr[0], dr[1], reason);
                    out.flush();
                    skipped.add(skip);
                }
            }
        }
        return new GridResult(cells, skipped);
    }

    private Cell measure(int b, int n, int dims, int order, double estimateMs, OdeSolver dense) {
        long mark = LiveHeap.mark();
        OdeBatch batch = problem(b, n, dims, order, 1);
        Banded t = timeBanded(batch, mark, warmUpSeconds, repeats(estimateMs));
        double denseMs = Double.NaN;
        long denseUnknowns = (long) n * dims * (order + 1);
        double denseEstimateS = b * Math.pow(denseUnknowns, 3) / 3e9;
        double denseBytes = 8.0 * denseUnknowns * denseUnknowns * b;
        if (n <= 400 && denseEstimateS < cellLimitSeconds && denseBytes < 4e9) {
            denseMs = time(dense, batch, 1).totalMs();
        }
        return new Cell(b, n, dims, order, t.forwardMs(), t.totalMs(), megabytesOf(batch), t.liveHeapMb(), denseMs);
    }

    /** The banded solver's timings on a batch, and the heap the cell leaves in use since {@code mark}. */
    private record Banded(double forwardMs, double totalMs, double liveHeapMb) {
    }

    /**
     * Times a fresh banded solver (reused buffers of an earlier, larger cell would count in this
     * cell's heap) on the batch after a warm-up, then measures the live heap grown since
     * {@code mark} while the solver's buffers, the batch, the last solution and its gradients are
     * still held: what a training step keeps between solves.
     */
    private Banded timeBanded(OdeBatch batch, long mark, double warmUp, int repeats) {
        OdeSolver banded = newSolver();
        warmUp(banded, batch, warmUp);
        Timing t = time(banded, batch, repeats);
        double live = LiveHeap.megabytesSince(mark, new Object[] {banded, batch, t});
        return new Banded(t.forwardMs(), t.totalMs(), live);
    }

    /** The table's title line and column header. */
    public void header() {
        out.printf("solver=%s, threads=%d, float64, default options (slack, alpha=0, central rows)%s%n",
                solverDescription(), BatchParallel.threads(), solverName.equals("cpu") ? ", buffers reused" : "");
        out.printf("%6s %7s %2s %2s %12s %12s %10s %10s %12s %8s%n", "B", "N", "D", "R", "fwd ms", "fwd+bwd ms",
                "solver MB", "live MB", "dense ms", "ratio");
        out.flush();
    }

    /** cpu (BandedNeuRlpSolver), nd4j with the ND4J backend and device, or a provider's solver and device. */
    public String solverDescription() {
        return switch (solverName) {
            case "cpu" -> "cpu (BandedNeuRlpSolver, plain Java)";
            case "nd4j" -> "nd4j (Nd4jNeuRlpSolver on " + Nd4jBackendInfo.current().summary() + ")";
            case "dense" -> "dense (DenseNeuRlpSolver)";
            default -> solverName + " (" + OdeSolver.provider(solverName).describe(solverName) + ")";
        };
    }

    private void print(Cell c) {
        out.printf(Locale.ROOT, "%6d %7d %2d %2d %12.2f %12.2f %10s %10s %12s %8s%n", c.batch(), c.points(),
                c.dims(), c.order(), c.forwardMs(), c.totalMs(), mb(c.megabytes()), mb(c.liveHeapMegabytes()),
                Double.isNaN(c.denseTotalMs()) ? "-" : String.format(Locale.ROOT, "%.1f", c.denseTotalMs()),
                Double.isNaN(c.denseTotalMs()) ? "-" : ratio(c.denseRatio()));
        out.flush();
    }

    /** "30x"; below 10 with one decimal ("0.5x": the dense reference beat the solver under test). */
    static String ratio(double r) {
        return String.format(Locale.ROOT, r < 10 ? "%.1fx" : "%.0fx", r);
    }

    /** Megabytes with two decimals below 10 MB (small cells), one above. */
    static String mb(double megabytes) {
        if (Double.isNaN(megabytes)) {
            return "-";
        }
        return String.format(Locale.ROOT, megabytes < 10 ? "%.2f" : "%.1f", megabytes);
    }

    /** The issue's targets, each measured in this run. */
    public TargetResult targets() {
        out.println();
        out.println("targets (D=1, R=2, forward+backward, factors kept):");
        int[][] cfg = {{1536, 50}, {512, 1000}, {64, 100_000}, {512, 16_000}, {64, 1000}, {64, 10_000}};
        double[] goalMs = {8, 40, 600, 700, Double.NaN, Double.NaN};
        double[] goalMb = {Double.NaN, Double.NaN, 3000, 4000, Double.NaN, Double.NaN};
        List<Target> rows = new ArrayList<>();
        for (int i = 0; i < cfg.length; i++) {
            long mark = LiveHeap.mark();
            OdeBatch batch = problem(cfg[i][0], cfg[i][1], 1, 2, 2);
            // a longer warm-up than the grid's, even in a smoke run: after the quick grid's small
            // cells, B = 1536, N = 50 ran 2x slower for about 2 s (recompilation for the new
            // shape; on 2 cores the JIT's threads also take a core from the solver)
            Banded t = timeBanded(batch, mark, Math.max(warmUpSeconds, TARGET_WARM_UP_SECONDS), 7);
            Target target = new Target(cfg[i][0], cfg[i][1], t.forwardMs(), t.totalMs(), megabytesOf(batch),
                    t.liveHeapMb(), goalMs[i], goalMb[i]);
            out.printf(Locale.ROOT, "  B=%5d N=%7d: %9.2f ms (forward %.2f ms) %8.1f MB (live heap %.1f MB)  %s%n",
                    target.batch(), target.points(), target.totalMs(), target.forwardMs(), target.megabytes(),
                    target.liveHeapMegabytes(), target.goal());
            out.flush();
            rows.add(target);
        }
        double ratio = rows.get(5).totalMs() / rows.get(4).totalMs();
        TargetResult result = new TargetResult(rows, ratio);
        out.printf(Locale.ROOT, "  linear in N: time(N=10000)/time(N=1000) at B=64 = %.2f (target <= %.0f: %s)%n", ratio,
                TargetResult.LINEAR_GOAL, result.linearMet() ? "met" : "MISSED");
        out.flush();
        return result;
    }

    /**
     * The report as Markdown: machine facts, the grid table, skipped cells and, when given, the
     * targets ({@code targets} may be null).
     */
    public static String markdown(MachineFacts machine, GridResult grid, TargetResult targets) {
        return markdown(machine, grid, targets, null);
    }

    /** As {@link #markdown(MachineFacts, GridResult, TargetResult)}, naming the solver (null: the default). */
    public static String markdown(MachineFacts machine, GridResult grid, TargetResult targets, String solver) {
        StringBuilder sb = new StringBuilder();
        sb.append("# NeuRLP solver benchmark\n\n");
        if (solver != null) {
            sb.append("- solver: ").append(solver).append('\n');
        }
        for (String line : machine.lines()) {
            sb.append("- ").append(line).append('\n');
        }
        sb.append("\nfloat64, default options (slack, alpha = 0, central rows), buffers reused (factors and gradient arrays, as in a training loop). Times are medians "
                + "of repeated runs after warm-up (forward, and forward + backward with the factors kept). "
                + "Solver MB: the solver's own arrays (factors, solution, gradients, inputs), counted; live MB: the "
                + "heap the cell left in use, measured (after a garbage collection, with the solver's buffers, the "
                + "inputs, the last solution and its gradients still held, less the heap in use before the cell). "
                + "Ratio: dense reference time over the solver under test.\n\n");
        sb.append("| B | N | D | R | fwd ms | fwd+bwd ms | solver MB | live MB | dense ms | ratio |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Cell c : grid.cells()) {
            sb.append(String.format(Locale.ROOT, "| %d | %d | %d | %d | %.2f | %.2f | %s | %s | %s | %s |%n",
                    c.batch(), c.points(), c.dims(), c.order(), c.forwardMs(), c.totalMs(), mb(c.megabytes()),
                    mb(c.liveHeapMegabytes()),
                    Double.isNaN(c.denseTotalMs()) ? "-" : String.format(Locale.ROOT, "%.1f", c.denseTotalMs()),
                    Double.isNaN(c.denseTotalMs()) ? "-" : ratio(c.denseRatio())));
        }
        if (!grid.skipped().isEmpty()) {
            sb.append("\nSkipped:\n\n");
            for (Skip s : grid.skipped()) {
                sb.append(String.format(Locale.ROOT, "- B=%d N=%d D=%d R=%d: %s%n", s.batch(), s.points(), s.dims(),
                        s.order(), s.reason()));
            }
        }
        if (targets != null) {
            sb.append("\n## Targets (D = 1, R = 2, forward + backward, factors kept)\n\n");
            sb.append("| B | N | fwd+bwd ms | fwd ms | solver MB | live MB | target |\n");
            sb.append("|---:|---:|---:|---:|---:|---:|---|\n");
            for (Target t : targets.rows()) {
                sb.append(String.format(Locale.ROOT, "| %d | %d | %.2f | %.2f | %.1f | %.1f | %s |%n", t.batch(),
                        t.points(), t.totalMs(), t.forwardMs(), t.megabytes(), t.liveHeapMegabytes(), t.goal()));
            }
            sb.append(String.format(Locale.ROOT, "%nLinear in N: time(N = 10000) / time(N = 1000) at B = 64 = %.2f "
                    + "(target <= %.0f: %s)%n", targets.linearRatio(), TargetResult.LINEAR_GOAL,
                    targets.linearMet() ? "met" : "MISSED"));
        }
        return sb.toString();
    }
}
