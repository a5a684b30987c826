package org.mnn.solver;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Anderson acceleration (type II, Walker and Ni 2011) of a fixed-point iteration x = Phi(x):
 * given the last few pairs (x_i, g_i = Phi(x_i)) with residuals f_i = g_i - x_i, the next input is
 *
 * <pre>
 *   x_{k+1} = g_k - sum_j gamma_j (g_{j+1} - g_j),   gamma = argmin || f_k - sum_j gamma_j (f_{j+1} - f_j) ||_2
 * </pre>
 *
 * For a linear map this is GMRES in disguise: it converges when the plain iteration converges only
 * slowly (an iteration-matrix eigenvalue near 1) or not at all (eigenvalues beyond 1), as long as
 * I - Phi' is nonsingular. The least-squares problem uses only the entries flagged in
 * {@code active}, per position within a block of {@code active.length} entries; the others are
 * mixed with the same coefficients. Columns that are nearly dependent on the newer ones are
 * dropped (modified Gram-Schmidt with a relative threshold).
 */
final class AndersonMixing {
    private static final double DEPENDENT = 1e-10;

    private final int depth;
    private final boolean[] active;
    private final Deque<double[]> deltaF = new ArrayDeque<>();
    private final Deque<double[]> deltaG = new ArrayDeque<>();
    private double[] lastF;
    private double[] lastG;

    AndersonMixing(int depth, boolean[] active) {
        this.depth = depth;
        this.active = active;
    }

    /** Forgets the history; the next step is a plain fixed-point step. */
    void reset() {
        deltaF.clear();
        deltaG.clear();
        lastF = null;
        lastG = null;
    }

    /** The next input given the current input x and its image g = Phi(x) (arrays not kept). */
    double[] next(double[] x, double[] g) {
        int n = x.length;
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            f[i] = g[i] - x[i];
        }
        if (lastF != null) {
            double[] df = new double[n];
            double[] dg = new double[n];
            for (int i = 0; i < n; i++) {
                df[i] = f[i] - lastF[i];
                dg[i] = g[i] - lastG[i];
            }
            deltaF.addLast(df);
            deltaG.addLast(dg);
            if (deltaF.size() > depth) {
                deltaF.removeFirst();
                deltaG.removeFirst();
            }
        }
        lastF = f;
        lastG = g.clone();
        double[] out = g.clone();
        double[] gamma;
        while (true) {
            if (deltaF.isEmpty()) {
                return out;
            }
            gamma = leastSquares(f);
            if (gamma != null) {
                break;
            }
        }
        Iterator<double[]> it = deltaG.iterator();
        for (double c : gamma) {
            double[] dg = it.next();
            for (int i = 0; i < n; i++) {
                out[i] -= c * dg[i];
            }
        }
        return out;
    }

    /**
     * gamma minimising ||f - DF gamma|| on the active entries, newest columns orthogonalised
     * first; null after dropping a dependent (older) column, to be retried.
     */
    private double[] leastSquares(double[] f) {
        int m = deltaF.size();
        double[][] cols = deltaF.toArray(new double[0][]);
        double[][] q = new double[m][];
        double[][] r = new double[m][m];
        // newest first: the most recent differences carry the most relevant information
        for (int jj = 0; jj < m; jj++) {
            int j = m - 1 - jj;
            double[] v = masked(cols[j]);
            double norm0 = Math.sqrt(dot(v, v));
            for (int ii = 0; ii < jj; ii++) {
                int i = m - 1 - ii;
                double c = dot(q[i], v);
                r[i][j] = c;
                axpy(-c, q[i], v);
            }
            double norm = Math.sqrt(dot(v, v));
            if (!(norm > DEPENDENT * norm0) || !Double.isFinite(norm)) {
                drop(j);
                return null;
            }
            r[j][j] = norm;
            for (int k = 0; k < v.length; k++) {
                v[k] /= norm;
            }
            q[j] = v;
        }
        double[] rhs = new double[m];
        double[] fm = masked(f);
        for (int j = 0; j < m; j++) {
            rhs[j] = dot(q[j], fm);
        }
        return solveTriangular(r, rhs, m);
    }

    /**
     * Columns were orthogonalised newest first, so column j = sum over q_i with i &ge; j
     * (i = j and newer): r[i][j] for i &gt; j and r[j][j]. Solve sum_{j &le; i} r[i][j] gamma_j =
     * rhs_i for every i, from the oldest (i = 0) upwards.
     */
    private static double[] solveTriangular(double[][] r, double[] rhs, int m) {
        double[] gamma = new double[m];
        for (int i = 0; i < m; i++) {
            double s = rhs[i];
            for (int j = 0; j < i; j++) {
                s -= r[i][j] * gamma[j];
            }
            gamma[i] = s / r[i][i];
        }
        return gamma;
    }

    private void drop(int index) {
        Iterator<double[]> f = deltaF.iterator();
        Iterator<double[]> g = deltaG.iterator();
        for (int i = 0; i <= index; i++) {
            f.next();
            g.next();
        }
        f.remove();
        g.remove();
    }

    private double[] masked(double[] v) {
        double[] out = v.clone();
        int b = active.length;
        for (int i = 0; i < out.length; i++) {
            if (!active[i % b]) {
                out[i] = 0;
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }
}
