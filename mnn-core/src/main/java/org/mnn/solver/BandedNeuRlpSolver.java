package org.mnn.solver;

import org.mnn.ode.OdeBatch;

/**
 * The default NeuRLP solver: per batch item, an envelope (banded) LDL^T factorisation of the
 * normal equations M = A^T W A with the dense border (slack, periodic step) removed by a Schur
 * complement. O(N b len^2) time and O(N b len) memory per item: linear in N.
 *
 * <p>What makes it fast (measured, see the README's benchmark): assembly, factorisation and
 * forward substitution run in one sweep over the steps ({@link BandedFactorization}), so each
 * step's storage is zeroed, filled and factored while it is in cache; every step is assembled
 * from a precompiled {@link AssemblyPlan} instead of the general row generator; pivots are kept
 * as reciprocals; and {@value #LANES} batch items are factored in lock-step with their storage
 * interleaved
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

    /**
     * How this JVM runs the solver's inner loops: "vector API, 256-bit" (SIMD; needs
     * {@code --add-modules jdk.incubator.vector} and 256-bit vectors) or "scalar Java" (see
     * {@link LaneKernels}).
     */
    public static String laneArithmetic() {
        return LaneKernels.get().description();
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
        RowStencil[] stencils = RowStencil.perStep(batch, options, rows);
        AssemblyPlan[] plans = plans(stencils, layout, batch.order());
        int perItem = batch.points() * batch.blockSize();
        int groups = (batch.batch() + LANES - 1) / LANES;
        Storage st = storage(groups, batch.batch(), layout, perItem);
        Factor factor = new Factor(layout, st, ++generation, stencils, Refinement.of(batch, rows, stencils));
        BatchParallel.forEachRange(groups, (long) LANES * perItem, () -> {
            BandedFactorization sweep = new BandedFactorization(batch, rows, layout, plans, stencils);
            return (from, to) -> {
                for (int group = from; group < to; group++) {
                    sweep.solve(lanesOf(group, batch.batch()), st.groups[group], st.u, st.eps);
                }
            };
        });
        return new Solution(batch, options, st.u, st.eps, factor);
    }

    /** The assembly plan of every step (steps sharing a stencil share a plan). */
    static AssemblyPlan[] plans(RowStencil[] stencils, BandLayout layout, int order) {
        AssemblyPlan[] plans = new AssemblyPlan[stencils.length];
        for (int s = 0; s < stencils.length; s++) {
            plans[s] = s > 0 && stencils[s] == stencils[s - 1] ? plans[s - 1]
                    : new AssemblyPlan(stencils[s], layout, order);
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

    private final class Factor implements SystemFactor {
        private final BandLayout layout;
        private final Storage storage;
        private final long solveGeneration;
        private final RowStencil[] stencils;
        private final Refinement refinement;

        Factor(BandLayout layout, Storage storage, long solveGeneration, RowStencil[] stencils, Refinement refinement) {
            this.layout = layout;
            this.storage = storage;
            this.solveGeneration = solveGeneration;
            this.stencils = stencils;
            this.refinement = refinement;
        }

        @Override
        public RowStencil[] stencils() {
            return stencils;
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
            BandedSubstitution.solveInPlace(layout, f, x);
            if (refine) {
                refinement.refine(items, x, b, (group, r) -> BandedSubstitution.solveInPlace(layout, f, r));
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

}
