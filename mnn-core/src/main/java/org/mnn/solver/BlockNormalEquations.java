package org.mnn.solver;

import java.util.Arrays;
import java.util.function.Consumer;
import org.mnn.ode.OdeBatch;

/**
 * The NeuRLP normal equations M z = A^T W beta + alpha e_eps of a batch, assembled as a
 * block-tridiagonal band plus a small dense border: the service-provider interface for solvers
 * outside this package that factor M with tensor operations or device kernels
 * ({@code org.mnn.solver.nd4j}, {@code org.mnn.solver.cuda}).
 * The rows come from the same generator as every other solver; refinement, the backward pass
 * and the residual norms are this package's, so a solver written on this class only has to
 * factor and solve.
 *
 * <p>Layout. Per item, the unknowns in global order are u[s,d,k] at {@code s*b + d*(R+1) + k}
 * (b = D*(R+1)) followed by the slack eps. The <em>border</em> is the slack and, for periodic
 * problems, the unknowns of step 0 (the periodic rows tie them to the last step);
 * {@link #borderSize()} = mb of them, in the order step 0's unknowns, then the slack. The rest,
 * the <em>band</em>, is cut into {@link #blocks()} = K consecutive blocks of
 * {@link #blockSize()} = m = p*b unknowns, p = {@link #stepsPerBlock()} steps each (p = 2 when
 * central rows couple steps two apart, else 1), so that M restricted to the band is block
 * tridiagonal; the last block is padded with unknowns whose row and column are the identity.
 * Arrays are flat and row-major within a block; blocks and items are ordered by the factorizer's
 * {@link Layout}: <em>block-major</em> ({@code [K][B][...]}, one block of every item is one
 * contiguous batch of small matrices; the default, shapes below) or item-interleaved
 * ({@code [K][...][B]}):
 * <ul>
 *   <li>diagonal blocks {@code [K][B][m][m]} (both triangles);</li>
 *   <li>upper blocks {@code [K][B][m][m]}: block k (k &gt;= 1) holds M[rows of block k-1][columns
 *       of block k]; block 0 is zero;</li>
 *   <li>border columns {@code [K][B][m][mb]}: M[band unknown][border unknown];</li>
 *   <li>corner {@code [B][mb][mb]}: M[border][border];</li>
 *   <li>band right-hand side {@code [K][B][m]} and border right-hand side {@code [B][mb]}.</li>
 * </ul>
 * Vectors in global order ({@link #toBlocks}, {@link #fromBlocks}) are {@code [B][n]},
 * n = {@link #unknowns()}, items contiguous.
 *
 * <p>A solver built on this class implements {@link Factorizer} and calls {@link #solve}.
 */
public final class BlockNormalEquations {
    /**
     * What a solver built on this class provides: the factorisation of every item's block
     * matrices (from the arrays {@link #assemble} fills), kept by the {@link Solution} for its
     * backward pass.
     */
    public interface BlockFactor {
        /**
         * Solves M x = r in place for every item: {@code band} is {@code [K][B][m]},
         * {@code border} {@code [B][mb]} (null when mb = 0), the layouts of {@link #assemble}'s
         * right-hand sides.
         */
        void solveBlocks(double[] band, double[] border);

        /** The smallest pivot / diagonal-of-M ratio over the whole batch (for the refinement rule). */
        double minPivotRatio();

        /** Throws if the factorisation is no longer usable (its storage was released or reused). */
        default void checkValid() {
        }
    }

    /** Factors the assembled block arrays of {@code sys} (shapes in the class comment). */
    public interface Factorizer {
        BlockFactor factor(BlockNormalEquations sys, double[] diag, double[] upper, double[] border, double[] corner);

        /** The layout of every array this factorizer and its factor receive. */
        default Layout layout() {
            return Layout.BLOCK_MAJOR;
        }
    }

    /**
     * How the arrays order blocks, items and the elements within a block: element e (of
     * {@code per}) of item b in block k sits at {@link #at}.
     */
    public enum Layout {
        /** {@code [K][B][per]}: one block of every item is a contiguous batch of small matrices (tensor ops). */
        BLOCK_MAJOR,
        /** {@code [K][per][B]}: the items of one element are contiguous (one GPU thread per item reads coalesced). */
        ITEM_INTERLEAVED;

        /** The index of element e of item b in block k, for B items of {@code per} elements per block. */
        public int at(int k, int b, int e, int per, int items) {
            return this == BLOCK_MAJOR ? (k * items + b) * per + e : (k * per + e) * items + b;
        }
    }

    private final OdeBatch batch;
    private final NeuRlpOptions options;
    private final NeuRlpRows rows;
    private final BandLayout layout;
    private final int items;
    private final int stepsPerBlock;
    private final int m;
    private final int k;
    private final int mb;
    private final int n;
    private final int bandUnknowns;
    private final int shift;
    private final RowStencil[] stencils;
    private final AssemblyPlan[] plans;

    private BlockNormalEquations(OdeBatch batch, NeuRlpOptions options) {
        this.batch = batch;
        this.options = options;
        this.rows = new NeuRlpRows(batch, options);
        this.layout = new BandLayout(batch, rows);
        this.items = batch.batch();
        this.stepsPerBlock = Math.max(1, layout.span);
        this.m = stepsPerBlock * batch.blockSize();
        this.bandUnknowns = layout.bandSize;
        this.k = (bandUnknowns + m - 1) / m;
        this.mb = layout.borderSize;
        this.n = rows.unknowns();
        this.shift = layout.shift;
        this.stencils = RowStencil.perStep(batch, options, rows);
        this.plans = BandedNeuRlpSolver.plans(stencils, layout, batch.order());
    }

    public static BlockNormalEquations of(OdeBatch batch, NeuRlpOptions options) {
        return new BlockNormalEquations(batch, options);
    }

    public OdeBatch batch() { return batch; }
    public NeuRlpOptions options() { return options; }
    /** B. */
    public int items() { return items; }
    /** K, the number of band blocks. */
    public int blocks() { return k; }
    /** m, unknowns per band block (padding included). */
    public int blockSize() { return m; }
    /** p, grid steps per band block. */
    public int stepsPerBlock() { return stepsPerBlock; }
    /** mb, the border unknowns (step 0 if periodic, then the slack if present). */
    public int borderSize() { return mb; }
    /** n, unknowns per item in global order: N*D*(R+1) plus the slack. */
    public int unknowns() { return n; }

    /**
     * Assembles, factors with {@code factorizer}, solves and refines (by the banded solver's
     * rule): the whole forward pass of a solver built on this class.
     */
    public Solution solve(Factorizer factorizer) {
        long blockValues = (long) k * items * m * Math.max(m, mb);
        if (blockValues > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("batch too large for the block solvers: " + items + " items of " + k
                    + " blocks of " + m + " x " + m + " need " + blockValues + " values in one array, more than a"
                    + " Java array holds (" + Integer.MAX_VALUE + "); split the batch or use the cpu solver");
        }
        double[] diag = new double[k * items * m * m];
        double[] upper = new double[k * items * m * m];
        double[] band = new double[k * items * m];
        double[] border = mb > 0 ? new double[k * items * m * mb] : null;
        double[] corner = mb > 0 ? new double[items * mb * mb] : null;
        double[] borderRhs = mb > 0 ? new double[items * mb] : null;
        Layout out = factorizer.layout();
        assemble(out, diag, upper, border, corner, band, borderRhs);
        BlockFactor factor = factorizer.factor(this, diag, upper, border, corner);
        GlobalSolves solves = new GlobalSolves(factor, out, refinementSteps(factor.minPivotRatio()));
        factor.solveBlocks(band, borderRhs);
        double[] x = new double[items * n];
        fromBlocks(out, band, borderRhs, x);
        refine(x, null, solves.refinementSteps, solves::solvePlain);
        return solution(x, solves);
    }

    /**
     * Fills the block arrays (shapes in the class comment, in layout {@code out}; any previous
     * contents are overwritten) from the NeuRLP rows, in parallel over the batch. {@code border},
     * {@code corner} and {@code borderRhs} may be null when {@link #borderSize()} is 0.
     */
    public void assemble(Layout out, double[] diag, double[] upper, double[] border, double[] corner, double[] rhs,
                         double[] borderRhs) {
        long mm = (long) k * items * m * m;
        require("diagonal blocks", diag, mm);
        require("upper blocks", upper, mm);
        require("band rhs", rhs, (long) k * items * m);
        if (mb > 0) {
            require("border columns", border, (long) k * items * m * mb);
            require("corner", corner, (long) items * mb * mb);
            require("border rhs", borderRhs, (long) items * mb);
        }
        // the banded solver's compiled assembly (AssemblyPlan), four items at a time, then each
        // entry moved to its block: several times faster than walking the rows entry by entry
        int lanes = BandedNeuRlpSolver.LANES;
        int groups = (items + lanes - 1) / lanes;
        BatchParallel.forEachRange(groups, (long) lanes * n * m, () -> {
            BandedFactorization sweep = new BandedFactorization(batch, rows, layout, plans, stencils);
            GroupFactor group = new GroupFactor(layout);
            double[][] scratch = {new double[m * m * lanes], new double[m * m * lanes]};
            return (from, to) -> {
                for (int gi = from; gi < to; gi++) {
                    int[] lane = BandedNeuRlpSolver.lanesOf(gi, items);
                    int used = Math.min(lanes, items - gi * lanes);
                    sweep.assemble(lane, group);
                    scatter(out, lane, used, sweep, group, scratch, diag, upper, border, corner, rhs, borderRhs);
                }
            };
        });
    }

    /**
     * Moves an assembled group's first {@code used} lanes into the block arrays, every element
     * of their blocks written (zero outside the band's envelope): block by block, the lanes'
     * dense blocks built in {@code scratch} ({@code [m*m][lane]}, diagonal and upper), so that in
     * the item-interleaved layout the lanes' writes land side by side.
     */
    private void scatter(Layout out, int[] lane, int used, BandedFactorization sweep, GroupFactor group,
                         double[][] scratch, double[] diag, double[] upper, double[] border, double[] corner,
                         double[] rhs, double[] borderRhs) {
        int lanes = BandedNeuRlpSolver.LANES;
        double[] md = sweep.diagonal();
        double[] x = sweep.rhs();
        double[] d = scratch[0];
        double[] u = scratch[1];
        for (int kb = 0; kb < k; kb++) {
            Arrays.fill(d, 0.0);
            Arrays.fill(u, 0.0);
            int start = kb * m + shift;
            for (int la = 0; la < m; la++) {
                int a = kb * m + la;
                if (a >= bandUnknowns) {
                    // padding of the last block: identity row and column
                    Arrays.fill(d, (la * m + la) * lanes, (la * m + la + 1) * lanes, 1.0);
                    continue;
                }
                int g = a + shift;
                System.arraycopy(md, a * lanes, d, (la * m + la) * lanes, lanes);
                int base = layout.rowBase(g);
                for (int j = layout.first(g); j < g; j++) {
                    int from = (base + j) * lanes;
                    int lc = j - start;
                    if (lc >= 0) {
                        System.arraycopy(group.l, from, d, (la * m + lc) * lanes, lanes);
                        System.arraycopy(group.l, from, d, (lc * m + la) * lanes, lanes);
                    } else if (lc >= -m) {
                        // row g against block kb - 1: U_kb holds M[block kb-1][block kb]
                        System.arraycopy(group.l, from, u, ((lc + m) * m + la) * lanes, lanes);
                    } else {
                        for (int q = 0; q < lanes; q++) {
                            if (group.l[from + q] != 0) {
                                throw new IllegalStateException("entry (" + g + ", " + j + ") outside the block band");
                            }
                        }
                    }
                }
            }
            for (int q = 0; q < used; q++) {
                int item = lane[q];
                for (int e = 0; e < m * m; e++) {
                    int at = out.at(kb, item, e, m * m, items);
                    diag[at] = d[e * lanes + q];
                    upper[at] = u[e * lanes + q];
                }
                for (int la = 0; la < m; la++) {
                    int a = kb * m + la;
                    boolean real = a < bandUnknowns;
                    rhs[out.at(kb, item, la, m, items)] = real ? x[(a + shift) * lanes + q] : 0.0;
                    for (int e = 0; e < mb; e++) {
                        border[out.at(kb, item, la * mb + e, m * mb, items)] =
                                real ? group.border[(e * bandUnknowns + a) * lanes + q] : 0.0;
                    }
                }
            }
        }
        for (int q = 0; q < used; q++) {
            int item = lane[q];
            for (int e = 0; e < mb; e++) {
                for (int f = 0; f <= e; f++) {
                    double v = group.schur[q * mb * mb + e * mb + f];
                    corner[out.at(0, item, e * mb + f, mb * mb, items)] = v;
                    corner[out.at(0, item, f * mb + e, mb * mb, items)] = v;
                }
                double alpha = layout.slackColumn >= 0 && e == mb - 1 ? rows.alpha() : 0.0;
                borderRhs[out.at(0, item, e, mb, items)] = x[layout.borderColumn(e) * lanes + q] + alpha;
            }
        }
    }

    /** Splits global vectors {@code [B][n]} into a band part {@code [K][B][m]} (in layout {@code out};
     * padding 0) and a border part {@code [B][mb]} (may be null when mb = 0). */
    public void toBlocks(Layout out, double[] global, double[] band, double[] borderPart) {
        require("global vector", global, (long) items * n);
        Arrays.fill(band, 0.0);
        for (int item = 0; item < items; item++) {
            int o = item * n;
            for (int g = 0; g < n; g++) {
                int bi = layout.borderIndex(g);
                if (bi >= 0) {
                    borderPart[out.at(0, item, bi, mb, items)] = global[o + g];
                } else {
                    int a = g - shift;
                    band[out.at(a / m, item, a % m, m, items)] = global[o + g];
                }
            }
        }
    }

    /** The inverse of {@link #toBlocks}: writes {@code global} ({@code [B][n]}). */
    public void fromBlocks(Layout out, double[] band, double[] borderPart, double[] global) {
        require("global vector", global, (long) items * n);
        for (int item = 0; item < items; item++) {
            int o = item * n;
            for (int g = 0; g < n; g++) {
                int bi = layout.borderIndex(g);
                if (bi >= 0) {
                    global[o + g] = borderPart[out.at(0, item, bi, mb, items)];
                } else {
                    int a = g - shift;
                    global[o + g] = band[out.at(a / m, item, a % m, m, items)];
                }
            }
        }
    }

    /** The exception for a non-positive pivot of band unknown (block, local) of {@code item}. */
    public IllPosedProblemException illPosedBand(int item, int block, int local, double pivot, double diagonal) {
        int g = Math.min(block * m + local + shift, n - 1);
        return new IllPosedProblemException(item, Pivots.describe(batch, g, pivot, diagonal));
    }

    /** The exception for a non-positive pivot of border unknown e of {@code item}. */
    public IllPosedProblemException illPosedBorder(int item, int e, double pivot, double diagonal) {
        return new IllPosedProblemException(item, Pivots.describe(batch, layout.borderColumn(e), pivot, diagonal));
    }

    /** A pivot at or below this fraction of its diagonal entry of M means a singular system. */
    public static double pivotTolerance() {
        return Pivots.TOLERANCE;
    }

    /**
     * Refinement steps this solve gets (the same rule as the banded solver: the options' count,
     * or in the automatic setting up to {@link NeuRlpOptions#AUTO_REFINEMENT_STEPS} for R &gt;= 3
     * or when the smallest pivot / diagonal ratio is below {@link NeuRlpOptions#AUTO_REFINEMENT_PIVOT});
     * 0 for none.
     */
    private int refinementSteps(double minPivotRatio) {
        Refinement r = Refinement.of(batch, rows, stencils);
        return r != null && r.wanted(minPivotRatio < NeuRlpOptions.AUTO_REFINEMENT_PIVOT) ? r.maxSteps() : 0;
    }

    /**
     * Iterative refinement with residuals from the rows: x += M^{-1}(b - M x), at most
     * {@code steps} times, until every item's correction is below 1e-14 of its size. x and b are
     * {@code [B][n]}; with {@code b == null} the right-hand side is the forward problem's.
     */
    private void refine(double[] x, double[] b, int steps, Consumer<double[]> plainSolve) {
        if (steps <= 0) {
            return;
        }
        // the residual does not depend on the refinement setting: a refinement object of any
        // setting with steps > 0 computes it
        // (the stencils do not depend on the refinement setting: the assembly's serve)
        Refinement ref = Refinement.of(batch, new NeuRlpRows(batch, options.withRefinement(steps)), stencils);
        int lanes = BandedNeuRlpSolver.LANES;
        int groups = (items + lanes - 1) / lanes;
        double[] r = new double[x.length];
        for (int step = 0; step < steps; step++) {
            // the residual works on groups of interleaved items, as the banded solver keeps them
            BatchParallel.forEachRange(groups, (long) n * lanes, () -> (from, to) -> {
                double[] xg = new double[n * lanes];
                double[] bg = b == null ? null : new double[n * lanes];
                double[] rg = new double[n * lanes];
                for (int group = from; group < to; group++) {
                    int[] lane = BandedNeuRlpSolver.lanesOf(group, items);
                    for (int q = 0; q < lanes; q++) {
                        for (int i = 0; i < n; i++) {
                            xg[i * lanes + q] = x[lane[q] * n + i];
                            if (bg != null) {
                                bg[i * lanes + q] = b[lane[q] * n + i];
                            }
                        }
                    }
                    ref.residual(lane, xg, bg, rg);
                    for (int q = 0; q < lanes && group * lanes + q < items; q++) {
                        for (int i = 0; i < n; i++) {
                            r[lane[q] * n + i] = rg[i * lanes + q];
                        }
                    }
                }
            });
            plainSolve.accept(r);
            boolean converged = true;
            for (int item = 0; item < items; item++) {
                double dx = 0;
                double size = 0;
                for (int i = item * n; i < (item + 1) * n; i++) {
                    x[i] += r[i];
                    dx = Math.max(dx, Math.abs(r[i]));
                    size = Math.max(size, Math.abs(x[i]));
                }
                converged &= dx <= Refinement.TOLERANCE * size;
            }
            if (converged) {
                return;
            }
        }
    }

    /**
     * The {@link Solution} for the solved vectors {@code x} ({@code [B][n]}, global order): u and
     * eps are copied out of x; {@code solves} serve the backward pass.
     */
    private Solution solution(double[] x, GlobalSolves solves) {
        require("solution vector", x, (long) items * n);
        int perItem = batch.points() * batch.blockSize();
        double[] u = new double[items * perItem];
        double[] eps = new double[items];
        for (int item = 0; item < items; item++) {
            System.arraycopy(x, item * n, u, item * perItem, perItem);
            eps[item] = options.slack() ? x[item * n + perItem] : 0.0;
        }
        return new Solution(batch, options, u, eps, solves);
    }

    /**
     * A {@link BlockFactor} on global vectors {@code [B][n]}, with refinement: what the adjoint
     * uses, solving all items at once.
     */
    private final class GlobalSolves implements SystemFactor {
        private final BlockFactor factor;
        private final Layout out;
        final int refinementSteps;

        GlobalSolves(BlockFactor factor, Layout out, int refinementSteps) {
            this.factor = factor;
            this.out = out;
            this.refinementSteps = refinementSteps;
        }

        /** One solve with the factors, no refinement. */
        void solvePlain(double[] x) {
            double[] band = new double[k * items * m];
            double[] borderPart = mb > 0 ? new double[items * mb] : null;
            toBlocks(out, x, band, borderPart);
            factor.solveBlocks(band, borderPart);
            fromBlocks(out, band, borderPart, x);
        }

        @Override
        public int lanes() {
            return 1;
        }

        @Override
        public boolean batched() {
            return true;
        }

        @Override
        public void solveAll(double[] x) {
            double[] rhs = refinementSteps > 0 ? x.clone() : null;
            solvePlain(x);
            refine(x, rhs, refinementSteps, this::solvePlain);
        }

        @Override
        public void solve(int[] which, double[] x) {
            double[] all = new double[items * n];
            System.arraycopy(x, 0, all, which[0] * n, n);
            solveAll(all);
            System.arraycopy(all, which[0] * n, x, 0, n);
        }

        @Override
        public void checkValid() {
            factor.checkValid();
        }
    }

    private static void require(String what, double[] a, long length) {
        if (a == null || a.length != length) {
            throw new IllegalArgumentException(what + ": expected " + length + " values, got "
                    + (a == null ? "null" : String.valueOf(a.length)));
        }
    }
}
