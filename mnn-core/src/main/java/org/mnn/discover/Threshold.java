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
        double scale = 1;
        if (relative) {
            // |theta xi|^2 = xi' A xi, per sample: both norms share the Gram matrix's row count
            double total = 0;
            for (int i = 0; i < xi.length; i++) {
                for (int j = 0; j < xi.length; j++) {
                    total += xi[i] * gram.a[i][j] * xi[j];
                }
            }
            scale = Math.sqrt(Math.max(total, 0));
        }
        boolean changed = false;
        for (int k = 0; k < xi.length; k++) {
            if (!active[k]) {
                continue;
            }
            double size = relative ? Math.abs(xi[k]) * Math.sqrt(gram.a[k][k]) : Math.abs(xi[k]);
            if (size < value * scale) {
                active[k] = false;
                xi[k] = 0;
                changed = true;
            }
        }
        return changed;
    }

    @Override
    public String toString() {
        return relative ? "relative " + value : String.valueOf(value);
    }
}
