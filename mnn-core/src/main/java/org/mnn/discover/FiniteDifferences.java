package org.mnn.discover;

/** Second-order finite differences on any grid: the slope of the parabola through each sample and
 * its neighbours (one-sided parabolas at the ends), as numpy.gradient with edge_order 2. */
public final class FiniteDifferences {
    private FiniteDifferences() { }

    public static double[] slopes(double[] t, double[] x) {
        int n = t.length;
        double[] d = new double[n];
        if (n == 2) {
            d[0] = d[1] = (x[1] - x[0]) / (t[1] - t[0]);
            return d;
        }
        for (int i = 1; i < n - 1; i++) {
            double h1 = t[i] - t[i - 1];
            double h2 = t[i + 1] - t[i];
            d[i] = -h2 / (h1 * (h1 + h2)) * x[i - 1] + (h2 - h1) / (h1 * h2) * x[i] + h1 / (h2 * (h1 + h2)) * x[i + 1];
        }
        d[0] = endSlope(t[1] - t[0], t[2] - t[1], x[0], x[1], x[2]);
        d[n - 1] = -endSlope(t[n - 1] - t[n - 2], t[n - 2] - t[n - 3], x[n - 1], x[n - 2], x[n - 3]);
        return d;
    }

    /** Slope at the first of three samples spaced h1, h2 (mirrored for the last sample). */
    private static double endSlope(double h1, double h2, double x0, double x1, double x2) {
        return -(2 * h1 + h2) / (h1 * (h1 + h2)) * x0 + (h1 + h2) / (h1 * h2) * x1 - h1 / (h2 * (h1 + h2)) * x2;
    }
}
