package org.mnn.discover;

/**
 * The SINDy baseline the benchmark compares against: slopes by second-order finite differences
 * of the raw data (or of the smoothed data), then sequentially thresholded ridge regression with
 * PySINDy's defaults (threshold 0.1, ridge 0.05 on unscaled terms, up to 20 iterations, a final
 * unregularised fit on the support).
 */
public final class SindyBaseline {
    private SindyBaseline() { }

    public static DiscoveredModel fit(Dataset data, String librarySpec, Threshold threshold, double ridge, boolean smooth) {
        Library library = Library.parse(librarySpec, data.signals());
        int dims = data.variables().size();
        Gram[] grams = new Gram[dims];
        for (int d = 0; d < dims; d++) {
            grams[d] = new Gram(library.size());
        }
        for (Trajectory tr : data.trajectories()) {
            double[][] signals;
            double[][] slopes;
            if (smooth) {
                Smoothed s = Smoothed.of(tr);
                signals = s.values();
                slopes = s.slopes();
            } else {
                signals = new double[tr.size()][];
                for (int i = 0; i < tr.size(); i++) {
                    signals[i] = concat(tr.states()[i], tr.inputs()[i]);
                }
                slopes = new double[tr.size()][dims];
                for (int d = 0; d < dims; d++) {
                    double[] s = FiniteDifferences.slopes(tr.times(), tr.state(d));
                    for (int i = 0; i < s.length; i++) {
                        slopes[i][d] = s[i];
                    }
                }
            }
            double[][] theta = library.evaluate(tr.times(), signals);
            for (int d = 0; d < dims; d++) {
                grams[d].addRows(theta, Discovery.column(slopes, d));
            }
        }
        boolean[][] active = new boolean[dims][library.size()];
        for (boolean[] row : active) {
            java.util.Arrays.fill(row, true);
        }
        double[][] xi = Stlsq.fit(grams, active, threshold, ridge, false, 20);
        return new DiscoveredModel(data.variables(), data.inputs(), library, xi);
    }

    static double[] concat(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
