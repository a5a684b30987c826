package org.mnn.solver;

import org.mnn.ode.OdeBatch;

/**
 * Iterative refinement of a normal-equations solve with residuals taken from the rows:
 * x += M^{-1} (b - M x) with M x = A^T W A x evaluated row by row, until the correction is below
 * {@link #TOLERANCE} relative to x. Forming M = A^T W A squares cond(A): at order R &gt;= 3 and
 * small steps the Taylor entries reach h^R and their products h^(2R), and the rounding of M
 * loses the solution (R = 4 at h = 0.01: 1e-4 off the exact least-squares solution, then
 * growing as h falls). The residual from the rows restores it; each step costs one pass over
 * the rows and one solve with the existing factor.
 */
final class Refinement {
    /** Correction size, relative to x, at which refinement stops. */
    static final double TOLERANCE = 1e-14;

    /** Solves M r = r in place with the kept factor. */
    @FunctionalInterface
    interface Solve {
        void apply(int[] items, double[] r);
    }

    private final OdeBatch batch;
    private final NeuRlpRows rows;
    /** The rows of every step ({@link RowStencil}): the solver's, or compiled on the first residual. */
    private volatile RowStencil[] stencils;
    private final int maxSteps;
    private final boolean always;
    private final LaneKernels kernels = LaneKernels.get();

    private Refinement(OdeBatch batch, NeuRlpRows rows, RowStencil[] stencils, int maxSteps, boolean always) {
        this.batch = batch;
        this.rows = rows;
        this.stencils = stencils;
        this.maxSteps = maxSteps;
        this.always = always;
    }

    /** The refinement the options ask for, or null for none. It works on the
     * {@value BandedNeuRlpSolver#LANES} interleaved items of a group. {@code stencils}: the
     * batch's, if the caller has them (every solve and worker makes a Refinement), else null. */
    static Refinement of(OdeBatch batch, NeuRlpRows rows, RowStencil[] stencils) {
        NeuRlpOptions options = rows.options();
        int steps = options.refinementSteps(batch.order());
        if (steps == 0) {
            return null;
        }
        boolean always = !options.automaticRefinement() || batch.order() >= 3;
        return new Refinement(batch, rows, stencils, steps, always);
    }

    /** Maximum refinement steps. */
    int maxSteps() {
        return maxSteps;
    }

    /** Whether a solve is refined, given whether a pivot fell below
     * {@link NeuRlpOptions#AUTO_REFINEMENT_PIVOT} of its diagonal. */
    boolean wanted(boolean smallPivot) {
        return always || smallPivot;
    }

    /**
     * Refines x (interleaved by lane) towards M x = b. With {@code b == null} the right-hand side
     * is the forward problem's, A^T W beta + alpha e_eps.
     */
    void refine(int[] items, double[] x, double[] b, Solve solve) {
        double[] r = new double[x.length];
        for (int step = 0; step < maxSteps; step++) {
            residual(items, x, b, r);
            solve.apply(items, r);
            double dx = 0;
            double size = 0;
            for (int i = 0; i < x.length; i++) {
                x[i] += r[i];
                dx = Math.max(dx, Math.abs(r[i]));
                size = Math.max(size, Math.abs(x[i]));
            }
            if (dx <= TOLERANCE * size) {
                return;
            }
        }
    }

    /** r = b - A^T W A x, or A^T W (beta - A x) + alpha e_eps when b is null (x, b, r interleaved
     * by lane, the {@value BandedNeuRlpSolver#LANES} items of a group; a repeated item is computed
     * like the others). The rows come from the steps' {@link RowStencil}s, their numbers from
     * {@link EntryValues} (kept while the steps repeat), the arithmetic from the lane kernels. */
    void residual(int[] items, double[] x, double[] b, double[] r) {
        int lanes = BandedNeuRlpSolver.LANES;
        int block = batch.blockSize();
        int slack = rows.unknowns() > batch.points() * block ? batch.points() * block : -1;
        if (b == null) {
            java.util.Arrays.fill(r, 0.0);
        } else {
            System.arraycopy(b, 0, r, 0, r.length);
        }
        RowStencil[] stencils = stencils();
        EntryValues values = new EntryValues(stencils);
        double[] res = new double[lanes];
        double[] rhs = batch.rhs();
        double[] v = batch.initialValues();
        for (int s = 0; s < batch.points(); s++) {
            RowStencil st = stencils[s];
            values.load(batch, st, items, s);
            int base = s * block;
            for (int row = 0; row < st.rows; row++) {
                for (int q = 0; q < lanes; q++) {
                    double beta = 0.0;
                    if (b == null) {
                        if (st.kind[row] == RowStencil.COEFFICIENT) {
                            beta = rhs[batch.rhsIndex(items[q], s, st.equation[row])];
                        } else if (st.initial[row] >= 0) {
                            beta = v[batch.initialIndex(items[q], s, 0, 0) + st.initial[row]];
                        }
                    }
                    res[q] = beta - (st.slack[row] ? x[slack * lanes + q] : 0.0);
                }
                kernels.rowResidual(values.vals, st.colOffset, st.start[row], st.start[row + 1], base, st.weight[row],
                        x, r, res);
                if (st.slack[row]) {
                    for (int q = 0; q < lanes; q++) {
                        r[slack * lanes + q] += res[q];
                    }
                }
            }
        }
        if (b == null && slack >= 0) {
            for (int q = 0; q < lanes; q++) {
                r[slack * lanes + q] += rows.alpha();
            }
        }
    }

    /** Compiled once even when threads share this refinement (a solution's factor is shared by
     * the backward pass's threads); no lock once they exist. */
    private RowStencil[] stencils() {
        RowStencil[] compiled = stencils;
        if (compiled == null) {
            synchronized (this) {
                compiled = stencils;
                if (compiled == null) {
                    compiled = RowStencil.perStep(batch, rows.options(), rows);
                    stencils = compiled;
                }
            }
        }
        return compiled;
    }
}
