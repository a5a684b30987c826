package org.mnn.nn.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mnn.nn.NeuRlpVertex;
import org.mnn.nn.NeuRlpVertex.Source;
import org.mnn.nn.NeuRlpVertex.StepSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Every encoder builds, feeds the heads, and the heads' outputs match the input layout of the
 * NeuRLP vertex (constant and per-step coefficients, per-item and per-step steps); step sizes stay
 * in (hMin, hMax); the 1-D convolutions read NCW and the FLAT layout gives the same result.
 */
class EncoderShapesTest {
    private static final int N = 10;
    private static final int MB = 3;

    @BeforeAll
    static void doubles() {
        EncoderGraphs.useDoubles();
    }

    @AfterAll
    static void restore() {
        EncoderGraphs.restoreDefaults();
    }

    static NeuRlpVertex perStep() {
        return NeuRlpVertex.builder(N, 2, 2).coefficients(Source.INPUT_PER_STEP).rhs(Source.INPUT_CONSTANT)
                .initialValues(1, 2).steps(StepSource.INPUT_PER_STEP).build();
    }

    static NeuRlpVertex constant() {
        return NeuRlpVertex.builder(N, 1, 2).coefficients(Source.INPUT_CONSTANT).rhs(Source.INPUT_PER_STEP)
                .initialValues(1, 2).steps(StepSource.INPUT_PER_ITEM).build();
    }

    private void checkLayout(ComputationGraph net, NeuRlpVertex vertex, OdeHeads heads, INDArray x) {
        Map<String, INDArray> acts = net.feedForward(x, false);
        for (String p : vertex.inputNames()) {
            INDArray a = acts.get(heads.headName(p));
            assertThat(a.shape()).as(p).containsExactly(MB, vertex.inputFeatures(p));
        }
        assertThat(acts.get("ode").shape()).containsExactly(MB, vertex.outputSize());
        INDArray h = acts.get(heads.headName(NeuRlpVertex.STEPS));
        assertThat(h.minNumber().doubleValue()).isGreaterThan(0.01);
        assertThat(h.maxNumber().doubleValue()).isLessThan(0.3);
        assertThat(acts.get("ode").isNaN().any()).isFalse();
    }

    @Test
    void mlpFeedsHeadsOfBothLayouts() {
        for (NeuRlpVertex vertex : new NeuRlpVertex[] {perStep(), constant()}) {
            MlpEncoder enc = MlpEncoder.builder(N).hidden(8, 6).activation(Activation.TANH).build();
            OdeHeads heads = OdeHeads.builder(vertex).steps(0.01, 0.3, 0.1).build();
            ComputationGraph net = EncoderGraphs.network(enc, heads, new Adam(1e-3), 1);
            assertThat(enc.outputSize()).isEqualTo(6);
            checkLayout(net, vertex, heads, EncoderGraphs.random(new Random(1), 1, MB, N));
        }
    }

    @Test
    void cnnAndResNetFeedHeads() {
        NeuRlpVertex vertex = perStep();
        Encoder[] encoders = {
            Cnn1dEncoder.builder(2, N).kernel(3).channels(4, 3).dense(5).build(),
            Cnn1dEncoder.builder(2, N).kernel(5).channels(4).dense().build(),
            ResNet1dEncoder.builder(2, N).kernel(3).width(4).blocks(2).dense(5).build()
        };
        for (Encoder enc : encoders) {
            OdeHeads heads = OdeHeads.builder(vertex).steps(0.01, 0.3, 0.1).build();
            ComputationGraph net = EncoderGraphs.network(enc, heads, new Adam(1e-3), 2);
            INDArray x = EncoderGraphs.random(new Random(2), 1, MB, 2, N);
            checkLayout(net, vertex, heads, x);
            // the convolutions keep the length (same padding) and emit NCW
            Map<String, INDArray> acts = net.feedForward(x, false);
            String first = enc instanceof ResNet1dEncoder ? "resnet_stem" : "cnn_conv0";
            assertThat(acts.get(first).shape()).containsExactly(MB, 4, N);
        }
        assertThat(Cnn1dEncoder.builder(2, N).channels(4).dense().build().outputSize()).isEqualTo(4 * N);
    }

    @Test
    void convolutionReadsChannelsFirst() {
        // NCW: perturbing x[i, c, t] changes only example i at positions t-1..t+1 (kernel 3, same padding)
        NeuRlpVertex vertex = constant();
        Cnn1dEncoder enc = Cnn1dEncoder.builder(2, N).kernel(3).channels(3).dense(4).build();
        ComputationGraph net = EncoderGraphs.network(enc, OdeHeads.builder(vertex).build(), new Adam(1e-3), 3);
        INDArray x = EncoderGraphs.random(new Random(3), 1, MB, 2, N);
        INDArray conv = net.feedForward(x, false).get("cnn_conv0").dup();
        assertThat(conv.shape()).containsExactly(MB, 3, N);
        INDArray x2 = x.dup();
        x2.putScalar(new long[] {1, 1, 5}, x.getDouble(1, 1, 5) + 0.5);
        INDArray conv2 = net.feedForward(x2, false).get("cnn_conv0");
        for (int i = 0; i < MB; i++) {
            for (int o = 0; o < 3; o++) {
                for (int t = 0; t < N; t++) {
                    boolean near = i == 1 && Math.abs(t - 5) <= 1;
                    double diff = Math.abs(conv2.getDouble(i, o, t) - conv.getDouble(i, o, t));
                    if (near) {
                        assertThat(diff).as("i=%d o=%d t=%d", i, o, t).isGreaterThan(1e-6);
                    } else {
                        assertThat(diff).as("i=%d o=%d t=%d", i, o, t).isEqualTo(0.0);
                    }
                }
            }
        }
    }

    @Test
    void kernelOneConvolutionIsAPerPositionChannelMix() {
        // kernel 1, identity: conv(x)[i, o, t] = sum_c M[o, c] x[i, c, t] + b[o]. Measured: DL4J M2.1 applies the
        // parameter "W" (shape [nOut, nIn, 1, 1]) with its buffer read as [nIn][nOut], i.e. M[o, c] = buffer[c*nOut + o].
        NeuRlpVertex vertex = constant();
        Cnn1dEncoder enc = Cnn1dEncoder.builder(2, N).kernel(1).channels(3).dense(4).activation(Activation.IDENTITY).build();
        ComputationGraph net = EncoderGraphs.network(enc, OdeHeads.builder(vertex).build(), new Adam(1e-3), 3);
        INDArray x = EncoderGraphs.random(new Random(3), 1, MB, 2, N);
        INDArray conv = net.feedForward(x, false).get("cnn_conv0");
        double[] w = net.getLayer("cnn_conv0").getParam("W").dup('c').reshape(-1).toDoubleVector();
        double[] b = net.getLayer("cnn_conv0").getParam("b").dup('c').reshape(-1).toDoubleVector();
        assertThat(w).hasSize(6);
        for (int i = 0; i < MB; i++) {
            for (int o = 0; o < 3; o++) {
                for (int t = 0; t < N; t++) {
                    double expect = b[o];
                    for (int c = 0; c < 2; c++) {
                        expect += w[c * 3 + o] * x.getDouble(i, c, t);
                    }
                    assertThat(conv.getDouble(i, o, t)).isCloseTo(expect, org.assertj.core.data.Offset.offset(1e-12));
                }
            }
        }
        // the flattened map is [channel][position]
        INDArray flat = net.feedForward(x, false).get("cnn_flat");
        assertThat(flat.shape()).containsExactly(MB, 3L * N);
        assertThat(flat.getDouble(1, 2 * N + 4)).isEqualTo(conv.getDouble(1, 2, 4));
    }

    @Test
    void flatInputEqualsNcwInput() {
        NeuRlpVertex vertex = constant();
        for (boolean resnet : new boolean[] {false, true}) {
            Encoder ncw = resnet ? ResNet1dEncoder.builder(2, N).width(3).blocks(1).build()
                    : Cnn1dEncoder.builder(2, N).channels(3, 3).build();
            Encoder flat = resnet ? ResNet1dEncoder.builder(2, N).width(3).blocks(1).input(InputLayout.FLAT).build()
                    : Cnn1dEncoder.builder(2, N).channels(3, 3).input(InputLayout.FLAT).build();
            ComputationGraph a = EncoderGraphs.network(ncw, OdeHeads.builder(vertex).build(), new Adam(1e-3), 4);
            ComputationGraph b = EncoderGraphs.network(flat, OdeHeads.builder(vertex).build(), new Adam(1e-3), 5);
            assertThat(b.numParams()).isEqualTo(a.numParams());
            b.setParams(a.params().dup());
            INDArray x = EncoderGraphs.random(new Random(4), 1, MB, 2, N);
            INDArray xFlat = x.dup('c').reshape('c', MB, 2L * N);
            INDArray outA = a.outputSingle(x);
            INDArray outB = b.outputSingle(xFlat);
            assertThat(outB.equalsWithEps(outA, 1e-12)).as(resnet ? "resnet" : "cnn").isTrue();
            // a single-channel window [mb, L] is the FLAT layout with one channel
        }
    }

    @Test
    void stepsAreSigmoidClipped() {
        OdeHeads heads = OdeHeads.builder(constant()).steps(0.01, 0.5, 0.1).build();
        assertThat(heads.step(-1e3)).isEqualTo(0.01);
        assertThat(heads.step(1e3)).isEqualTo(0.5);
        assertThat(heads.step(Math.log(0.09 / 0.4))).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> OdeHeads.builder(constant()).steps(0.2, 0.5, 0.1).build())
                .hasMessageContaining("hMin < h0 < hMax");
        assertThatThrownBy(() -> OdeHeads.builder(constant()).external("rhs2", "x").build())
                .hasMessageContaining("not an input");
    }

    @Test
    void templatesGoIntoTheBiases() {
        NeuRlpVertex vertex = perStep();  // per-step coefficients: the template repeats at every step
        MlpEncoder enc = MlpEncoder.builder(N).hidden(4).build();
        double[] t = new double[(int) (vertex.inputFeatures(NeuRlpVertex.COEFFICIENTS) / N)];
        for (int i = 0; i < t.length; i++) {
            t[i] = i + 1;
        }
        OdeHeads heads = OdeHeads.builder(vertex).coefficientTemplate(t).build();
        ComputationGraph net = EncoderGraphs.network(enc, heads, new Adam(1e-3), 6);
        INDArray b = net.getLayer("head_coef").getParam("b");
        assertThat(b.length()).isEqualTo((long) t.length * N);
        assertThat(b.reshape(-1).getDouble(t.length * 3 + 2)).isEqualTo(t[2]);
    }
}
