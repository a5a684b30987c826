package org.mnn.solver;

import java.util.Arrays;
import org.mnn.ode.OdeBatch;

/**
 * The fused sweep of the banded solver for one group of {@link BandedNeuRlpSolver#LANES}
 * items:
 * per step, zero what the step owns, assemble its rows through its {@link AssemblyPlan}, and
 * factor (Crout, reciprocal pivots) and forward-substitute the band rows that became complete;
 * then the Schur border, the back substitution and, where wanted, iterative refinement.
 * Per-thread state: one instance serves many groups.
 */
final class BandedFactorization {
    private static final int LANES = BandedNeuRlpSolver.LANES;
    private static final LaneKernels KERNELS = LaneKernels.get();

    private final OdeBatch batch;
    private final NeuRlpRows rows;
    private final BandLayout layout;
    private final AssemblyPlan[] plans;
    private final double[] x;
    private final double[] w;
    private final double[] diag;
    private final AssemblyScratch scratch;
    private final double[] pivots = new double[LANES];
    /** Diagonal of M at the border unknowns before elimination, {@code [lane][m]}: the
     * yardstick of their pivots (the Schur complement's own diagonal is rounding noise in a
     * singular direction). */
    private final double[] borderDiag;
    private final Refinement refinement;
    private GroupFactor f;
    /** Whether a pivot of the current group fell below {@link NeuRlpOptions#AUTO_REFINEMENT_PIVOT}
     * of its diagonal (decides automatic refinement). */
    private boolean smallPivot;

    BandedFactorization(OdeBatch batch, NeuRlpRows rows, BandLayout layout, AssemblyPlan[] plans,
                        RowStencil[] stencils) {
        this.batch = batch;
        this.rows = rows;
        this.layout = layout;
        this.plans = plans;
        this.x = new double[rows.unknowns() * LANES];
        int maxLen = Arrays.stream(layout.len).max().orElse(0);
        this.w = new double[(maxLen + 1) * LANES];
        this.diag = new double[layout.bandSize * LANES];
        this.scratch = new AssemblyScratch(plans);
        this.borderDiag = new double[LANES * layout.borderSize];
        this.refinement = Refinement.of(batch, rows, stencils);
    }

    void solve(int[] items, GroupFactor factor, double[] u, double[] eps) {
        start(factor);
        int points = batch.points();
        int block = layout.block;
        int done = layout.shift / block;
        smallPivot = false;
        for (int s = 0; s < points; s++) {
            clearStep(s);
            plans[s].assemble(batch, items, s, f, diag, x, scratch, borderDiag);
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
        BandedSubstitution.finishSolve(layout, f, x);
        f.refined = refinement != null && refinement.wanted(smallPivot);
        if (f.refined) {
            refinement.refine(items, x, null, (group, r) -> BandedSubstitution.solveInPlace(layout, f, r));
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

    /**
     * Only assembles M and the right-hand side of the group's items, without factoring:
     * afterwards {@code factor.l} holds the band rows of M below the diagonal (row g's columns
     * from {@link BandLayout#first} at {@code (rowBase(g) + j) * LANES + lane}), {@code factor.border}
     * the border rows, {@code factor.schur} the border block's lower triangle, {@link #diagonal()}
     * the band's diagonal and {@link #rhs()} the right-hand side (the slack's alpha not added).
     * For {@link BlockNormalEquations}, which factors elsewhere.
     */
    void assemble(int[] items, GroupFactor factor) {
        start(factor);
        for (int s = 0; s < batch.points(); s++) {
            clearStep(s);
            plans[s].assemble(batch, items, s, f, diag, x, scratch, borderDiag);
        }
    }

    /** The band's diagonal after {@link #assemble}, {@code [band unknown][lane]}. */
    double[] diagonal() {
        return diag;
    }

    /** The right-hand side after {@link #assemble}, {@code [unknown][lane]}. */
    double[] rhs() {
        return x;
    }

    private void start(GroupFactor factor) {
        f = factor;
        Arrays.fill(f.schur, 0.0);
        Arrays.fill(borderDiag, 0.0);
        if (layout.slackColumn >= 0) {
            Arrays.fill(x, layout.slackColumn * LANES, (layout.slackColumn + 1) * LANES, 0.0);
        }
        scratch.reset();
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
            int di = (g - shift) * LANES;
            int xg = g * LANES;
            // the Crout update of row g against rows lo..g-1, fused with the forward substitution
            // and (oneBorder) the slack's row
            KERNELS.croutRow(layout, g, lo, l, w, invD, x, diag, oneBorder ? border : null, pivots);
            // the pivots' checks, 1/pivot, and (oneBorder) the slack's entry of L, its forward
            // substitution and its Schur pivot
            int flags = KERNELS.pivotRow(pivots, diag, invD, di, oneBorder ? border : null, x, xg,
                    layout.slackColumn * LANES, f.schur);
            if ((flags & LaneKernels.ZERO_PIVOT) != 0) {
                throw zeroPivot(items, g, pivots.clone(), Arrays.copyOfRange(diag, di, di + LANES));
            }
            smallPivot |= (flags & LaneKernels.SMALL_PIVOT) != 0;
            if (!oneBorder) {
                borderRows(g, lo, di);
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
    }

    /** The error for the first lane whose pivot at band row g is zero. */
    private IllPosedProblemException zeroPivot(int[] items, int g, double[] pivot, double[] original) {
        int q = 0;
        while (pivot[q] > Pivots.TOLERANCE * original[q]) {
            q++;
        }
        return new IllPosedProblemException(items[q], Pivots.describe(batch, g, pivot[q], original[q]));
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
