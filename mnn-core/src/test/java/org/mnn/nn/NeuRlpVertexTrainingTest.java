package org.mnn.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mnn.nn.NeuRlpVertex.Source;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Parameter estimation through the vertex: learn the constant coefficients of
 * u'' + a u' + b u = 0 from trajectories of a damped oscillator (exact solutions, several initial
 * conditions) with Adam. The coefficients are a dense layer without bias fed with a constant 1
 * (a free parameter vector); the initial values are a second network input going straight into
 * the vertex; the loss sees u only (a label mask over the [N][D][R+1] output).
 */
class NeuRlpVertexTrainingTest {
    private static final double A = 0.5;
    private static final double B = 4.0;
    private static final int N = 61;
    private static final double H = 0.05;

    @BeforeAll
    static void doubles() {
        Graphs.useDoubles();
    }

    @AfterAll
    static void restore() {
        Graphs.restoreDefaults();
    }

    @Test
    void adamLearnsTheCoefficientsOfADampedOscillator() {
        NeuRlpVertex vertex = NeuRlpVertex.builder(N, 1, 2)
                .coefficients(Source.INPUT_CONSTANT) // [E][D][R+1] = (c0, c1, c2): c0 u + c1 u' + c2 u''
                .fixedRhs()
                .initialValues(1, 2)
                .fixedStep(H)
                .build();
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .seed(1)
                .updater(new Adam(0.05))
                .weightInit(WeightInit.ZERO)
                .graphBuilder()
                .addInputs("one", "iv")
                .addLayer("coef", new DenseLayer.Builder().nIn(1).nOut(3).hasBias(false)
                        .activation(Activation.IDENTITY).build(), "one")
                .addVertex("ode", vertex, "coef", "iv")
                .addLayer("out", new LossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).build(), "ode")
                .setOutputs("out")
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        // start from u'' + u = 0 (a = 0, b = 1)
        net.getLayer("coef").setParam("W", Nd4j.create(new double[][] {{1, 0, 1}}));

        double[][] ics = {{1, 0}, {0, 1}, {-0.5, 2}, {2, -1}, {0.3, 0.3}, {-1, -1.5}};
        int mb = ics.length;
        int width = (int) vertex.outputSize();
        INDArray one = Nd4j.ones(DataType.DOUBLE, mb, 1);
        INDArray iv = Nd4j.create(ics);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, mb, width);
        INDArray mask = Nd4j.zeros(DataType.DOUBLE, mb, width);
        double zeta = A / 2;
        double omega = Math.sqrt(B - zeta * zeta);
        for (int i = 0; i < mb; i++) {
            double u0 = ics[i][0];
            double v0 = ics[i][1];
            double sinCoef = (v0 + zeta * u0) / omega;
            for (int s = 0; s < N; s++) {
                double t = s * H;
                double u = Math.exp(-zeta * t) * (u0 * Math.cos(omega * t) + sinCoef * Math.sin(omega * t));
                labels.putScalar(i, vertex.outputIndex(s, 0, 0), u);
                mask.putScalar(i, vertex.outputIndex(s, 0, 0), 1.0);
            }
        }
        MultiDataSet data = new MultiDataSet(new INDArray[] {one, iv}, new INDArray[] {labels}, null, new INDArray[] {mask});

        double first = net.score(data);
        for (int it = 0; it < 300; it++) {
            net.fit(data);
        }
        double last = net.score(data);
        INDArray w = net.getLayer("coef").getParam("W");
        double c0 = w.getDouble(0, 0);
        double c1 = w.getDouble(0, 1);
        double c2 = w.getDouble(0, 2);
        double a = c1 / c2;
        double b = c0 / c2;
        System.out.printf("damped oscillator: loss %.3e -> %.3e (x%.0f); learned a = %.4f (true %.1f), b = %.4f (true %.1f)%n",
                first, last, first / last, a, A, b, B);
        assertThat(last).isLessThan(first / 1e4);
        assertThat(a).isCloseTo(A, org.assertj.core.data.Offset.offset(0.02));
        assertThat(b).isCloseTo(B, org.assertj.core.data.Offset.offset(0.04));
    }
}
