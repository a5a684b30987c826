package org.mnn.discover;

/**
 * Savitzky-Golay smoothing on any grid: at every sample, a least-squares polynomial of the given
 * degree over the 2m+1 nearest samples (shifted inwards at the ends so every fit sees 2m+1),
 * evaluated there for the value and differentiated for the slope. Uneven time stamps are handled
 * exactly because each fit is in the sample's own local time. O(N m p^2).
 */
public final class LocalPolynomial {
    /** Widest window tried by cross-validation: wider ones cost O(N m) and smooth away dynamics
     * at any sampling rate a discovery needs. */
    static final int MAX_WIDTH = 201;
    private final int halfWidth;
    private final int degree;

    public LocalPolynomial(int halfWidth, int degree) {
        if (halfWidth < 1 || degree < 1) {
            throw new IllegalArgumentException("half-width and degree must be at least 1, got " + halfWidth + " and " + degree);
        }
        this.halfWidth = halfWidth;
        this.degree = degree;
    }

    public int halfWidth() { return halfWidth; }

    /** Smoothed values, slopes and the fits' own weights (leverages) of one signal. */
    public record Fit(double[] values, double[] slopes, double[] leverages) {

        /** Generalised cross-validation score N*RSS/(N - tr S)^2 against the raw signal. */
        public double gcv(double[] raw) {
            double rss = 0;
            double trace = 0;
            for (int i = 0; i < raw.length; i++) {
                double r = raw[i] - values[i];
                rss += r * r;
                trace += leverages[i];
            }
            double dof = raw.length - trace;
            return raw.length * rss / (dof * dof);
        }
    }

    public Fit fit(double[] t, double[] x) {
        int n = t.length;
        int width = Math.min(2 * halfWidth + 1, n);
        int p = Math.max(1, Math.min(degree, width - 1));
        double[] values = new double[n];
        double[] slopes = new double[n];
        double[] leverages = new double[n];
        double[][] normal = new double[p + 1][p + 1];
        double[] rhs = new double[p + 1];
        double[] powers = new double[2 * p + 1];
        for (int i = 0; i < n; i++) {
            int lo = Math.max(0, Math.min(i - halfWidth, n - width));
            int hi = lo + width - 1;
            double scale = Math.max(t[i] - t[lo], t[hi] - t[i]);
            for (double[] row : normal) {
                java.util.Arrays.fill(row, 0);
            }
            java.util.Arrays.fill(rhs, 0);
            for (int j = lo; j <= hi; j++) {
                double tau = (t[j] - t[i]) / scale;
                powers[0] = 1;
                for (int q = 1; q <= 2 * p; q++) {
                    powers[q] = powers[q - 1] * tau;
                }
                for (int a = 0; a <= p; a++) {
                    rhs[a] += powers[a] * x[j];
                    for (int b = 0; b <= p; b++) {
                        normal[a][b] += powers[a + b];
                    }
                }
            }
            // value and slope are e0' inv(N) rhs and e1' inv(N) rhs; N is symmetric
            double[] z0 = SmallMatrices.solve(normal, unit(p + 1, 0));
            double[] z1 = SmallMatrices.solve(normal, unit(p + 1, 1));
            double value = 0;
            double slope = 0;
            for (int b = 0; b <= p; b++) {
                value += z0[b] * rhs[b];
                slope += z1[b] * rhs[b];
            }
            values[i] = value;
            slopes[i] = slope / scale;
            leverages[i] = z0[0];
        }
        return new Fit(values, slopes, leverages);
    }

    private static double[] unit(int n, int i) {
        double[] e = new double[n];
        e[i] = 1;
        return e;
    }

    /**
     * The half-width (from a doubling ladder up to a quarter of the samples or {@link #MAX_WIDTH}) whose fit of the given
     * degree minimises generalised cross-validation: about the mean-square-optimal amount of
     * smoothing for the signal's own noise, without knowing the noise level.
     */
    public static LocalPolynomial chooseByGcv(double[] t, double[] x, int degree) {
        LocalPolynomial best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int m = Math.max(2, (degree + 2) / 2); 2 * m + 1 <= Math.min(MAX_WIDTH, Math.max(degree + 3, t.length / 4)); m = Math.max(m + 1, (int) Math.round(m * 1.4))) {
            LocalPolynomial lp = new LocalPolynomial(m, degree);
            double score = lp.fit(t, x).gcv(x);
            if (score < bestScore * (1 - 1e-9)) {
                best = lp;
                bestScore = score;
            }
        }
        return best != null ? best : new LocalPolynomial(1, 1);
    }
}
