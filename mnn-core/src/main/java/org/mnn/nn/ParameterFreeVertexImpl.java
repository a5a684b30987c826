package org.mnn.nn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.mnn.solver.nd4j.Nd4jBatches;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the running form of a float64 vertex without parameters shares: no layer, no gradient
 * view, masks passed through, and results computed in plain Java written into workspace arrays.
 */
abstract class ParameterFreeVertexImpl extends BaseGraphVertex {
    private static final long serialVersionUID = 1L;

    ParameterFreeVertexImpl(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
        super(graph, name, vertexIndex, null, null, dataType);
    }

    /** The vertex's configuration class name, for messages. */
    abstract String kind();

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalArgumentException(kind() + " '" + vertexName + "' has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                           int minibatchSize) {
        return new Pair<>(null, currentMaskState);
    }

    /** Copies {@code a} (cast to DOUBLE if needed) into {@code dst} in row-major order. */
    static void read(INDArray a, double[] dst) {
        Nd4jBatches.read(a.dataType() == DataType.DOUBLE ? a : a.castTo(DataType.DOUBLE), dst);
    }

    /** A new [rows, cols] DOUBLE workspace array of the given type holding {@code values}. */
    static INDArray array(LayerWorkspaceMgr workspaceMgr, ArrayType type, double[] values, long rows, long cols) {
        INDArray a = workspaceMgr.createUninitialized(type, DataType.DOUBLE, new long[] {rows, cols}, 'c');
        Nd4jBatches.write(values, a);
        return a;
    }
}
