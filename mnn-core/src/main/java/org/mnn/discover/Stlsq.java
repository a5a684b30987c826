package org.mnn.discover;

/**
 * Sequentially thresholded least squares on per-variable normal equations: solve, zero every
 * coefficient below the threshold, solve again on the survivors, until the support stops
 * changing. The final solve on the support is unregularised, so the ridge only steers the
 * selection and does not shrink the reported coefficients.
 */
final class Stlsq {
    private Stlsq() { }

    /** Coefficients {@code [D][K]} for Gram matrices {@code grams[d]}, starting from {@code active}
     * (modified in place to the final support). */
    static double[][] fit(Gram[] grams, boolean[][] active, Threshold threshold, double ridge, boolean scaled,
                          int maxIterations) {
        double[][] xi = new double[grams.length][];
        for (int d = 0; d < grams.length; d++) {
            for (int it = 0; it < maxIterations; it++) {
                xi[d] = grams[d].solve(active[d], ridge, scaled);
                if (!threshold.prune(xi[d], grams[d], active[d])) {
                    break;
                }
            }
            xi[d] = grams[d].solve(active[d], 0, scaled);
        }
        return xi;
    }
}
