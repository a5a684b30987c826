package org.mnn.nn;

import java.util.Arrays;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The running {@link CentralForceCoefficientsVertex}: plain Java over {@code double[]} copies. */
public class CentralForceCoefficientsVertexImpl extends ParameterFreeVertexImpl {
    private static final long serialVersionUID = 1L;

    private final int points;
    private final int dims;

    public CentralForceCoefficientsVertexImpl(ComputationGraph graph, String name, int vertexIndex, int points,
                                              int dims, DataType dataType) {
        super(graph, name, vertexIndex, dataType);
        this.points = points;
        this.dims = dims;
    }

    private int width() {
        return points * dims * dims * 3;
    }

    /** Feature of the coefficient on u_d^(k) in equation e at step s. */
    private int index(int s, int e, int d, int k) {
        return ((s * dims + e) * dims + d) * 3 + k;
    }

    @Override
    public INDArray doForward(boolean train, LayerWorkspaceMgr workspaceMgr) {
        INDArray in = inputs[0];
        if (in.rank() != 2 || in.size(1) != points) {
            throw new IllegalArgumentException("CentralForceCoefficientsVertex '" + vertexName + "': expected c [minibatch, "
                    + points + "], got " + Arrays.toString(in.shape()));
        }
        int rows = (int) in.size(0);
        double[] c = new double[rows * points];
        read(in, c);
        int w = width();
        double[] out = new double[rows * w];
        for (int r = 0; r < rows; r++) {
            for (int s = 0; s < points; s++) {
                for (int e = 0; e < dims; e++) {
                    out[r * w + index(s, e, e, 0)] = -c[r * points + s];
                    out[r * w + index(s, e, e, 2)] = 1;
                }
            }
        }
        INDArray o = array(workspaceMgr, ArrayType.ACTIVATIONS, out, rows, w);
        return o;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        int rows = (int) epsilon.size(0);
        int w = width();
        double[] g = new double[rows * w];
        read(epsilon, g);
        double[] dc = new double[rows * points];
        for (int r = 0; r < rows; r++) {
            for (int s = 0; s < points; s++) {
                double acc = 0;
                for (int e = 0; e < dims; e++) {
                    acc -= g[r * w + index(s, e, e, 0)];
                }
                dc[r * points + s] = acc;
            }
        }
        INDArray gc = array(workspaceMgr, ArrayType.ACTIVATION_GRAD, dc, rows, points);
        return new Pair<>(null, new INDArray[] {gc});
    }

    @Override
    String kind() {
        return "CentralForceCoefficientsVertex";
    }

    @Override
    public String toString() {
        return "CentralForceCoefficientsVertexImpl(name=" + vertexName + ", N=" + points + ", D=" + dims + ")";
    }
}
