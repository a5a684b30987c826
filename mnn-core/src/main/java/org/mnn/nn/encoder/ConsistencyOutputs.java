package org.mnn.nn.encoder;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.mnn.nn.NeuRlpVertex;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * The consistency loss of method.md section 4 as graph wiring: two outputs, both against the data
 * x {@code [minibatch, N*D]} (row {@code [N][D]}),
 * <pre>
 *   L = wU * MSE(u, x) + wY * MSE(y, x)
 * </pre>
 * where u is the NeuRLP solution (the values, k = 0, of the vertex output) and y the auxiliary
 * trajectory ({@link AuxiliaryTrajectoryHead}). DL4J sums the scores of a graph's outputs, so the
 * graph's score is L. Output {@code prefix_u} is a {@link LossLayer} on the vertex output with a
 * weighted MSE: weight wU on the entries u_d(t_s), 0 on the derivatives; its labels are x spread to
 * the vertex layout {@code [N][D][R+1]} ({@link #labels}). Output {@code prefix_y} is an MSE
 * {@link LossLayer} with weight wY on y. (LossMSE averages over the columns of its output, so
 * MSE(u, x) here is the sum over u entries divided by N*D*(R+1); scale wU to taste.)
 *
 * <h2>Connecting y into a nonlinear right-hand side</h2>
 * For a scalar ODE (D = 1) x' = sum_j xi_j x^j, the linear-in-u ODE u' = sum_j xi_j y^j is
 * <pre>
 *   NeuRlpVertex ode = NeuRlpVertex.builder(N, 1, 1).fixedCoefficients(0, 1)   // 0*u + 1*u' = rhs
 *           .rhs(Source.INPUT_PER_STEP).initialValues(1, 1).fixedStep(h).build();
 *   String y  = new AuxiliaryTrajectoryHead(N, 1, "y").addTo(g, features, nFeatures);
 *   g.addLayer("xi", new DenseLayer.Builder().nIn(nFeatures).nOut(degree + 1).activation(IDENTITY).build(), features);
 *   g.addVertex("rhs", new PolynomialRhsVertex(N, degree), "xi", y);   // Theta(y) xi, [mb, N]
 *   g.addVertex("y0", new SubsetVertex(0, 0), y);                      // u(t0) = y(t0)
 *   OdeHeads.builder(ode).external(RHS, "rhs").external(INITIAL_VALUES, "y0").build().addTo(g, features, nFeatures, "ode");
 *   String[] outs = ConsistencyOutputs.addTo(g, ode, "ode", y, "loss", 1, 1);
 *   g.setOutputs(outs);  // fit with labels ConsistencyOutputs.labels(ode, x)
 * </pre>
 * Gradients reach y along both paths (through the right-hand side and the solver, and through
 * its own MSE). For D &gt; 1 (e.g. Lorenz) every coordinate is its own batch item of a D = 1
 * vertex, or the library terms of all coordinates are built from subsets of y before a
 * PolynomialRhsVertex-style vertex.
 */
public final class ConsistencyOutputs {
    private ConsistencyOutputs() {
    }

    /**
     * Adds the two loss outputs; returns their names {@code {prefix_u, prefix_y}} (pass them to
     * {@code setOutputs}, in this order, with {@link #labels}).
     */
    public static String[] addTo(ComputationGraphConfiguration.GraphBuilder g, NeuRlpVertex vertex, String odeName,
                                 String yName, String prefix, double uWeight, double yWeight) {
        if (!(uWeight >= 0 && yWeight >= 0)) {
            throw new IllegalArgumentException("ConsistencyOutputs: weights must be >= 0, got " + uWeight + ", " + yWeight);
        }
        String u = prefix + "_u";
        String y = prefix + "_y";
        g.addLayer(u, new LossLayer.Builder(new LossMSE(uWeights(vertex, uWeight))).activation(Activation.IDENTITY).build(),
                odeName);
        long n = (long) vertex.getPoints() * vertex.getDims();
        double[] wy = new double[(int) n];
        java.util.Arrays.fill(wy, yWeight);
        g.addLayer(y, new LossLayer.Builder(new LossMSE(Nd4j.create(wy, new long[] {1, n}, DataType.DOUBLE)))
                .activation(Activation.IDENTITY).build(), yName);
        return new String[] {u, y};
    }

    /** The weights [1, N*D*(R+1)] of the u output: {@code w} on values, 0 on derivatives. */
    public static INDArray uWeights(NeuRlpVertex vertex, double w) {
        double[] out = new double[(int) vertex.outputSize()];
        for (int s = 0; s < vertex.getPoints(); s++) {
            for (int d = 0; d < vertex.getDims(); d++) {
                out[vertex.outputIndex(s, d, 0)] = w;
            }
        }
        return Nd4j.create(out, new long[] {1, out.length}, DataType.DOUBLE);
    }

    /** x {@code [mb, N*D]} spread to the vertex output layout (derivative entries 0). */
    public static INDArray odeLabels(NeuRlpVertex vertex, INDArray x) {
        int n = vertex.getPoints();
        int dims = vertex.getDims();
        if (x.rank() != 2 || x.size(1) != (long) n * dims) {
            throw new IllegalArgumentException("ConsistencyOutputs: data must be [minibatch, N*D = " + (n * dims)
                    + "], got " + java.util.Arrays.toString(x.shape()));
        }
        long mb = x.size(0);
        double[] src = x.dup('c').data().asDouble();
        int width = (int) vertex.outputSize();
        double[] out = new double[(int) (mb * width)];
        for (int i = 0; i < mb; i++) {
            for (int s = 0; s < n; s++) {
                for (int d = 0; d < dims; d++) {
                    out[i * width + vertex.outputIndex(s, d, 0)] = src[(i * n + s) * dims + d];
                }
            }
        }
        return Nd4j.create(out, new long[] {mb, width}, DataType.DOUBLE);
    }

    /** The labels of the two outputs for data x {@code [mb, N*D]}: {@code {odeLabels(x), x}}. */
    public static INDArray[] labels(NeuRlpVertex vertex, INDArray x) {
        return new INDArray[] {odeLabels(vertex, x), x.castTo(DataType.DOUBLE)};
    }
}
