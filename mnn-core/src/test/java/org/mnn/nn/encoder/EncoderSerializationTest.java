package org.mnn.nn.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mnn.nn.NeuRlpVertex;
import org.mnn.nn.NeuRlpVertex.Source;
import org.mnn.nn.NeuRlpVertex.StepSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/** A ResNet1D-encoded model (FLAT input: reshape vertices, Add skips, step head) survives ModelSerializer exactly. */
class EncoderSerializationTest {
    @BeforeAll
    static void doubles() {
        EncoderGraphs.useDoubles();
    }

    @AfterAll
    static void restore() {
        EncoderGraphs.restoreDefaults();
    }

    @Test
    void roundTrip() throws Exception {
        int n = 8;
        NeuRlpVertex ode = NeuRlpVertex.builder(n, 1, 2).coefficients(Source.INPUT_CONSTANT).rhs(Source.INPUT_PER_STEP)
                .initialValues(1, 2).steps(StepSource.INPUT_PER_STEP).build();
        ResNet1dEncoder enc = ResNet1dEncoder.builder(1, n).width(3).blocks(1).dense(4).input(InputLayout.FLAT).build();
        OdeHeads heads = OdeHeads.builder(ode).steps(0.01, 0.5, 0.1).coefficientTemplate(EncoderGraphs.TEMPLATE).build();
        ComputationGraph net = EncoderGraphs.network(enc, heads, new Adam(1e-3), 21);
        INDArray x = EncoderGraphs.random(new Random(8), 1, 3, n);
        INDArray before = net.outputSingle(x);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertThat(back.getConfiguration()).isEqualTo(net.getConfiguration());
        assertThat(back.outputSingle(x).equalsWithEps(before, 0)).isTrue();
    }
}
