package org.mnn.nn.encoder;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.nd4j.linalg.activations.Activation;

/** Shared pieces of the 1-D convolutional encoders (package-private). */
final class Conv1d {
    private Conv1d() {
    }

    /** A same-padded, stride-1 convolution over NCW input. */
    static Convolution1DLayer conv(long nIn, long nOut, int kernel, Activation act) {
        return new Convolution1DLayer.Builder()
                .kernelSize(kernel)
                .stride(1)
                .convolutionMode(ConvolutionMode.Same)
                .rnnDataFormat(RNNFormat.NCW)
                .nIn(nIn)
                .nOut(nOut)
                .activation(act)
                .build();
    }

    /** Adds the reshape of a FLAT input to NCW when needed; returns the name of the NCW vertex. */
    static String toNcw(ComputationGraphConfiguration.GraphBuilder g, String prefix, String input, InputLayout layout,
                        int channels, int length) {
        if (layout == InputLayout.NCW) {
            return input;
        }
        String name = prefix + "_ncw";
        g.addVertex(name, new ReshapeVertex(-1, channels, length), input);
        return name;
    }

    /** Flattens NCW [mb, c, length] to [mb, c*length] (row [c][length]) and adds the dense layers; returns the last name. */
    static String flattenAndDense(ComputationGraphConfiguration.GraphBuilder g, String prefix, String ncw, int channels,
                                  int length, int[] dense, Activation act) {
        String flat = prefix + "_flat";
        g.addVertex(flat, new ReshapeVertex(-1, channels * length), ncw);
        String prev = flat;
        long in = (long) channels * length;
        for (int i = 0; i < dense.length; i++) {
            String name = prefix + "_dense" + i;
            g.addLayer(name, new DenseLayer.Builder().nIn(in).nOut(dense[i]).activation(act).build(), prev);
            prev = name;
            in = dense[i];
        }
        return prev;
    }

    static void check(String who, boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(who + ": " + message);
        }
    }

    static void checkSizes(String who, String what, int[] sizes, boolean allowEmpty) {
        check(who, sizes != null && (allowEmpty || sizes.length > 0) && Arrays.stream(sizes).allMatch(s -> s >= 1),
                what + ": expected " + (allowEmpty ? "" : "at least one, ") + "all >= 1, got " + Arrays.toString(sizes));
    }
}
