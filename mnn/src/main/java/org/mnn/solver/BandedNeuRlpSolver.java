package org.mnn.solver;

import java.util.Arrays;
import org.mnn.ode.OdeBatch;

/**
 * The default NeuRLP solver: per batch item, an envelope (banded) LDL^T factorisation of the
 * normal equations M = A^T W A with the dense border (slack, periodic step) removed by a Schur
 * complement. Assembly, factorisation and forward substitution run in one sweep over the steps
 * (assembly is the largest single cost when done as a separate pass); pivots are stored as
 * reciprocals so the inner loops only multiply. O(N b len^2) time and O(N b len) memory per
 * item, items in parallel on all cores, float64.
 *
 * <p>By default every solve allocates its own factor storage. {@link #reusingBuffers()} returns a
 * solver that keeps one set of buffers and reuses it: the training loop's pattern (solve, then
 * backward, then the next solve) without allocating hundreds of megabytes per step. A solution's
 * {@code backward} then fails loudly if a later solve has already reused its factors.
 */
public final class BandedNeuRlpSolver implements OdeSolver {
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
        int perItem = batch.points() * batch.blockSize();
        Storage st = storage(batch.batch(), layout, perItem);
        Factor factor = new Factor(layout, st, ++generation);
        BatchParallel.forEachRange(batch.batch(), perItem, (from, to) -> {
            Sweep sweep = new Sweep(batch, rows, layout);
            for (int item = from; item < to; item++) {
                sweep.solve(item, factor.item(item), st.u, item * perItem, st.eps);
            }
        });
        return new Solution(batch, options, st.u, st.eps, factor);
    }

    private Storage storage(int items, BandLayout layout, int perItem) {
        if (reuse && storage != null && storage.fits(items, layout, perItem)) {
            return storage;
        }
        Storage st = new Storage(items, layout, perItem);
        if (reuse) {
            storage = st;
        }
        return st;
    }

    /** The arrays a solve writes: factors per item, solution values, slack. */
    private static final class Storage {
        final ItemFactor[] items;
        final double[] u;
        final double[] eps;

        Storage(int count, BandLayout layout, int perItem) {
            items = new ItemFactor[count];
            for (int i = 0; i < count; i++) {
                items[i] = new ItemFactor(layout);
            }
            u = new double[count * perItem];
            eps = new double[count];
        }

        boolean fits(int count, BandLayout layout, int perItem) {
            return items.length == count && u.length == count * perItem
                    && items[0].l.length == layout.factorLength()
                    && items[0].invD.length == layout.bandSize
                    && items[0].border.length == (long) layout.borderSize * layout.bandSize;
        }
    }

    /** One item's factor: L (envelope rows), 1/D, the border rows of L and the Schur factor. */
    static final class ItemFactor {
        final double[] l;
        final double[] invD;
        final double[] border;
        final double[] schur;

        ItemFactor(BandLayout layout) {
            l = new double[Math.toIntExact(layout.factorLength())];
            invD = new double[layout.bandSize];
            border = new double[layout.borderSize * layout.bandSize];
            schur = new double[layout.borderSize * layout.borderSize];
        }
    }

    private final class Factor implements SystemFactor {
        private final BandLayout layout;
        private final Storage storage;
        private final long solveGeneration;

        Factor(BandLayout layout, Storage storage, long solveGeneration) {
            this.layout = layout;
            this.storage = storage;
            this.solveGeneration = solveGeneration;
        }

        ItemFactor item(int i) {
            return storage.items[i];
        }

        @Override
        public void solve(int item, double[] x) {
            ItemFactor f = storage.items[item];
            for (int g = layout.shift; g < layout.shift + layout.bandSize; g++) {
                forwardRow(layout, f, g, x);
            }
            finishSolve(layout, f, x);
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

    /** Forward substitution of band row g: x[g] -= L[g][.] x[.]; border rows accumulate. */
    static void forwardRow(BandLayout layout, ItemFactor f, int g, double[] x) {
        double[] l = f.l;
        int base = layout.rowBase(g);
        double v = x[g];
        for (int k = layout.first(g); k < g; k++) {
            v -= l[base + k] * x[k];
        }
        x[g] = v;
        int bandIndex = g - layout.shift;
        for (int e = 0; e < layout.borderSize; e++) {
            x[layout.borderColumn(e)] -= f.border[e * layout.bandSize + bandIndex] * v;
        }
    }

    /** After forward substitution: D^{-1}, the border (Schur) solve, back substitution with L^T. */
    static void finishSolve(BandLayout layout, ItemFactor f, double[] x) {
        int m = layout.borderSize;
        int nb = layout.bandSize;
        int shift = layout.shift;
        if (m > 0) {
            double[] y = new double[m];
            for (int e = 0; e < m; e++) {
                y[e] = x[layout.borderColumn(e)];
            }
            DenseLdl.solve(f.schur, m, y);
            for (int e = 0; e < m; e++) {
                x[layout.borderColumn(e)] = y[e];
            }
        }
        // L_bb^T z_b = D^{-1} y_b - L_eb^T z_e
        for (int bi = 0; bi < nb; bi++) {
            double v = x[bi + shift] * f.invD[bi];
            for (int e = 0; e < m; e++) {
                v -= f.border[e * nb + bi] * x[layout.borderColumn(e)];
            }
            x[bi + shift] = v;
        }
        double[] l = f.l;
        for (int g = shift + nb - 1; g >= shift; g--) {
            double v = x[g];
            int base = layout.rowBase(g);
            for (int k = layout.first(g); k < g; k++) {
                x[k] -= l[base + k] * v;
            }
        }
    }

    /** Per-thread state for the fused assemble-factor-substitute sweep of one item at a time. */
    private static final class Sweep extends NormalEquations {
        private final OdeBatch batch;
        private final NeuRlpRows rows;
        private final BandLayout layout;
        private final RowBuffer buf;
        private final double[] x;
        private final double[] w;
        private final double[] diag;
        /** Diagonal of M at the border unknowns before elimination: the yardstick of their pivots. */
        private final double[] borderDiag;
        private ItemFactor f;

        Sweep(OdeBatch batch, NeuRlpRows rows, BandLayout layout) {
            this.batch = batch;
            this.rows = rows;
            this.layout = layout;
            this.buf = rows.newBuffer(false);
            this.x = new double[rows.unknowns()];
            int maxLen = Arrays.stream(layout.len).max().orElse(0);
            this.w = new double[maxLen + 1];
            this.diag = new double[layout.bandSize];
            this.borderDiag = new double[layout.borderSize];
        }

        @Override
        void addMatrix(int i, int j, double v) {
            int bi = layout.borderIndex(i);
            int bj = layout.borderIndex(j);
            if (bi < 0 && bj < 0) {
                if (i == j) {
                    diag[i - layout.shift] += v;
                } else {
                    f.l[layout.rowBase(i) + j] += v;
                }
            } else if (bi >= 0 && bj >= 0) {
                int hi = Math.max(bi, bj);
                int lo = Math.min(bi, bj);
                f.schur[hi * layout.borderSize + lo] += v;
                if (hi == lo) {
                    borderDiag[hi] += v;
                }
            } else if (bi >= 0) {
                f.border[bi * layout.bandSize + j - layout.shift] += v;
            } else {
                f.border[bj * layout.bandSize + i - layout.shift] += v;
            }
        }

        @Override
        void addRhs(int i, double v) {
            x[i] += v;
        }

        void solve(int item, ItemFactor factor, double[] u, int uOffset, double[] eps) {
            f = factor;
            Arrays.fill(f.l, 0.0);
            Arrays.fill(f.border, 0.0);
            Arrays.fill(f.schur, 0.0);
            Arrays.fill(diag, 0.0);
            Arrays.fill(borderDiag, 0.0);
            Arrays.fill(x, 0.0);
            int first = layout.shift / layout.block;
            int points = batch.points();
            int done = first;
            for (int s = 0; s < points; s++) {
                rows.rowsEndingAt(item, s, buf);
                addRows(buf, layout.slackColumn);
                if (s - layout.span >= done) {
                    factorStep(item, done++);
                }
            }
            while (done < points) {
                factorStep(item, done++);
            }
            if (layout.slackColumn >= 0) {
                x[layout.slackColumn] += rows.alpha();
            }
            int m = layout.borderSize;
            int failed = m > 0 ? DenseLdl.factor(f.schur, m, borderDiag) : -1;
            if (failed >= 0) {
                throw new IllPosedProblemException(item, Pivots.describe(batch, layout.borderColumn(failed),
                        f.schur[failed * m + failed], borderDiag[failed]));
            }
            finishSolve(layout, f, x);
            int perItem = points * layout.block;
            System.arraycopy(x, 0, u, uOffset, perItem);
            eps[item] = layout.slackColumn >= 0 ? x[layout.slackColumn] : 0.0;
        }

        /** Factors the band rows of step t (complete once rows up to step t + span are in). */
        private void factorStep(int item, int t) {
            int nb = layout.bandSize;
            int m = layout.borderSize;
            double[] l = f.l;
            for (int g = t * layout.block; g < (t + 1) * layout.block; g++) {
                int lo = layout.first(g);
                int base = layout.rowBase(g);
                double d = diag[g - layout.shift];
                for (int j = lo; j < g; j++) {
                    int baseJ = layout.rowBase(j);
                    double sum = l[base + j];
                    for (int k = Math.max(lo, layout.first(j)); k < j; k++) {
                        sum -= w[k - lo] * l[baseJ + k];
                    }
                    w[j - lo] = sum;
                    double lij = sum * f.invD[j - layout.shift];
                    l[base + j] = lij;
                    d -= sum * lij;
                }
                double original = diag[g - layout.shift];
                if (!(d > Pivots.TOLERANCE * original)) {
                    throw new IllPosedProblemException(item, Pivots.describe(batch, g, d, original));
                }
                double inv = 1.0 / d;
                int bi = g - layout.shift;
                f.invD[bi] = inv;
                for (int e = 0; e < m; e++) {
                    int row = e * nb;
                    double v = f.border[row + bi];
                    for (int k = lo; k < g; k++) {
                        v -= f.border[row + k - layout.shift] * w[k - lo];
                    }
                    double le = v * inv;
                    f.border[row + bi] = le;
                    for (int e2 = 0; e2 <= e; e2++) {
                        f.schur[e * m + e2] -= le * d * f.border[e2 * nb + bi];
                    }
                }
                forwardRow(layout, f, g, x);
            }
        }
    }
}
