package org.mnn.nn.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mnn.nn.NeuRlpVertex;
import org.mnn.nn.NeuRlpVertex.Source;
import org.mnn.nn.NeuRlpVertex.StepSource;
import org.mnn.nn.PolynomialRhsVertex;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * DL4J's GradientCheckUtil (float64, central differences on every parameter) through encoder,
 * heads (including the sigmoid-clipped step head) and the NeuRLP vertex, for the MLP, the 1-D CNN
 * (FLAT input, so the reshape to NCW is checked too), the ResNet1D, and the consistency wiring
 * (auxiliary trajectory into a PolynomialRhsVertex, two loss outputs).
 */
class EncoderGradientTest {
    private static final double EPS = 1e-6;
    private static final double MAX_REL_ERROR = 1e-5;
    private static final double MIN_ABS_ERROR = 1e-9;
    private static final int N = 6;
    private static final int MB = 2;

    @BeforeAll
    static void doubles() {
        EncoderGraphs.useDoubles();
    }

    @AfterAll
    static void restore() {
        EncoderGraphs.restoreDefaults();
    }

    static NeuRlpVertex vertex() {
        return NeuRlpVertex.builder(N, 1, 2).coefficients(Source.INPUT_PER_STEP).rhs(Source.INPUT_PER_STEP)
                .initialValues(1, 2).steps(StepSource.INPUT_PER_ITEM).build();
    }

    private static boolean check(ComputationGraph net, INDArray[] in, INDArray[] labels) {
        assertThat(net.params().dataType()).isEqualTo(DataType.DOUBLE);
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                .net(net).inputs(in).labels(labels)
                .epsilon(EPS).maxRelError(MAX_REL_ERROR).minAbsoluteError(MIN_ABS_ERROR)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false));
    }

    private void checkEncoder(Encoder enc, INDArray x, long seed) {
        NeuRlpVertex v = vertex();
        OdeHeads heads = OdeHeads.builder(v).steps(0.05, 0.5, 0.2).coefficientTemplate(EncoderGraphs.TEMPLATE).build();
        ComputationGraph net = EncoderGraphs.network(enc, heads, new NoOp(), seed);
        Random rnd = new Random(seed);
        INDArray[] labels = {EncoderGraphs.random(rnd, 1, MB, v.outputSize())};
        boolean ok = check(net, new INDArray[] {x}, labels);
        System.out.printf("gradient check %s: %d parameters, %s%n", enc, net.numParams(), ok ? "passed" : "FAILED");
        assertThat(ok).as(enc.toString()).isTrue();
    }

    @Test
    void mlp() {
        checkEncoder(MlpEncoder.builder(N).hidden(4, 3).build(), EncoderGraphs.random(new Random(1), 1, MB, N), 11);
    }

    @Test
    void cnn1dFlatInput() {
        checkEncoder(Cnn1dEncoder.builder(1, N).kernel(3).channels(2, 2).dense(3).input(InputLayout.FLAT).build(),
                EncoderGraphs.random(new Random(2), 1, MB, N), 12);
    }

    @Test
    void cnn1dTwoChannelsNcw() {
        checkEncoder(Cnn1dEncoder.builder(2, N).kernel(3).channels(2).dense(3).build(),
                EncoderGraphs.random(new Random(3), 1, MB, 2, N), 13);
    }

    @Test
    void resNet1d() {
        checkEncoder(ResNet1dEncoder.builder(1, N).kernel(3).width(2).blocks(1).dense(3).build(),
                EncoderGraphs.random(new Random(4), 1, MB, 1, N), 14);
    }

    /** The consistency wiring of {@link ConsistencyOutputs}'s documentation, with a learned step per item. */
    static ComputationGraph consistencyNetwork(int points, int hidden, int degree, org.nd4j.linalg.learning.config.IUpdater updater,
                                               long seed, double hMin, double hMax, double h0) {
        NeuRlpVertex ode = consistencyVertex(points);
        ComputationGraphConfiguration.GraphBuilder g = EncoderGraphs.builder(updater, seed);
        MlpEncoder enc = MlpEncoder.builder(points).hidden(hidden).build();
        String f = enc.addTo(g, "x");
        String y = new AuxiliaryTrajectoryHead(points, 1, "y").addTo(g, f, enc.outputSize());
        g.addLayer("xi", new DenseLayer.Builder().nIn(enc.outputSize()).nOut(degree + 1).activation(Activation.IDENTITY)
                .build(), f);
        g.addVertex("rhs", new PolynomialRhsVertex(points, degree), "xi", y);
        g.addVertex("y0", new SubsetVertex(0, 0), y);
        OdeHeads.builder(ode).external(NeuRlpVertex.RHS, "rhs").external(NeuRlpVertex.INITIAL_VALUES, "y0")
                .steps(hMin, hMax, h0).build().addTo(g, f, enc.outputSize(), "ode");
        g.setOutputs(ConsistencyOutputs.addTo(g, ode, "ode", y, "loss", 1, 1));
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    static NeuRlpVertex consistencyVertex(int points) {
        return NeuRlpVertex.builder(points, 1, 1).fixedCoefficients(0, 1).rhs(Source.INPUT_PER_STEP)
                .initialValues(1, 1).steps(StepSource.INPUT_PER_ITEM).build();
    }

    @Test
    void consistencyWiring() {
        ComputationGraph net = consistencyNetwork(N, 3, 2, new NoOp(), 15, 0.05, 0.5, 0.2);
        Random rnd = new Random(5);
        INDArray x = EncoderGraphs.random(rnd, 1, MB, N);
        INDArray[] labels = ConsistencyOutputs.labels(consistencyVertex(N), x);
        assertThat(labels[0].shape()).containsExactly(MB, 2L * N);
        assertThat(labels[0].getDouble(1, 2 * 3)).isEqualTo(x.getDouble(1, 3));
        assertThat(labels[0].getDouble(1, 2 * 3 + 1)).isEqualTo(0.0);
        boolean ok = check(net, new INDArray[] {x}, labels);
        System.out.printf("gradient check consistency wiring: %d parameters, %s%n", net.numParams(), ok ? "passed" : "FAILED");
        assertThat(ok).isTrue();
    }
}
