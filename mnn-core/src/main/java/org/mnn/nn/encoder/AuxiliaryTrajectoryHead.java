package org.mnn.nn.encoder;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * The auxiliary trajectory of method.md section 4: a dense head (identity activation) from encoder
 * features to an estimate y of the trajectory, {@code [minibatch, N*D]}, a row laid out
 * {@code [N][D]} (y_d(t_s) at feature {@code s*D + d}). For D = 1 that is exactly the
 * {@code y [minibatch, N]} input of a {@link org.mnn.nn.PolynomialRhsVertex}. The consistency loss
 * that ties y to the data is wired by {@link ConsistencyOutputs}.
 */
public final class AuxiliaryTrajectoryHead {
    private final int points;
    private final int dims;
    private final String name;

    /** A head named {@code name} for N points of D dimensions. */
    public AuxiliaryTrajectoryHead(int points, int dims, String name) {
        if (points < 1 || dims < 1 || name == null || name.isEmpty()) {
            throw new IllegalArgumentException("AuxiliaryTrajectoryHead: expected N >= 1, D >= 1 and a name, got N="
                    + points + ", D=" + dims + ", name=" + name);
        }
        this.points = points;
        this.dims = dims;
        this.name = name;
    }

    /** Adds the head reading {@code features} ({@code nIn} per row); returns its name. */
    public String addTo(ComputationGraphConfiguration.GraphBuilder g, String features, long nIn) {
        g.addLayer(name, new DenseLayer.Builder().nIn(nIn).nOut(outputSize()).activation(Activation.IDENTITY).build(),
                features);
        return name;
    }

    /** N*D. */
    public long outputSize() {
        return (long) points * dims;
    }

    public String name() {
        return name;
    }
}
