package org.mnn.nn.encoder;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * A 1-D residual network encoder (the paper's KdV encoder runs one across space): input as for
 * {@link Cnn1dEncoder} ({@link InputLayout#NCW} {@code [minibatch, channels, length]} or
 * {@link InputLayout#FLAT}); a stem convolution to {@code width} channels; {@code blocks} residual
 * blocks, each
 * <pre>
 *   a   = act(conv(x))          same padding, stride 1, width channels
 *   b   = conv(a)               no activation
 *   out = act(x + b)            ElementWiseVertex(Add) skip connection, then an ActivationLayer
 * </pre>
 * then the map is flattened to {@code [minibatch, width*length]} and followed by dense layers
 * ({@code dense}, possibly none). Output: the last dense layer or the flattened map.
 *
 * <p>Names: {@code prefix_ncw}, {@code prefix_stem}, {@code prefix_b<i>_conv1},
 * {@code prefix_b<i>_conv2}, {@code prefix_b<i>_add}, {@code prefix_b<i>_out}, {@code prefix_flat},
 * {@code prefix_dense0, ...}.
 */
public final class ResNet1dEncoder implements Encoder {
    private final int inChannels;
    private final int length;
    private final int kernel;
    private final int width;
    private final int blocks;
    private final int[] dense;
    private final Activation activation;
    private final InputLayout layout;
    private final String prefix;

    private ResNet1dEncoder(Builder b) {
        inChannels = b.inChannels;
        length = b.length;
        kernel = b.kernel;
        width = b.width;
        blocks = b.blocks;
        dense = b.dense.clone();
        activation = b.activation;
        layout = b.layout;
        prefix = b.prefix;
    }

    /** Defaults: kernel 3, width 16, 2 blocks, dense (32), tanh, {@link InputLayout#NCW}, prefix "resnet". */
    public static Builder builder(int inChannels, int length) {
        return new Builder(inChannels, length);
    }

    @Override
    public String addTo(ComputationGraphConfiguration.GraphBuilder g, String input) {
        String x = Conv1d.toNcw(g, prefix, input, layout, inChannels, length);
        String stem = prefix + "_stem";
        g.addLayer(stem, Conv1d.conv(inChannels, width, kernel, activation), x);
        x = stem;
        for (int i = 0; i < blocks; i++) {
            String p = prefix + "_b" + i;
            g.addLayer(p + "_conv1", Conv1d.conv(width, width, kernel, activation), x);
            g.addLayer(p + "_conv2", Conv1d.conv(width, width, kernel, Activation.IDENTITY), p + "_conv1");
            g.addVertex(p + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), x, p + "_conv2");
            g.addLayer(p + "_out", new ActivationLayer.Builder().activation(activation).build(), p + "_add");
            x = p + "_out";
        }
        return Conv1d.flattenAndDense(g, prefix, x, width, length, dense, activation);
    }

    @Override
    public long outputSize() {
        return dense.length > 0 ? dense[dense.length - 1] : (long) width * length;
    }

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public String toString() {
        return "ResNet1dEncoder(in=" + inChannels + "x" + length + " " + layout + ", kernel=" + kernel + ", width="
                + width + ", blocks=" + blocks + ", dense=" + java.util.Arrays.toString(dense) + ", " + activation + ")";
    }

    /** Fluent construction; {@link #build()} validates. */
    public static final class Builder {
        private final int inChannels;
        private final int length;
        private int kernel = 3;
        private int width = 16;
        private int blocks = 2;
        private int[] dense = {32};
        private Activation activation = Activation.TANH;
        private InputLayout layout = InputLayout.NCW;
        private String prefix = "resnet";

        private Builder(int inChannels, int length) {
            this.inChannels = inChannels;
            this.length = length;
        }

        public Builder kernel(int k) {
            kernel = k;
            return this;
        }

        /** Channels of the stem and of every block. */
        public Builder width(int w) {
            width = w;
            return this;
        }

        /** Number of residual blocks (0: the stem only). */
        public Builder blocks(int n) {
            blocks = n;
            return this;
        }

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

        public ResNet1dEncoder build() {
            String who = "ResNet1dEncoder";
            Conv1d.check(who, inChannels >= 1 && length >= 1,
                    "input channels and length: expected >= 1, got " + inChannels + " x " + length);
            Conv1d.check(who, kernel >= 1, "kernel: expected >= 1, got " + kernel);
            Conv1d.check(who, width >= 1, "width: expected >= 1, got " + width);
            Conv1d.check(who, blocks >= 0, "blocks: expected >= 0, got " + blocks);
            Conv1d.checkSizes(who, "dense", dense, true);
            Conv1d.check(who, activation != null && layout != null && prefix != null && !prefix.isEmpty(),
                    "activation, input layout and prefix must be set");
            return new ResNet1dEncoder(this);
        }
    }
}
