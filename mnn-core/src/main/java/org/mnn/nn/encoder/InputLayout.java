package org.mnn.nn.encoder;

/**
 * How a 1-D convolutional encoder ({@link Cnn1dEncoder}, {@link ResNet1dEncoder}) receives its
 * input.
 */
public enum InputLayout {
    /**
     * A 3-D array {@code [minibatch, channels, length]}: DL4J's RNN format NCW, which is what
     * {@link org.deeplearning4j.nn.conf.layers.Convolution1DLayer} reads (the encoder builds its
     * convolutions with {@code RNNFormat.NCW}). Channels are state dimensions (or features), length
     * is time (or space).
     */
    NCW,
    /**
     * A 2-D array {@code [minibatch, channels * length]}, a row laid out {@code [channels][length]}
     * (row-major); for one channel simply a trajectory window {@code [minibatch, length]}. The
     * encoder reshapes it to NCW first (a {@link org.deeplearning4j.nn.conf.graph.ReshapeVertex},
     * order 'c'). A row laid out {@code [length][channels]} (time-major, e.g. the [N][D] layout
     * of the NeuRLP output) must be transposed by the caller.
     */
    FLAT
}
