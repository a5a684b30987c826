package org.mnn.nn;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the configuration of a float64 vertex without parameters and with a fixed number of
 * inputs shares: no parameters, the input count, and the DOUBLE check when the graph is built.
 */
abstract class ParameterFreeVertex extends GraphVertex {
    private static final long serialVersionUID = 1L;

    /** Number of inputs the vertex takes. */
    abstract int inputCount();

    /** Checks the configuration (called before the running vertex is made). */
    public abstract void validate();

    /** The running vertex, once the network is known to be DOUBLE. */
    abstract org.deeplearning4j.nn.graph.vertex.GraphVertex create(ComputationGraph graph, String name, int idx,
                                                                  DataType networkDatatype);

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return inputCount();
    }

    @Override
    public int maxVertexInputs() {
        return inputCount();
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        validate();
        if (networkDatatype != DataType.DOUBLE) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " '" + name + "': needs a DOUBLE network, got "
                    + networkDatatype);
        }
        return create(graph, name, idx, networkDatatype);
    }
}
