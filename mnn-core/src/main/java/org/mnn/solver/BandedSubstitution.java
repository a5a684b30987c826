package org.mnn.solver;

/**
 * Forward and back substitution with a group's banded factor L D L^T plus its Schur border, for
 * the lanes of a group at once (x interleaved {@code [unknown][lane]}). The factorisation sweep
 * ({@link BandedFactorization}) does the forward part of the forward solve itself, row by row.
 */
final class BandedSubstitution {
    private static final int LANES = BandedNeuRlpSolver.LANES;
    private static final LaneKernels KERNELS = LaneKernels.get();

    private BandedSubstitution() {
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
        int lo = layout.first(g);
        int xg = g * LANES;
        KERNELS.subtractDot(x, xg, f.l, (layout.rowBase(g) + lo) * LANES, x, lo * LANES, g - lo);
        double y0 = x[xg];
        double y1 = x[xg + 1];
        double y2 = x[xg + 2];
        double y3 = x[xg + 3];
        int bi = (g - layout.shift) * LANES;
        if (layout.borderSize == 1) {
            int xe = layout.borderColumn(0) * LANES;
            x[xe] -= f.border[bi] * y0;
            x[xe + 1] -= f.border[bi + 1] * y1;
            x[xe + 2] -= f.border[bi + 2] * y2;
            x[xe + 3] -= f.border[bi + 3] * y3;
            return;
        }
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
            KERNELS.scaleAndSubtract(x, xs, f.invD, f.border, nb, layout.borderColumn(0) * LANES);
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
        for (int g = shift + nb - 1; g >= shift; g--) {
            int lo = layout.first(g);
            KERNELS.subtractScaled(x, lo * LANES, f.l, (layout.rowBase(g) + lo) * LANES, g - lo, x, g * LANES);
        }
    }
}
