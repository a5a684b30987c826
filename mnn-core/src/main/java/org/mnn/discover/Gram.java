package org.mnn.discover;

/**
 * Normal equations A = X'X, b = X'y of one least-squares target over the K library terms,
 * accumulated from rows or from NeuRLP window responses, and solved on any subset of the terms.
 * Solving on a subset is what sequential thresholding does every cycle, so the Gram matrix is
 * built once and never the design matrix again.
 */
final class Gram {
    final double[][] a;
    final double[] b;

    Gram(int terms) {
        a = new double[terms][terms];
        b = new double[terms];
    }

    int size() { return b.length; }

    /** Adds the rows of X ({@code [rows][K]}) with targets y. */
    void addRows(double[][] x, double[] y) {
        int k = b.length;
        for (int r = 0; r < y.length; r++) {
            double[] row = x[r];
            for (int i = 0; i < k; i++) {
                double xi = row[i];
                if (xi == 0) {
                    continue;
                }
                b[i] += xi * y[r];
                for (int j = 0; j <= i; j++) {
                    a[i][j] += xi * row[j];
                }
            }
        }
        symmetrise();
    }

    void add(Gram other) {
        for (int i = 0; i < b.length; i++) {
            b[i] += other.b[i];
            for (int j = 0; j < b.length; j++) {
                a[i][j] += other.a[i][j];
            }
        }
    }

    void symmetrise() {
        for (int i = 0; i < b.length; i++) {
            for (int j = 0; j < i; j++) {
                a[j][i] = a[i][j];
            }
        }
    }

    /**
     * Least-squares coefficients on the active terms (zero elsewhere), with a ridge penalty
     * {@code ridge * |xi|^2}. With {@code scaled}, the penalty applies to columns scaled to unit
     * norm, which makes it independent of the terms' units.
     */
    double[] solve(boolean[] active, double ridge, boolean scaled) {
        int k = b.length;
        int[] idx = java.util.stream.IntStream.range(0, k).filter(i -> active[i]).toArray();
        double[] xi = new double[k];
        if (idx.length == 0) {
            return xi;
        }
        double[] s = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            double diag = a[idx[i]][idx[i]];
            s[i] = scaled ? (diag > 0 ? 1 / Math.sqrt(diag) : 1) : 1;
        }
        double[][] m = new double[idx.length][idx.length];
        double[] v = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            v[i] = b[idx[i]] * s[i];
            for (int j = 0; j < idx.length; j++) {
                m[i][j] = a[idx[i]][idx[j]] * s[i] * s[j];
            }
            // a tiny relative floor keeps exactly collinear terms (x and x^2 of a 0/1 signal) solvable
            m[i][i] += ridge + 1e-12 * m[i][i];
        }
        double[] z;
        try {
            z = SmallMatrices.solve(m, v);
        } catch (ArithmeticException e) {
            throw new IllegalStateException("the library's terms are linearly dependent on this data; "
                    + "remove duplicate or constant terms, or add data", e);
        }
        for (int i = 0; i < idx.length; i++) {
            xi[idx[i]] = z[i] * s[i];
        }
        return xi;
    }
}
