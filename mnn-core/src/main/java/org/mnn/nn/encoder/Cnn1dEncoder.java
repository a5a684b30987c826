package org.mnn.nn.encoder;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.activations.Activation;

/**
 * A 1-D convolutional encoder (the paper's logistic parameter estimator is one): input
 * {@code [minibatch, channels, length]} ({@link InputLayout#NCW}, DL4J's RNN format) or
 * {@code [minibatch, channels*length]} ({@link InputLayout#FLAT}, row {@code [channels][length]});
 * a stack of {@link org.deeplearning4j.nn.conf.layers.Convolution1DLayer}s with one kernel size,
 * stride 1 and same padding (the length is kept), one per entry of {@code channels}; the last
 * feature map is flattened to {@code [minibatch, channels[last]*length]} (order [channel][position])
 * and followed by dense layers ({@code dense} sizes, possibly none). Output: the last dense layer
 * (or the flattened map when there is none).
 *
 * <p>Names: {@code prefix_ncw} (the reshape of a FLAT input), {@code prefix_conv0, ...},
 * {@code prefix_flat}, {@code prefix_dense0, ...}.
 *
 * <pre>
 *   Cnn1dEncoder enc = Cnn1dEncoder.builder(1, 60).kernel(5).channels(16, 16).dense(64)
 *           .input(InputLayout.FLAT).build();
 *   String features = enc.addTo(graphBuilder, "y");     // y: [minibatch, 60]
 * </pre>
 */
public final class Cnn1dEncoder implements Encoder {
    private final int inChannels;
    private final int length;
    private final int kernel;
    private final int[] channels;
    private final int[] dense;
    private final Activation activation;
    private final InputLayout layout;
    private final String prefix;

    private Cnn1dEncoder(Builder b) {
        inChannels = b.inChannels;
        length = b.length;
        kernel = b.kernel;
        channels = b.channels.clone();
        dense = b.dense.clone();
        activation = b.activation;
        layout = b.layout;
        prefix = b.prefix;
    }

    /**
     * An encoder of inputs with {@code inChannels} channels of {@code length} positions. Defaults:
     * kernel 3, channels (16, 16), dense (32), tanh, {@link InputLayout#NCW}, prefix "cnn".
     */
    public static Builder builder(int inChannels, int length) {
        return new Builder(inChannels, length);
    }

    @Override
    public String addTo(ComputationGraphConfiguration.GraphBuilder g, String input) {
        String prev = Conv1d.toNcw(g, prefix, input, layout, inChannels, length);
        long in = inChannels;
        for (int i = 0; i < channels.length; i++) {
            String name = prefix + "_conv" + i;
            g.addLayer(name, Conv1d.conv(in, channels[i], kernel, activation), prev);
            prev = name;
            in = channels[i];
        }
        return Conv1d.flattenAndDense(g, prefix, prev, channels[channels.length - 1], length, dense, activation);
    }

    @Override
    public long outputSize() {
        return dense.length > 0 ? dense[dense.length - 1] : (long) channels[channels.length - 1] * length;
    }

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public String toString() {
        return "Cnn1dEncoder(in=" + inChannels + "x" + length + " " + layout + ", kernel=" + kernel + ", channels="
                + Arrays.toString(channels) + ", dense=" + Arrays.toString(dense) + ", " + activation + ")";
    }

    /** Fluent construction; {@link #build()} validates. */
    public static final class Builder {
        private final int inChannels;
        private final int length;
        private int kernel = 3;
        private int[] channels = {16, 16};
        private int[] dense = {32};
        private Activation activation = Activation.TANH;
        private InputLayout layout = InputLayout.NCW;
        private String prefix = "cnn";

        private Builder(int inChannels, int length) {
            this.inChannels = inChannels;
            this.length = length;
        }

        /** The kernel size of every convolution (odd sizes centre the window). */
        public Builder kernel(int k) {
            kernel = k;
            return this;
        }

        /** Output channels of each convolution, at least one. */
        public Builder channels(int... c) {
            channels = c.clone();
            return this;
        }

        /** Widths of the dense layers after the flattened map; none: the encoder outputs the map. */
        public Builder dense(int... d) {
            dense = d.clone();
            return this;
        }

        public Builder activation(Activation a) {
            activation = a;
            return this;
        }

        public Builder input(InputLayout l) {
            layout = l;
            return this;
        }

        public Builder prefix(String p) {
            prefix = p;
            return this;
        }

        public Cnn1dEncoder build() {
            String who = "Cnn1dEncoder";
            Conv1d.check(who, inChannels >= 1 && length >= 1,
                    "input channels and length: expected >= 1, got " + inChannels + " x " + length);
            Conv1d.check(who, kernel >= 1, "kernel: expected >= 1, got " + kernel);
            Conv1d.checkSizes(who, "channels", channels, false);
            Conv1d.checkSizes(who, "dense", dense, true);
            Conv1d.check(who, activation != null && layout != null && prefix != null && !prefix.isEmpty(),
                    "activation, input layout and prefix must be set");
            return new Cnn1dEncoder(this);
        }
    }
}
