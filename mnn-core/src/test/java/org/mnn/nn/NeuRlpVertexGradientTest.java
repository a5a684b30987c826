package org.mnn.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mnn.nn.NeuRlpVertex.Source;
import org.mnn.nn.NeuRlpVertex.StepSource;
import org.mnn.ode.OdeBatch;
import org.mnn.solver.BandedNeuRlpSolver;
import org.mnn.solver.Gradients;
import org.mnn.solver.NeuRlpOptions;
import org.mnn.solver.RowFamily;
import org.mnn.solver.Solution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The vertex's gradients: DL4J's GradientCheckUtil (float64, central differences on every
 * parameter of the encoder layers, through the vertex) on small graphs covering every input
 * source, D = 1 and D = 2; and the vertex against the solver called directly (same values, same
 * gradients, per-item steps summed).
 */
class NeuRlpVertexGradientTest {
    private static final double EPS = 1e-5;
    private static final double MAX_REL_ERROR = 1e-5;
    private static final double MIN_ABS_ERROR = 1e-9;

    @BeforeAll
    static void doubles() {
        Graphs.useDoubles();
    }

    @AfterAll
    static void restore() {
        Graphs.restoreDefaults();
    }

    static Stream<Arguments> graphs() {
        return Stream.of(
                Arguments.of("D=1 R=2 N=8: per-step coefficients and rhs, u(0) and u'(0) from inputs, one step per item",
                        NeuRlpVertex.builder(8, 1, 2)
                                .coefficients(Source.INPUT_PER_STEP)
                                .rhs(Source.INPUT_PER_STEP)
                                .initialValues(1, 2)
                                .steps(StepSource.INPUT_PER_ITEM)
                                .build()),
                Arguments.of("D=2 E=2 R=2 N=8: constant coefficients and rhs, u at the first 2 steps, per-step steps",
                        NeuRlpVertex.builder(8, 2, 2)
                                .coefficients(Source.INPUT_CONSTANT)
                                .rhs(Source.INPUT_CONSTANT)
                                .initialValues(2, 1)
                                .steps(StepSource.INPUT_PER_STEP)
                                .build()),
                Arguments.of("D=1 R=2 N=8 periodic: fixed u''+u, rhs per step, fixed h, alpha > 0 and weights",
                        NeuRlpVertex.builder(8, 1, 2)
                                .fixedCoefficients(1, 0, 1)
                                .rhs(Source.INPUT_PER_STEP)
                                .periodic(true)
                                .fixedStep(0.3)
                                .options(NeuRlpOptions.defaults().withAlpha(0.05)
                                        .withWeight(RowFamily.EQUATION, 2.0).withWeight(RowFamily.CENTRAL, 0.5))
                                .build()),
                Arguments.of("D=2 E=2 R=1 N=8: per-step coefficients, fixed initial values, no slack, no central rows",
                        NeuRlpVertex.builder(8, 2, 1)
                                .coefficients(Source.INPUT_PER_STEP)
                                .fixedInitialValues(1, 1, 0.5, -1.0)
                                .fixedRhs(0.1, -0.2)
                                .steps(StepSource.INPUT_PER_ITEM)
                                .options(NeuRlpOptions.withoutSlackOrCentralRows())
                                .build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("graphs")
    void gradientCheckPasses(String name, NeuRlpVertex vertex) {
        Random rnd = new Random(name.hashCode());
        int nIn = 3;
        int mb = 4;
        ComputationGraph net = Graphs.encoderGraph(vertex, nIn, new NoOp(), 12345);
        assertThat(net.params().dataType()).isEqualTo(DataType.DOUBLE);
        INDArray[] in = {Graphs.random(rnd, mb, nIn, 1.0)};
        INDArray[] labels = {Graphs.random(rnd, mb, vertex.outputSize(), 1.0)};

        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                .net(net).inputs(in).labels(labels)
                .epsilon(EPS).maxRelError(MAX_REL_ERROR).minAbsoluteError(MIN_ABS_ERROR)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false));
        double maxRel = Graphs.maxRelativeError(net, in, labels, EPS, 0);
        System.out.printf("gradient check [%s]: %d parameters, max relative error %.3e%n", name, net.numParams(), maxRel);
        assertThat(ok).as("GradientCheckUtil").isTrue();
        assertThat(maxRel).isLessThan(MAX_REL_ERROR);
    }

    @Test
    void vertexEqualsTheSolverCalledDirectly() {
        int n = 8;
        int mb = 3;
        NeuRlpVertex conf = NeuRlpVertex.builder(n, 1, 2)
                .coefficients(Source.INPUT_CONSTANT)
                .rhs(Source.INPUT_PER_STEP)
                .initialValues(1, 2)
                .steps(StepSource.INPUT_PER_ITEM)
                .build();
        Random rnd = new Random(7);
        double[] c = new double[mb * 3];
        double[] b = new double[mb * n];
        double[] v = new double[mb * 2];
        double[] h = new double[mb];
        for (int i = 0; i < mb; i++) {
            c[i * 3] = 1 + rnd.nextDouble();
            c[i * 3 + 1] = rnd.nextDouble();
            c[i * 3 + 2] = 1;
            v[i * 2] = rnd.nextGaussian();
            v[i * 2 + 1] = rnd.nextGaussian();
            h[i] = 0.1 + 0.2 * rnd.nextDouble();
        }
        for (int j = 0; j < b.length; j++) {
            b[j] = rnd.nextGaussian();
        }
        double[] hs = new double[mb * (n - 1)];
        for (int i = 0; i < mb; i++) {
            java.util.Arrays.fill(hs, i * (n - 1), (i + 1) * (n - 1), h[i]);
        }
        OdeBatch batch = OdeBatch.builder(mb, n, 1, 2).coefficients(c.clone(), false).rhs(b.clone(), true)
                .initialValues(1, 2, v.clone()).steps(hs, true).build();
        Solution direct = new BandedNeuRlpSolver(NeuRlpOptions.defaults()).solve(batch);

        NeuRlpVertexImpl impl = (NeuRlpVertexImpl) conf.instantiate(null, "ode", 0, null, false, DataType.DOUBLE);
        impl.setInputs(new INDArray[] {arr(c, mb, 3), arr(b, mb, n), arr(v, mb, 2), arr(h, mb, 1)});
        INDArray out = impl.doForward(true, LayerWorkspaceMgr.noWorkspaces());
        assertThat(out.shape()).containsExactly(mb, n * 3);
        assertThat(out.reshape(-1).toDoubleVector()).containsExactly(direct.values());
        // layout [N][D][R+1] per row
        assertThat(out.getDouble(2, conf.outputIndex(5, 0, 1))).isEqualTo(direct.u(2, 5, 0, 1));

        double[] dLdu = new double[mb * n * 3];
        for (int j = 0; j < dLdu.length; j++) {
            dLdu[j] = rnd.nextGaussian();
        }
        Gradients g = direct.backward(dLdu, null);
        // an inference pass between the training forward and backward passes (a listener, say) changes nothing
        INDArray[] trainingInputs = impl.getInputs().clone();
        double[] c2 = c.clone();
        c2[0] += 1;
        impl.setInputs(new INDArray[] {arr(c2, mb, 3), arr(b, mb, n), arr(v, mb, 2), arr(h, mb, 1)});
        assertThat(impl.doForward(false, LayerWorkspaceMgr.noWorkspaces()).getDouble(0, 5)).isNotEqualTo(out.getDouble(0, 5));
        impl.setInputs(trainingInputs);
        impl.setEpsilon(arr(dLdu, mb, n * 3));
        INDArray[] grads = impl.doBackward(false, LayerWorkspaceMgr.noWorkspaces()).getSecond();
        assertThat(grads).hasSize(4);
        assertThat(grads[0].shape()).containsExactly(mb, 3);
        assertThat(grads[0].reshape(-1).toDoubleVector()).containsExactly(g.coefficients());
        assertThat(grads[1].reshape(-1).toDoubleVector()).containsExactly(g.rhs());
        assertThat(grads[2].reshape(-1).toDoubleVector()).containsExactly(g.initialValues());
        assertThat(grads[3].shape()).containsExactly(mb, 1);
        for (int i = 0; i < mb; i++) {
            double sum = 0;
            for (int s = 0; s < n - 1; s++) {
                sum += g.steps()[i * (n - 1) + s];
            }
            assertThat(grads[3].getDouble(i, 0)).isEqualTo(sum);
        }
    }

    private static INDArray arr(double[] v, long rows, long cols) {
        return org.nd4j.linalg.factory.Nd4j.create(v.clone(), new long[] {rows, cols}, DataType.DOUBLE);
    }
}
