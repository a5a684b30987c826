package org.mnn.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.Random;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnn.nn.NeuRlpVertex.Source;
import org.mnn.nn.NeuRlpVertex.StepSource;
import org.mnn.solver.NeuRlpOptions;
import org.mnn.solver.RowFamily;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The configuration survives JSON (DL4J's Jackson mapper), clone, equals and hashCode; a trained
 * graph survives ModelSerializer with its updater state: identical outputs, and identical
 * outputs again after one more training step on both copies.
 */
class NeuRlpVertexSerializationTest {

    @BeforeAll
    static void doubles() {
        Graphs.useDoubles();
    }

    @AfterAll
    static void restore() {
        Graphs.restoreDefaults();
    }

    static NeuRlpVertex nonDefaultVertex() {
        return NeuRlpVertex.builder(8, 2, 2)
                .equations(2)
                .coefficients(Source.INPUT_PER_STEP)
                .rhs(Source.INPUT_CONSTANT)
                .fixedInitialValues(2, 1, 0.5, -0.25, 1.0, 0.75)
                .steps(StepSource.INPUT_PER_STEP)
                .options(NeuRlpOptions.defaults().withAlpha(0.01).withRefinement(3)
                        .withWeight(RowFamily.INITIAL, 4.0).withWeight(RowFamily.BACKWARD, 0.5))
                .build();
    }

    @Test
    void configurationRoundTripsThroughJsonCloneEqualsAndHashCode() {
        NeuRlpVertex v = nonDefaultVertex();
        NeuRlpVertex copy = v.clone();
        assertThat(copy).isEqualTo(v).hasSameHashCodeAs(v).isNotSameAs(v);
        assertThat(copy.getFixedInitialValues()).isNotSameAs(v.getFixedInitialValues());
        copy.setCentralWeight(2.0);
        assertThat(copy).isNotEqualTo(v);
        assertThat(NeuRlpVertex.builder(8, 2, 2).coefficients(Source.INPUT_PER_STEP).rhs(Source.INPUT_CONSTANT)
                .fixedInitialValues(2, 1, 0.5, -0.25, 1.0, 0.75).steps(StepSource.INPUT_PER_STEP).build())
                .isNotEqualTo(v);

        ComputationGraph net = Graphs.encoderGraph(v, 3, new Adam(1e-3), 1);
        ComputationGraphConfiguration conf = net.getConfiguration();
        String json = conf.toJson();
        assertThat(json).contains(NeuRlpVertex.class.getName()).contains("\"fixedInitialValues\"")
                .contains("\"initialWeight\"").doesNotContain("outputSize").doesNotContain("inputNames");
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertThat(back).isEqualTo(conf);
        NeuRlpVertex restored = (NeuRlpVertex) back.getVertices().get("ode");
        assertThat(restored).isEqualTo(v);
        assertThat(restored.neuRlpOptions().toString()).isEqualTo(v.neuRlpOptions().toString());
        assertThat(restored.neuRlpOptions().refinementSteps(2)).isEqualTo(3);
        assertThat(restored.neuRlpOptions().alpha()).isEqualTo(0.01);
    }

    @Test
    void outputTypeAndMemoryReport() {
        NeuRlpVertex v = nonDefaultVertex();
        assertThat(v.inputNames()).containsExactly(NeuRlpVertex.COEFFICIENTS, NeuRlpVertex.RHS, NeuRlpVertex.STEPS);
        InputType out = v.getOutputType(-1, InputType.feedForward(8 * 2 * 2 * 3), InputType.feedForward(2),
                InputType.feedForward(7));
        assertThat(out).isEqualTo(InputType.feedForward(8 * 2 * 3));
        MemoryReport report = v.getMemoryReport(InputType.feedForward(96), InputType.feedForward(2), InputType.feedForward(7));
        assertThat(report.getTotalMemoryBytes(16, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.DOUBLE))
                .isGreaterThan(report.getTotalMemoryBytes(1, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.DOUBLE));
        assertThat(v.minVertexInputs()).isEqualTo(3);
        assertThat(v.maxVertexInputs()).isEqualTo(3);
        assertThat(v.numParams(true)).isZero();
    }

    @Test
    void modelSerializerRoundTripReproducesOutputsExactly(@TempDir Path dir) throws Exception {
        NeuRlpVertex v = nonDefaultVertex();
        ComputationGraph net = Graphs.encoderGraph(v, 3, new Adam(1e-2), 5);
        Random rnd = new Random(3);
        INDArray x = Graphs.random(rnd, 5, 3, 1.0);
        INDArray y = Graphs.random(rnd, 5, v.outputSize(), 1.0);
        MultiDataSet data = new MultiDataSet(new INDArray[] {x}, new INDArray[] {y});
        for (int i = 0; i < 5; i++) {
            net.fit(data); // non-trivial parameters and Adam state
        }
        INDArray before = net.outputSingle(x);

        File file = dir.resolve("mnn-vertex.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);

        assertThat(restored.getConfiguration()).isEqualTo(net.getConfiguration());
        assertThat(restored.getConfiguration().getVertices().get("ode")).isEqualTo(v);
        assertThat(restored.params().toDoubleVector()).containsExactly(net.params().toDoubleVector());
        INDArray after = restored.outputSingle(x);
        assertThat(after.shape()).containsExactly(before.shape());
        assertThat(after.reshape(-1).toDoubleVector()).containsExactly(before.reshape(-1).toDoubleVector());

        // the updater state came along: one more step on both gives the same network
        net.fit(data);
        restored.fit(data);
        assertThat(restored.outputSingle(x).reshape(-1).toDoubleVector())
                .containsExactly(net.outputSingle(x).reshape(-1).toDoubleVector());
    }
}
