package org.mnn.nn.encoder;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * A multilayer perceptron encoder: input {@code [minibatch, nIn]} (a trajectory window flattened
 * to features, a parameter vector, ...), one {@link DenseLayer} per hidden size, all with the same
 * activation. Output: the last hidden layer, {@code [minibatch, hidden[last]]}. Layers are named
 * {@code prefix_0, prefix_1, ...}.
 *
 * <pre>
 *   MlpEncoder enc = MlpEncoder.builder(60).hidden(64, 64).activation(Activation.TANH).build();
 *   String features = enc.addTo(graphBuilder, "x");
 * </pre>
 */
public final class MlpEncoder implements Encoder {
    private final long nIn;
    private final int[] hidden;
    private final Activation activation;
    private final String prefix;

    private MlpEncoder(Builder b) {
        this.nIn = b.nIn;
        this.hidden = b.hidden.clone();
        this.activation = b.activation;
        this.prefix = b.prefix;
    }

    /** An MLP reading {@code nIn} features per row. Defaults: hidden (32, 32), tanh, prefix "mlp". */
    public static Builder builder(long nIn) {
        return new Builder(nIn);
    }

    @Override
    public String addTo(ComputationGraphConfiguration.GraphBuilder graph, String input) {
        String prev = input;
        long in = nIn;
        for (int i = 0; i < hidden.length; i++) {
            String name = prefix + "_" + i;
            graph.addLayer(name, new DenseLayer.Builder().nIn(in).nOut(hidden[i]).activation(activation).build(), prev);
            prev = name;
            in = hidden[i];
        }
        return prev;
    }

    @Override
    public long outputSize() {
        return hidden[hidden.length - 1];
    }

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public String toString() {
        return "MlpEncoder(nIn=" + nIn + ", hidden=" + Arrays.toString(hidden) + ", " + activation + ")";
    }

    /** Fluent construction; {@link #build()} validates. */
    public static final class Builder {
        private final long nIn;
        private int[] hidden = {32, 32};
        private Activation activation = Activation.TANH;
        private String prefix = "mlp";

        private Builder(long nIn) {
            this.nIn = nIn;
        }

        /** Hidden layer widths, at least one. */
        public Builder hidden(int... sizes) {
            this.hidden = sizes.clone();
            return this;
        }

        public Builder activation(Activation a) {
            this.activation = a;
            return this;
        }

        public Builder prefix(String p) {
            this.prefix = p;
            return this;
        }

        public MlpEncoder build() {
            if (nIn < 1) {
                throw new IllegalArgumentException("MlpEncoder: nIn: expected at least 1, got " + nIn);
            }
            if (hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
                throw new IllegalArgumentException("MlpEncoder: hidden sizes: expected at least one, all >= 1, got "
                        + Arrays.toString(hidden));
            }
            if (activation == null || prefix == null || prefix.isEmpty()) {
                throw new IllegalArgumentException("MlpEncoder: activation and prefix must be set");
            }
            return new MlpEncoder(this);
        }
    }
}
