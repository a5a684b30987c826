package org.mnn.nn.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mnn.nn.NeuRlpVertex;
import org.mnn.nn.NeuRlpVertex.Source;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * Tiny training runs: an MLP-encoded NeuRLP model learns the per-trajectory decay rate of
 * u' = -a u, u(0) = 1, from the trajectory itself (constant coefficients (a, 1) from the head);
 * and the consistency wiring (auxiliary trajectory, polynomial right-hand side, learned step)
 * fits logistic-like data.
 */
class EncoderTrainingTest {
    private static final int N = 20;
    private static final double T_END = 2;

    @BeforeAll
    static void doubles() {
        EncoderGraphs.useDoubles();
    }

    @AfterAll
    static void restore() {
        EncoderGraphs.restoreDefaults();
    }

    @Test
    void mlpLearnsDecayRates() {
        int m = 64;
        Random rnd = new Random(42);
        double[] a = new double[m];
        double[] x = new double[m * N];
        double h = T_END / (N - 1);
        for (int i = 0; i < m; i++) {
            a[i] = 0.5 + 1.5 * rnd.nextDouble();
            for (int s = 0; s < N; s++) {
                x[i * N + s] = Math.exp(-a[i] * s * h);
            }
        }
        INDArray xs = Nd4j.create(x, new long[] {m, N}, DataType.DOUBLE);
        NeuRlpVertex ode = NeuRlpVertex.builder(N, 1, 1).coefficients(Source.INPUT_CONSTANT)
                .fixedInitialValues(1, 1, 1.0).fixedStep(h).build();
        ComputationGraphConfiguration.GraphBuilder g = EncoderGraphs.builder(new Adam(1e-2), 7);
        MlpEncoder enc = MlpEncoder.builder(N).hidden(16, 16).build();
        String f = enc.addTo(g, "x");
        OdeHeads heads = OdeHeads.builder(ode).coefficientTemplate(1.0, 1.0).build();  // start at u' + u = 0
        heads.addTo(g, f, enc.outputSize(), "ode");
        g.addLayer("out", new LossLayer.Builder(new LossMSE(ConsistencyOutputs.uWeights(ode, 1)))
                .activation(Activation.IDENTITY).build(), "ode");
        g.setOutputs("out");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        heads.initialise(net);

        MultiDataSet ds = new MultiDataSet(new INDArray[] {xs}, new INDArray[] {ConsistencyOutputs.odeLabels(ode, xs)});
        double before = net.score(ds);
        long t0 = System.nanoTime();
        for (int it = 0; it < 300; it++) {
            net.fit(ds);
        }
        double after = net.score(ds);
        INDArray c = net.feedForward(xs, false).get("head_coef");
        double[] err = new double[m];
        for (int i = 0; i < m; i++) {
            double aHat = c.getDouble(i, 0) / c.getDouble(i, 1);
            err[i] = Math.abs(aHat - a[i]) / a[i];
        }
        Arrays.sort(err);
        System.out.printf("decay rates: loss %.3e -> %.3e (x%.0f) in %.1f s, median |a_hat - a|/a = %.3e, max %.3e%n",
                before, after, before / after, (System.nanoTime() - t0) / 1e9, err[m / 2], err[m - 1]);
        assertThat(before / after).isGreaterThan(100);
        assertThat(err[m / 2]).isLessThan(0.05);
    }

    @Test
    void consistencyWiringFitsLogisticData() {
        int m = 32;
        Random rnd = new Random(3);
        double h = 3.0 / (N - 1);
        double[] x = new double[m * N];
        for (int i = 0; i < m; i++) {
            double r = 3 + 0.5 * rnd.nextGaussian();
            double k = 3 + 0.5 * rnd.nextGaussian();
            double x0 = 0.2 + 0.05 * rnd.nextDouble();
            for (int s = 0; s < N; s++) {
                x[i * N + s] = k / (1 + (k / x0 - 1) * Math.exp(-r * s * h));
            }
        }
        INDArray xs = Nd4j.create(x, new long[] {m, N}, DataType.DOUBLE);
        ComputationGraph net = EncoderGradientTest.consistencyNetwork(N, 32, 2, new Adam(5e-3), 9, 0.02, 0.5, h);
        MultiDataSet ds = new MultiDataSet(new INDArray[] {xs},
                ConsistencyOutputs.labels(EncoderGradientTest.consistencyVertex(N), xs));
        double before = net.score(ds);
        long t0 = System.nanoTime();
        for (int it = 0; it < 300; it++) {
            net.fit(ds);
        }
        double after = net.score(ds);
        double hMean = net.feedForward(xs, false).get("head_h").meanNumber().doubleValue();
        System.out.printf("consistency wiring: loss %.3e -> %.3e (x%.0f) in %.1f s, mean learned step %.4f (grid %.4f)%n",
                before, after, before / after, (System.nanoTime() - t0) / 1e9, hMean, h);
        assertThat(before / after).isGreaterThan(10);
    }
}
