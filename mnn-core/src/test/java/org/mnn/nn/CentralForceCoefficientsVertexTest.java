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

/** The central-force coefficients u'' = c(t) u: layout, a solve of u'' = -u, gradients, JSON. */
class CentralForceCoefficientsVertexTest {
    @BeforeAll
    static void doubles() {
        Graphs.useDoubles();
    }

    @AfterAll
    static void restore() {
        Graphs.restoreDefaults();
    }

    /** x -> dense (tanh) -> c (N); coef = vertex(c); MSE on the coefficients, or on a NeuRLP solve. */
    private static ComputationGraph graph(int n, int dims, boolean solve) {
        var b = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).seed(5).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("x")
                .addLayer("c", new DenseLayer.Builder().nIn(2).nOut(n).activation(Activation.TANH).build(), "x")
                .addVertex("coef", new CentralForceCoefficientsVertex(n, dims), "c");
        String last = "coef";
        if (solve) {
            b.addVertex("ode", NeuRlpVertex.builder(n, dims, 2).coefficients(NeuRlpVertex.Source.INPUT_PER_STEP)
                    .fixedInitialValues(2, 1, 1.0, 0.0, 1.0, 0.1).fixedStep(0.1).build(), "coef");
            last = "ode";
        }
        ComputationGraphConfiguration conf = b
                .addLayer("out", new LossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).build(), last)
                .setOutputs("out")
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    @Test
    void layoutIsUppMinusCuPerDimension() {
        ComputationGraph net = graph(4, 2, false);
        INDArray x = Graphs.random(new Random(1), 3, 2, 1.0);
        var acts = net.feedForward(new INDArray[] {x}, false, false);
        INDArray c = acts.get("c");
        INDArray coef = acts.get("coef");
        assertThat(coef.size(1)).isEqualTo(4 * 2 * 2 * 3);
        for (int r = 0; r < 3; r++) {
            for (int s = 0; s < 4; s++) {
                for (int e = 0; e < 2; e++) {
                    for (int d = 0; d < 2; d++) {
                        for (int k = 0; k < 3; k++) {
                            double expected = e != d ? 0 : k == 0 ? -c.getDouble(r, s) : k == 2 ? 1 : 0;
                            assertThat(coef.getDouble(r, ((s * 2 + e) * 2 + d) * 3 + k)).isEqualTo(expected);
                        }
                    }
                }
            }
        }
    }

    @Test
    void gradientCheckPassesThroughTheVertexAndASolve() {
        for (boolean solve : new boolean[] {false, true}) {
            ComputationGraph net = graph(6, 2, solve);
            Random rnd = new Random(solve ? 2 : 3);
            INDArray[] in = {Graphs.random(rnd, 3, 2, 1.0)};
            long width = solve ? 6 * 2 * 3 : 6 * 2 * 2 * 3;
            INDArray[] labels = {Graphs.random(rnd, 3, (int) width, 1.0)};
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                    .net(net).inputs(in).labels(labels)
                    .epsilon(1e-5).maxRelError(1e-5).minAbsoluteError(1e-9)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false));
            assertThat(ok).as("solve " + solve).isTrue();
        }
    }

    @Test
    void survivesJsonAndRejectsBadConfigurations() {
        ComputationGraph net = graph(4, 2, false);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(net.getConfiguration().toJson());
        assertThat(back.getVertices().get("coef")).isEqualTo(new CentralForceCoefficientsVertex(4, 2));
        assertThatThrownBy(() -> new CentralForceCoefficientsVertex(0, 2)).hasMessageContaining("points");
        assertThatThrownBy(() -> new CentralForceCoefficientsVertex(4, 0)).hasMessageContaining("dims");
    }
}
