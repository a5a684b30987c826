package org.mnn.nn;

import java.util.Arrays;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The running {@link PolynomialRhsVertex}: plain Java over {@code double[]} copies. */
public class PolynomialRhsVertexImpl extends ParameterFreeVertexImpl {
    private static final long serialVersionUID = 1L;

    private final int points;
    private final int degree;

    public PolynomialRhsVertexImpl(ComputationGraph graph, String name, int vertexIndex, int points, int degree,
                                   DataType dataType) {
        super(graph, name, vertexIndex, dataType);
        this.points = points;
        this.degree = degree;
    }

    private double[][] read() {
        INDArray xi = inputs[0];
        INDArray y = inputs[1];
        int rows = (int) xi.size(0);
        if (xi.rank() != 2 || xi.size(1) != degree + 1 || y.rank() != 2 || y.size(0) != rows || y.size(1) != points) {
            throw new IllegalArgumentException("PolynomialRhsVertex '" + vertexName + "': expected xi [" + rows + ", "
                    + (degree + 1) + "] and y [" + rows + ", " + points + "], got " + Arrays.toString(xi.shape())
                    + " and " + Arrays.toString(y.shape()));
        }
        double[] a = new double[rows * (degree + 1)];
        double[] b = new double[rows * points];
        read(xi, a);
        read(y, b);
        return new double[][] {a, b};
    }

    @Override
    public INDArray doForward(boolean train, LayerWorkspaceMgr workspaceMgr) {
        double[][] in = read();
        double[] xi = in[0];
        double[] y = in[1];
        int rows = y.length / points;
        double[] b = new double[y.length];
        for (int r = 0; r < rows; r++) {
            for (int s = 0; s < points; s++) {
                double v = y[r * points + s];
                double acc = 0;
                for (int j = degree; j >= 0; j--) { // Horner
                    acc = acc * v + xi[r * (degree + 1) + j];
                }
                b[r * points + s] = acc;
            }
        }
        INDArray out = array(workspaceMgr, ArrayType.ACTIVATIONS, b, rows, points);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        double[][] in = read();
        double[] xi = in[0];
        double[] y = in[1];
        int rows = y.length / points;
        double[] g = new double[y.length];
        read(epsilon, g);
        int m = degree + 1;
        double[] dXi = new double[rows * m];
        double[] dY = new double[y.length];
        for (int r = 0; r < rows; r++) {
            for (int s = 0; s < points; s++) {
                double v = y[r * points + s];
                double e = g[r * points + s];
                double pow = 1;
                double dv = 0;
                for (int j = 0; j < m; j++) {
                    dXi[r * m + j] += e * pow;
                    if (j + 1 < m) {
                        dv += (j + 1) * xi[r * m + j + 1] * pow;
                    }
                    pow *= v;
                }
                dY[r * points + s] = e * dv;
            }
        }
        INDArray gx = array(workspaceMgr, ArrayType.ACTIVATION_GRAD, dXi, rows, m);
        INDArray gy = array(workspaceMgr, ArrayType.ACTIVATION_GRAD, dY, rows, points);
        return new Pair<>(null, new INDArray[] {gx, gy});
    }

    @Override
    String kind() {
        return "PolynomialRhsVertex";
    }

    @Override
    public String toString() {
        return "PolynomialRhsVertexImpl(name=" + vertexName + ", N=" + points + ", degree=" + degree + ")";
    }
}
