package org.mnn.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The library vertex b = sum_j xi_j y^j: values, gradients to both inputs (GradientCheckUtil), JSON. */
class PolynomialRhsVertexTest {
    @BeforeAll
    static void doubles() {
        Graphs.useDoubles();
    }

    @AfterAll
    static void restore() {
        Graphs.restoreDefaults();
    }

    /** x -> dense -> xi (3), x -> dense -> y (N); rhs = library(xi, y); MSE. */
    private static ComputationGraph graph(int n, int degree) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).seed(3).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("x")
                .addLayer("xi", new DenseLayer.Builder().nIn(2).nOut(degree + 1).activation(Activation.TANH).build(), "x")
                .addLayer("y", new DenseLayer.Builder().nIn(2).nOut(n).activation(Activation.TANH).build(), "x")
                .addVertex("rhs", new PolynomialRhsVertex(n, degree), "xi", "y")
                .addLayer("out", new LossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).build(), "rhs")
                .setOutputs("out")
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    @Test
    void valuesAreThePolynomial() {
        ComputationGraph net = graph(5, 2);
        Random rnd = new Random(1);
        INDArray x = Graphs.random(rnd, 3, 2, 1.0);
        var acts = net.feedForward(new INDArray[] {x}, false, false);
        INDArray xi = acts.get("xi");
        INDArray y = acts.get("y");
        INDArray b = acts.get("rhs");
        for (int r = 0; r < 3; r++) {
            for (int s = 0; s < 5; s++) {
                double v = y.getDouble(r, s);
                double expected = xi.getDouble(r, 0) + xi.getDouble(r, 1) * v + xi.getDouble(r, 2) * v * v;
                assertThat(b.getDouble(r, s)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-14));
            }
        }
    }

    @Test
    void gradientCheckPasses() {
        for (int degree : new int[] {0, 2, 3}) {
            ComputationGraph net = graph(6, degree);
            Random rnd = new Random(degree);
            INDArray[] in = {Graphs.random(rnd, 4, 2, 1.0)};
            INDArray[] labels = {Graphs.random(rnd, 4, 6, 1.0)};
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                    .net(net).inputs(in).labels(labels)
                    .epsilon(1e-6).maxRelError(1e-6).minAbsoluteError(1e-10)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false));
            assertThat(ok).as("degree " + degree).isTrue();
        }
    }

    @Test
    void survivesJsonAndRejectsBadConfigurations() {
        ComputationGraph net = graph(4, 2);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(net.getConfiguration().toJson());
        assertThat(back.getVertices().get("rhs")).isEqualTo(new PolynomialRhsVertex(4, 2));
        assertThatThrownBy(() -> new PolynomialRhsVertex(0, 2)).hasMessageContaining("points");
        assertThatThrownBy(() -> new PolynomialRhsVertex(4, -1)).hasMessageContaining("degree");
    }
}
