package org.mnn.discover;

import java.util.Arrays;
import java.util.List;

/**
 * How well a model predicts the data over short horizons, judged independently of NeuRLP: from
 * the smoothed state at the start of every window, the model is integrated with Hipparchus
 * (Dormand-Prince 8(5,3)) across the window and compared with the data, each coordinate in units
 * of its standard deviation. A model whose solution blows up scores infinity.
 */
final class ShortHorizonError {
    private ShortHorizonError() { }

    /** Root-mean-square error; {@code smooth} holds each trajectory's smoothed signals. */
    static double of(DiscoveredModel model, Dataset data, List<double[][]> smooth, int window) {
        int dims = data.variables().size();
        double[] sd = data.standardDeviations();
        for (int d = 0; d < dims; d++) {
            sd[d] = Math.max(sd[d], 1e-150);
        }
        double total = 0;
        long count = 0;
        for (int j = 0; j < data.trajectories().size(); j++) {
            Trajectory tr = data.trajectories().get(j);
            for (WindowIntegrals.Window w : WindowIntegrals.split(tr.size(), window)) {
                double[] times = Arrays.copyOfRange(tr.times(), w.start(), w.start() + w.length());
                double[][] inputs = Arrays.copyOfRange(tr.inputs(), w.start(), w.start() + w.length());
                double[] x0 = Arrays.copyOf(smooth.get(j)[w.start()], dims);
                double[][] sim;
                try {
                    sim = model.simulate(x0, times, inputs);
                } catch (IllegalStateException e) {
                    return Double.POSITIVE_INFINITY;
                }
                for (int s = 1; s < w.length(); s++) {
                    for (int d = 0; d < dims; d++) {
                        double e = (sim[s][d] - tr.states()[w.start() + s][d]) / sd[d];
                        total += e * e;
                        count++;
                    }
                }
            }
        }
        return Math.sqrt(total / Math.max(count, 1));
    }
}
