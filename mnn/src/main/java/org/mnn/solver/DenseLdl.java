package org.mnn.solver;

/** LDL^T of a small dense symmetric matrix (lower triangle, row-major), for Schur complements. */
final class DenseLdl {
    private DenseLdl() {
    }

    /** Factors a[o .. o+m*m) in place (L below the diagonal, D on it); false if a pivot is not positive. */
    static boolean factor(double[] a, int o, int m) {
        for (int i = 0; i < m; i++) {
            double original = a[o + i * m + i];
            for (int j = 0; j <= i; j++) {
                double v = a[o + i * m + j];
                for (int k = 0; k < j; k++) {
                    v -= a[o + i * m + k] * a[o + j * m + k] * a[o + k * m + k];
                }
                if (j < i) {
                    a[o + i * m + j] = v / a[o + j * m + j];
                } else {
                    if (!(v > Pivots.TOLERANCE * Math.abs(original))) {
                        return false;
                    }
                    a[o + i * m + i] = v;
                }
            }
        }
        return true;
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
