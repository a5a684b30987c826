package org.mnn.nn.encoder;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * A mechanistic encoder f_theta (method.md section 1) as a piece of a DL4J
 * {@link org.deeplearning4j.nn.graph.ComputationGraph}: {@link #addTo} adds its layers and
 * vertices to a graph builder, reading the vertex or input named {@code input}, and returns the
 * name of the vertex that holds its features, a feed-forward {@code [minibatch, outputSize()]}
 * array. Every layer and vertex it adds is named {@code prefix + "_" + something}, so one graph
 * can hold several encoders with different prefixes. Follow with {@link OdeHeads} to map the
 * features to the parameters of a {@link org.mnn.nn.NeuRlpVertex}.
 */
public interface Encoder {
    /**
     * Adds the encoder to {@code graph}, reading {@code input}.
     *
     * @return the name of the vertex holding the features {@code [minibatch, outputSize()]}
     */
    String addTo(ComputationGraphConfiguration.GraphBuilder graph, String input);

    /** Features per row of the encoder's output. */
    long outputSize();

    /** The prefix of the names this encoder adds. */
    String prefix();
}
