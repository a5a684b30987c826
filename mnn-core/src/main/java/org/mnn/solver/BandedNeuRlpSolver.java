package org.mnn.solver;

import java.util.Arrays;
import org.mnn.ode.OdeBatch;

/**
 * The default NeuRLP solver: per batch item, an envelope (banded) LDL^T factorisation of the
 * normal equations M = A^T W A with the dense border (slack, periodic step) removed by a Schur
 * complement. O(N b len^2) time and O(N b len) memory per item: linear in N.
 *
 * <p>What makes it fast (measured, see the README's benchmark): assembly, factorisation and
 * forward substitution run in one sweep over the steps, so each step's storage is zeroed,
 * filled and factored while it is in cache; interior steps are assembled from a precompiled
 * {@link AssemblyPlan} instead of the general row generator; pivots are kept as reciprocals;
 * and {@value #LANES} batch items are factored in lock-step with their storage interleaved
 * ({@code [slot][lane]}), so every inner loop does {@value #LANES} independent multiply-adds on
 * adjacent memory and the index arithmetic is paid once per group. Groups run in parallel on all
 * cores; a short last group repeats its last item.
 *
 * <p>By default every solve allocates its own factor storage. {@link #reusingBuffers()} returns a
 * solver that keeps one set of buffers and reuses it: the training loop's pattern (solve, then
 * backward, then the next solve) without allocating hundreds of megabytes per step. A solution's
 * {@code backward} then fails loudly if a later solve has already reused its factors.
 */
public final class BandedNeuRlpSolver implements OdeSolver {
    /** Items factored together. */
    static final int LANES = 4; // the inner loops below are unrolled for 4

    private final NeuRlpOptions options;
    private final boolean reuse;
    private Storage storage;
    private long generation;

    public BandedNeuRlpSolver(NeuRlpOptions options) {
        this(options, false);
    }

    private BandedNeuRlpSolver(NeuRlpOptions options, boolean reuse) {
        this.options = options;
        this.reuse = reuse;
    }

    /** Doubles kept per batch item for the backward pass (factor, pivots, border, Schur). */
    public static long factorDoublesPerItem(OdeBatch batch, NeuRlpOptions options) {
        BandLayout layout = new BandLayout(batch, new NeuRlpRows(batch, options));
        return layout.factorLength() + layout.bandSize + (long) layout.borderSize * (layout.bandSize + layout.borderSize);
    }

    /** A solver with the same options that reuses its buffers from solve to solve. */
    public BandedNeuRlpSolver reusingBuffers() {
        return new BandedNeuRlpSolver(options, true);
    }

    @Override
    public NeuRlpOptions options() {
        return options;
    }

    @Override
    public synchronized Solution solve(OdeBatch batch) {
        NeuRlpRows rows = new NeuRlpRows(batch, options);
        BandLayout layout = new BandLayout(batch, rows);
        AssemblyPlan[] plans = plans(batch, rows, layout);
        int perItem = batch.points() * batch.blockSize();
        int groups = (batch.batch() + LANES - 1) / LANES;
        Storage st = storage(groups, batch.batch(), layout, perItem);
        Factor factor = new Factor(layout, st, ++generation, Refinement.of(batch, rows, LANES));
        BatchParallel.forEachRange(groups, (long) LANES * perItem, (from, to) -> {
            Sweep sweep = new Sweep(batch, rows, layout, plans);
            for (int group = from; group < to; group++) {
                sweep.solve(lanesOf(group, batch.batch()), st.groups[group], st.u, st.eps);
            }
        });
        return new Solution(batch, options, st.u, st.eps, factor);
    }

    /** The assembly plan of every step (steps sharing a stencil share a plan). */
    private static AssemblyPlan[] plans(OdeBatch batch, NeuRlpRows rows, BandLayout layout) {
        RowStencil[] stencils = RowStencil.perStep(batch, rows.options(), rows);
        AssemblyPlan[] plans = new AssemblyPlan[stencils.length];
        for (int s = 0; s < stencils.length; s++) {
            plans[s] = s > 0 && stencils[s] == stencils[s - 1] ? plans[s - 1]
                    : new AssemblyPlan(stencils[s], layout, batch.order());
        }
        return plans;
    }

    /** The items of a group; a short last group repeats its last item. */
    static int[] lanesOf(int group, int batchSize) {
        int[] items = new int[LANES];
        for (int q = 0; q < LANES; q++) {
            items[q] = Math.min(group * LANES + q, batchSize - 1);
        }
        return items;
    }

    private Storage storage(int groups, int items, BandLayout layout, int perItem) {
        if (reuse && storage != null && storage.fits(groups, items, layout, perItem)) {
            return storage;
        }
        Storage st = new Storage(groups, items, layout, perItem);
        if (reuse) {
            storage = st;
        }
        return st;
    }

    /** The arrays a solve writes: factors per group, solution values, slack. */
    private static final class Storage {
        final GroupFactor[] groups;
        final double[] u;
        final double[] eps;

        Storage(int groupCount, int items, BandLayout layout, int perItem) {
            groups = new GroupFactor[groupCount];
            for (int i = 0; i < groupCount; i++) {
                groups[i] = new GroupFactor(layout);
            }
            u = new double[items * perItem];
            eps = new double[items];
        }

        boolean fits(int groupCount, int items, BandLayout layout, int perItem) {
            return groups.length == groupCount && u.length == items * perItem
                    && groups[0].l.length == layout.factorLength() * LANES
                    && groups[0].invD.length == layout.bandSize * LANES
                    && groups[0].border.length == (long) layout.borderSize * layout.bandSize * LANES;
        }
    }

    /** One group's factor, interleaved by lane: L (envelope rows), 1/D, the border rows of L;
     * the Schur complement per lane ({@code [lane][m*m]}). */
    static final class GroupFactor {
        final double[] l;
        final double[] invD;
        final double[] border;
        final double[] schur;
        /** Whether the forward solve was refined; the backward solve then is too. */
        boolean refined;

        GroupFactor(BandLayout layout) {
            l = new double[Math.toIntExact(layout.factorLength() * LANES)];
            invD = new double[layout.bandSize * LANES];
            border = new double[layout.borderSize * layout.bandSize * LANES];
            schur = new double[layout.borderSize * layout.borderSize * LANES];
        }
    }

    private final class Factor implements SystemFactor {
        private final BandLayout layout;
        private final Storage storage;
        private final long solveGeneration;
        private final Refinement refinement;

        Factor(BandLayout layout, Storage storage, long solveGeneration, Refinement refinement) {
            this.layout = layout;
            this.storage = storage;
            this.solveGeneration = solveGeneration;
            this.refinement = refinement;
        }

        @Override
        public int lanes() {
            return LANES;
        }

        @Override
        public void solve(int[] items, double[] x) {
            GroupFactor f = storage.groups[items[0] / LANES];
            boolean refine = refinement != null && f.refined;
            double[] b = refine ? x.clone() : null;
            solveInPlace(layout, f, x);
            if (refine) {
                refinement.refine(items, x, b, (group, r) -> solveInPlace(layout, f, r));
            }
        }

        @Override
        public void checkValid() {
            synchronized (BandedNeuRlpSolver.this) {
                if (reuse && generation != solveGeneration) {
                    throw new IllegalStateException("this solution's factors were reused by a later solve of the same"
                            + " solver (reusingBuffers); call backward before solving again");
                }
            }
        }
    }

    /** Solves M x = b in place with a group's factor (x interleaved by lane). */
    static void solveInPlace(BandLayout layout, GroupFactor f, double[] x) {
        for (int g = layout.shift; g < layout.shift + layout.bandSize; g++) {
            forwardRow(layout, f, g, x);
        }
        finishSolve(layout, f, x);
    }

    /** Forward substitution of band row g (all lanes): x[g] -= L[g][.] x[.]; border rows accumulate. */
    static void forwardRow(BandLayout layout, GroupFactor f, int g, double[] x) {
        double[] l = f.l;
        int base = layout.rowBase(g);
        int lo = layout.first(g);
        int xg = g * LANES;
        double y0 = x[xg];
        double y1 = x[xg + 1];
        double y2 = x[xg + 2];
        double y3 = x[xg + 3];
        for (int k = lo; k < g; k++) {
            int li = (base + k) * LANES;
            int xk = k * LANES;
            y0 -= l[li] * x[xk];
            y1 -= l[li + 1] * x[xk + 1];
            y2 -= l[li + 2] * x[xk + 2];
            y3 -= l[li + 3] * x[xk + 3];
        }
        x[xg] = y0;
        x[xg + 1] = y1;
        x[xg + 2] = y2;
        x[xg + 3] = y3;
        int bi = (g - layout.shift) * LANES;
        for (int e = 0; e < layout.borderSize; e++) {
            int be = e * layout.bandSize * LANES + bi;
            int xe = layout.borderColumn(e) * LANES;
            x[xe] -= f.border[be] * y0;
            x[xe + 1] -= f.border[be + 1] * y1;
            x[xe + 2] -= f.border[be + 2] * y2;
            x[xe + 3] -= f.border[be + 3] * y3;
        }
    }

    /** After forward substitution: the border (Schur) solve, D^{-1}, back substitution with L^T. */
    static void finishSolve(BandLayout layout, GroupFactor f, double[] x) {
        int m = layout.borderSize;
        int nb = layout.bandSize;
        int shift = layout.shift;
        if (m > 0) {
            double[] y = new double[m];
            for (int q = 0; q < LANES; q++) {
                for (int e = 0; e < m; e++) {
                    y[e] = x[layout.borderColumn(e) * LANES + q];
                }
                DenseLdl.solve(f.schur, q * m * m, m, y);
                for (int e = 0; e < m; e++) {
                    x[layout.borderColumn(e) * LANES + q] = y[e];
                }
            }
        }
        // L_bb^T z_b = D^{-1} y_b - L_eb^T z_e
        int total = nb * LANES;
        int xs = shift * LANES;
        if (m == 0) {
            for (int i = 0; i < total; i++) {
                x[xs + i] *= f.invD[i];
            }
        } else if (m == 1) {
            int xe = layout.borderColumn(0) * LANES;
            double e0 = x[xe];
            double e1 = x[xe + 1];
            double e2 = x[xe + 2];
            double e3 = x[xe + 3];
            for (int i = 0; i < total; i += LANES) {
                x[xs + i] = x[xs + i] * f.invD[i] - f.border[i] * e0;
                x[xs + i + 1] = x[xs + i + 1] * f.invD[i + 1] - f.border[i + 1] * e1;
                x[xs + i + 2] = x[xs + i + 2] * f.invD[i + 2] - f.border[i + 2] * e2;
                x[xs + i + 3] = x[xs + i + 3] * f.invD[i + 3] - f.border[i + 3] * e3;
            }
        } else {
            for (int i = 0; i < total; i++) {
                x[xs + i] *= f.invD[i];
            }
            for (int e = 0; e < m; e++) {
                int xe = layout.borderColumn(e) * LANES;
                int be = e * total;
                for (int i = 0; i < total; i += LANES) {
                    for (int q = 0; q < LANES; q++) {
                        x[xs + i + q] -= f.border[be + i + q] * x[xe + q];
                    }
                }
            }
        }
        double[] l = f.l;
        for (int g = shift + nb - 1; g >= shift; g--) {
            int xg = g * LANES;
            double v0 = x[xg];
            double v1 = x[xg + 1];
            double v2 = x[xg + 2];
            double v3 = x[xg + 3];
            int base = layout.rowBase(g);
            for (int k = layout.first(g); k < g; k++) {
                int li = (base + k) * LANES;
                int xk = k * LANES;
                x[xk] -= l[li] * v0;
                x[xk + 1] -= l[li + 1] * v1;
                x[xk + 2] -= l[li + 2] * v2;
                x[xk + 3] -= l[li + 3] * v3;
            }
        }
    }

    /** Per-thread state for the fused assemble-factor-substitute sweep of one group at a time. */
    private static final class Sweep {
        private final OdeBatch batch;
        private final NeuRlpRows rows;
        private final BandLayout layout;
        private final AssemblyPlan[] plans;
        private final double[] x;
        private final double[] w;
        private final double[] diag;
        private final double[] table;
        private final double[] pivots = new double[LANES];
        /** Diagonal of M at the border unknowns before elimination, {@code [lane][m]}: the
         * yardstick of their pivots (the Schur complement's own diagonal is rounding noise in a
         * singular direction). */
        private final double[] borderDiag;
        private final Refinement refinement;
        private GroupFactor f;
        /** Smallest pivot / diagonal ratio of the current group (decides automatic refinement). */
        private double minPivotRatio;

        Sweep(OdeBatch batch, NeuRlpRows rows, BandLayout layout, AssemblyPlan[] plans) {
            this.batch = batch;
            this.rows = rows;
            this.layout = layout;
            this.plans = plans;
            this.x = new double[rows.unknowns() * LANES];
            int maxLen = Arrays.stream(layout.len).max().orElse(0);
            this.w = new double[(maxLen + 1) * LANES];
            this.diag = new double[layout.bandSize * LANES];
            this.table = new double[Arrays.stream(plans).mapToInt(AssemblyPlan::scratchSize).max().orElse(0)];
            this.borderDiag = new double[LANES * layout.borderSize];
            this.refinement = Refinement.of(batch, rows, LANES);
        }

        void solve(int[] items, GroupFactor factor, double[] u, double[] eps) {
            f = factor;
            Arrays.fill(f.schur, 0.0);
            Arrays.fill(borderDiag, 0.0);
            int points = batch.points();
            int block = layout.block;
            if (layout.slackColumn >= 0) {
                Arrays.fill(x, layout.slackColumn * LANES, (layout.slackColumn + 1) * LANES, 0.0);
            }
            int done = layout.shift / block;
            AssemblyPlan previous = null;
            minPivotRatio = 1.0;
            for (int s = 0; s < points; s++) {
                clearStep(s);
                // the table keeps a plan's coefficient products while the plan and, with
                // coefficients constant in time, the coefficients stay the same
                boolean productsReady = plans[s] == previous && !batch.coefficientsPerStep();
                plans[s].assemble(batch, items, s, f, diag, x, table, borderDiag, productsReady);
                previous = plans[s];
                if (s - layout.span >= done) {
                    factorStep(items, done++);
                }
            }
            while (done < points) {
                factorStep(items, done++);
            }
            int m = layout.borderSize;
            for (int q = 0; q < LANES; q++) {
                if (layout.slackColumn >= 0) {
                    x[layout.slackColumn * LANES + q] += rows.alpha();
                }
                int failed = m > 0 ? DenseLdl.factor(f.schur, q * m * m, m, borderDiag, q * m) : -1;
                if (failed >= 0) {
                    throw new IllPosedProblemException(items[q], Pivots.describe(batch, layout.borderColumn(failed),
                            f.schur[q * m * m + failed * m + failed], borderDiag[q * m + failed]));
                }
            }
            finishSolve(layout, f, x);
            f.refined = refinement != null && refinement.wanted(minPivotRatio);
            if (f.refined) {
                refinement.refine(items, x, null, (group, r) -> solveInPlace(layout, f, r));
            }
            int perItem = points * block;
            for (int q = 0; q < LANES; q++) {
                int item = items[q];
                if (q > 0 && item == items[q - 1]) {
                    break;
                }
                int uo = item * perItem;
                for (int i = 0; i < perItem; i++) {
                    u[uo + i] = x[i * LANES + q];
                }
                eps[item] = layout.slackColumn >= 0 ? x[layout.slackColumn * LANES + q] : 0.0;
            }
        }

        /** Zeroes what step s owns (its rows of L, pivots, border entries, right-hand side) just
         * before the first rows touching it are added: rows ending before s never touch step s. */
        private void clearStep(int s) {
            int block = layout.block;
            Arrays.fill(x, s * block * LANES, (s + 1) * block * LANES, 0.0);
            if (s * block < layout.shift) {
                return;
            }
            int stride = layout.stepStride * LANES;
            Arrays.fill(f.l, s * stride, (s + 1) * stride, 0.0);
            int b0 = (s * block - layout.shift) * LANES;
            int b1 = b0 + block * LANES;
            Arrays.fill(diag, b0, b1, 0.0);
            int rowLength = layout.bandSize * LANES;
            for (int e = 0; e < layout.borderSize; e++) {
                Arrays.fill(f.border, e * rowLength + b0, e * rowLength + b1, 0.0);
            }
        }

        /** Factors the band rows of step t (complete once rows up to step t + span are in). */
        private void factorStep(int[] items, int t) {
            int nb = layout.bandSize;
            int m = layout.borderSize;
            int shift = layout.shift;
            double[] l = f.l;
            double[] invD = f.invD;
            double[] border = f.border;
            // with the slack as the only border (the usual case) its row of L and the forward
            // substitution are fused into the Crout loop below; otherwise they follow it
            boolean oneBorder = m == 1;
            for (int g = t * layout.block; g < (t + 1) * layout.block; g++) {
                int lo = layout.first(g);
                int base = layout.rowBase(g);
                int di = (g - shift) * LANES;
                int xg = g * LANES;
                double d0 = diag[di];
                double d1 = diag[di + 1];
                double d2 = diag[di + 2];
                double d3 = diag[di + 3];
                double y0 = x[xg];
                double y1 = x[xg + 1];
                double y2 = x[xg + 2];
                double y3 = x[xg + 3];
                double v0 = oneBorder ? border[di] : 0.0;
                double v1 = oneBorder ? border[di + 1] : 0.0;
                double v2 = oneBorder ? border[di + 2] : 0.0;
                double v3 = oneBorder ? border[di + 3] : 0.0;
                for (int j = lo; j < g; j++) {
                    int baseJ = layout.rowBase(j);
                    int gj = (base + j) * LANES;
                    double s0 = l[gj];
                    double s1 = l[gj + 1];
                    double s2 = l[gj + 2];
                    double s3 = l[gj + 3];
                    for (int k = Math.max(lo, layout.first(j)); k < j; k++) {
                        int wk = (k - lo) * LANES;
                        int jk = (baseJ + k) * LANES;
                        s0 -= w[wk] * l[jk];
                        s1 -= w[wk + 1] * l[jk + 1];
                        s2 -= w[wk + 2] * l[jk + 2];
                        s3 -= w[wk + 3] * l[jk + 3];
                    }
                    int wj = (j - lo) * LANES;
                    w[wj] = s0;
                    w[wj + 1] = s1;
                    w[wj + 2] = s2;
                    w[wj + 3] = s3;
                    int ij = (j - shift) * LANES;
                    double l0 = s0 * invD[ij];
                    double l1 = s1 * invD[ij + 1];
                    double l2 = s2 * invD[ij + 2];
                    double l3 = s3 * invD[ij + 3];
                    l[gj] = l0;
                    l[gj + 1] = l1;
                    l[gj + 2] = l2;
                    l[gj + 3] = l3;
                    d0 -= s0 * l0;
                    d1 -= s1 * l1;
                    d2 -= s2 * l2;
                    d3 -= s3 * l3;
                    int xj = j * LANES;
                    y0 -= l0 * x[xj];
                    y1 -= l1 * x[xj + 1];
                    y2 -= l2 * x[xj + 2];
                    y3 -= l3 * x[xj + 3];
                    if (oneBorder) {
                        // L[e][g] = (M[e][g] - sum_j L[e][j] D[j] L[g][j]) / D[g], D[j] L[g][j] = s
                        v0 -= border[ij] * s0;
                        v1 -= border[ij + 1] * s1;
                        v2 -= border[ij + 2] * s2;
                        v3 -= border[ij + 3] * s3;
                    }
                }
                x[xg] = y0;
                x[xg + 1] = y1;
                x[xg + 2] = y2;
                x[xg + 3] = y3;
                pivots[0] = d0;
                pivots[1] = d1;
                pivots[2] = d2;
                pivots[3] = d3;
                for (int q = 0; q < LANES; q++) {
                    double original = diag[di + q];
                    if (!(pivots[q] > Pivots.TOLERANCE * original)) {
                        throw new IllPosedProblemException(items[q], Pivots.describe(batch, g, pivots[q], original));
                    }
                    invD[di + q] = 1.0 / pivots[q];
                    minPivotRatio = Math.min(minPivotRatio, pivots[q] / original);
                }
                if (oneBorder) {
                    border[di] = v0 * invD[di];
                    border[di + 1] = v1 * invD[di + 1];
                    border[di + 2] = v2 * invD[di + 2];
                    border[di + 3] = v3 * invD[di + 3];
                } else {
                    borderRows(g, lo, di);
                }
                // forward substitution into the border, and the Schur complement
                for (int e = 0; e < m; e++) {
                    int rg = e * nb * LANES + di;
                    int xe = layout.borderColumn(e) * LANES;
                    for (int q = 0; q < LANES; q++) {
                        double le = border[rg + q];
                        x[xe + q] -= le * x[xg + q];
                        for (int e2 = 0; e2 <= e; e2++) {
                            f.schur[q * m * m + e * m + e2] -= le * pivots[q] * border[e2 * nb * LANES + di + q];
                        }
                    }
                }
            }
        }

        /** Border rows of L at band row g when there are several border unknowns (periodic):
         * L[e][g] = (M[e][g] - sum_k L[e][k] D[k] L[g][k]) / D[g], with D[k] L[g][k] in w. */
        private void borderRows(int g, int lo, int di) {
            double[] border = f.border;
            int shift = layout.shift;
            for (int e = 0; e < layout.borderSize; e++) {
                int row = e * layout.bandSize * LANES;
                int rg = row + di;
                for (int q = 0; q < LANES; q++) {
                    double v = border[rg + q];
                    for (int k = lo; k < g; k++) {
                        v -= border[row + (k - shift) * LANES + q] * w[(k - lo) * LANES + q];
                    }
                    border[rg + q] = v * f.invD[di + q];
                }
            }
        }
    }
}
