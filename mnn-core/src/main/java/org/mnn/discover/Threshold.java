package org.mnn.discover;

/**
 * Which coefficients sequential thresholding removes. {@link #absolute} is SINDy's rule,
 * |xi_k| &lt; T in the data's units; it needs a T chosen for the problem's scale.
 * {@link #relative} compares what a term contributes to its equation, |xi_k| * rms(theta_k)
 * over rms of the equation's right-hand side, so the same value works whatever the units.
 */
public record Threshold(double value, boolean relative) {

    public Threshold {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("threshold must be a finite number >= 0, got " + value);
        }
    }

    public static Threshold absolute(double t) { return new Threshold(t, false); }

    public static Threshold relative(double t) { return new Threshold(t, true); }

    /** Deactivates the terms of xi below the threshold; returns whether anything changed. The
     * relative rule takes the terms' sizes from {@code gram.a} (Theta'Theta). */
    boolean prune(double[] xi, Gram gram, boolean[] active) {
        double scale = relative ? equationSize(xi, gram) : 1;
        boolean changed = false;
        for (int k = 0; k < xi.length; k++) {
            if (!active[k]) {
                continue;
            }
            double size = relative ? termSize(xi, gram, k) : Math.abs(xi[k]);
            if (size < value * scale) {
                active[k] = false;
                xi[k] = 0;
                changed = true;
            }
        }
        return changed;
    }

    /** What term k contributes to its equation relative to the whole right-hand side (rms over
     * the samples of {@code gram}, Theta'Theta). */
    static double relativeSize(double[] xi, Gram gram, int k) {
        return termSize(xi, gram, k) / Math.max(equationSize(xi, gram), 1e-300);
    }

    private static double termSize(double[] xi, Gram gram, int k) {
        return Math.abs(xi[k]) * Math.sqrt(gram.a[k][k]);
    }

    /** |theta xi| = sqrt(xi' A xi): both norms share the Gram matrix's row count. */
    private static double equationSize(double[] xi, Gram gram) {
        double total = 0;
        for (int i = 0; i < xi.length; i++) {
            for (int j = 0; j < xi.length; j++) {
                total += xi[i] * gram.a[i][j] * xi[j];
            }
        }
        return Math.sqrt(Math.max(total, 0));
    }

    @Override
    public String toString() {
        return relative ? "relative " + value : String.valueOf(value);
    }
}
