package org.mnn.solver;

/** LDL^T of a small dense symmetric matrix (lower triangle, row-major), for Schur complements. */
final class DenseLdl {
    private DenseLdl() {
    }

    /**
     * Factors a[o .. o+m*m) in place (L below the diagonal, D on it). Pivot i must exceed
     * {@link Pivots#TOLERANCE} times {@code reference[ro + i]}: for a Schur complement, the
     * diagonal of the unknown in the full matrix before any elimination (the Schur complement's
     * own diagonal is already reduced and is pure rounding noise in a singular direction, so it
     * cannot serve as the yardstick). Returns -1 on success, else the index of the failing pivot,
     * whose value is left at {@code a[o + i*m + i]}.
     */
    static int factor(double[] a, int o, int m, double[] reference, int ro) {
        for (int i = 0; i < m; i++) {
            double original = reference[ro + i];
            for (int j = 0; j <= i; j++) {
                double v = a[o + i * m + j];
                for (int k = 0; k < j; k++) {
                    v -= a[o + i * m + k] * a[o + j * m + k] * a[o + k * m + k];
                }
                if (j < i) {
                    a[o + i * m + j] = v / a[o + j * m + j];
                } else {
                    a[o + i * m + i] = v;
                    if (!(v > Pivots.TOLERANCE * Math.abs(original))) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    /** Solves (L D L^T) y = b in place. */
    static void solve(double[] a, int o, int m, double[] y) {
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < i; k++) {
                y[i] -= a[o + i * m + k] * y[k];
            }
        }
        for (int i = 0; i < m; i++) {
            y[i] /= a[o + i * m + i];
        }
        for (int i = m - 1; i >= 0; i--) {
            for (int k = i + 1; k < m; k++) {
                y[i] -= a[o + k * m + i] * y[k];
            }
        }
    }
}
