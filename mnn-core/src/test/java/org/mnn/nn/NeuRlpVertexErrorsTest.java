package org.mnn.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mnn.nn.NeuRlpVertex.Source;
import org.mnn.nn.NeuRlpVertex.StepSource;
import org.mnn.ode.InvalidProblemException;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Bad inputs and configurations fail with messages that name the vertex, the input, the row and
 * what was expected.
 */
class NeuRlpVertexErrorsTest {
    private static final int N = 8;

    @BeforeAll
    static void doubles() {
        Graphs.useDoubles();
    }

    @AfterAll
    static void restore() {
        Graphs.restoreDefaults();
    }

    /** u'' + c1 u' + c0 u = rhs with constant coefficients [mb, 3], u(0), u'(0) [mb, 2], one step per row [mb, 1],
     * all network inputs going straight into the vertex. */
    private static NeuRlpVertex vertex() {
        return NeuRlpVertex.builder(N, 1, 2)
                .coefficients(Source.INPUT_CONSTANT)
                .initialValues(1, 2)
                .steps(StepSource.INPUT_PER_ITEM)
                .build();
    }

    private static ComputationGraph directGraph(DataType type) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(type)
                .updater(new Sgd(0.1))
                .graphBuilder()
                .addInputs("c", "iv", "h")
                .addVertex("ode", vertex(), "c", "iv", "h")
                .addLayer("out", new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build(), "ode")
                .setOutputs("out")
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    private static INDArray coefficients() {
        return Nd4j.create(new double[][] {{1, 0.1, 1}, {2, 0, 1}, {1, 0.5, 1}});
    }

    private static INDArray initialValues() {
        return Nd4j.create(new double[][] {{1, 0}, {0, 1}, {1, 1}});
    }

    private static INDArray steps(double... h) {
        return Nd4j.create(h, new long[] {h.length, 1}, DataType.DOUBLE);
    }

    @Test
    void validInputsGiveTheSolution() {
        INDArray out = directGraph(DataType.DOUBLE).outputSingle(coefficients(), initialValues(), steps(0.1, 0.1, 0.2));
        assertThat(out.shape()).containsExactly(3, N * 3);
        assertThat(out.getDouble(0, vertex().outputIndex(0, 0, 0))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4)); // rows are fitted in least squares
    }

    @Test
    void aFloatNetworkIsRefusedWhenBuilt() {
        assertThatThrownBy(() -> directGraph(DataType.FLOAT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NeuRlpVertex 'ode'")
                .hasMessageContaining("needs a DOUBLE network, got data type FLOAT")
                .hasMessageContaining(".dataType(DataType.DOUBLE)");
    }

    @Test
    void float32InputsAreRefused() {
        // DL4J passes network inputs on without casting them to the network's data type
        ComputationGraph net = directGraph(DataType.DOUBLE);
        assertThatThrownBy(() -> net.outputSingle(coefficients().castTo(DataType.FLOAT), initialValues(), steps(0.1, 0.1, 0.1)))
                .isInstanceOf(InvalidProblemException.class)
                .hasMessage("NeuRlpVertex 'ode': input 0 (coefficients, from 'c'): expected data type DOUBLE (the NeuRLP"
                        + " solver works in float64; build the network with .dataType(DataType.DOUBLE) and feed DOUBLE"
                        + " arrays), got FLOAT with shape [3, 3]");
        // the same check on the vertex alone, for an input other than the first
        NeuRlpVertexImpl impl = (NeuRlpVertexImpl) vertex().instantiate(null, "ode", 0, null, false, DataType.DOUBLE);
        impl.setInputs(new INDArray[] {coefficients(), initialValues(), steps(0.1, 0.1, 0.1).castTo(DataType.FLOAT)});
        assertThatThrownBy(() -> impl.doForward(false, LayerWorkspaceMgr.noWorkspaces()))
                .isInstanceOf(InvalidProblemException.class)
                .hasMessageStartingWith("NeuRlpVertex 'ode': input 2 (steps): expected data type DOUBLE")
                .hasMessageEndingWith("got FLOAT with shape [3, 1]");
    }

    @Test
    void aWrongFeatureCountNamesTheInputAndTheLayout() {
        ComputationGraph net = directGraph(DataType.DOUBLE);
        INDArray ivWrong = Nd4j.create(new double[][] {{1, 0, 0}, {0, 1, 0}, {1, 1, 0}});
        assertThatThrownBy(() -> net.outputSingle(coefficients(), ivWrong, steps(0.1, 0.1, 0.1)))
                .isInstanceOf(InvalidProblemException.class)
                .hasMessage("NeuRlpVertex 'ode': input 1 (initial values, from 'iv'): expected shape [minibatch, 2]"
                        + " (2 features per row [S_iv=1][D=1][K=2]), got shape [3, 3] (3 features)");
    }

    @Test
    void aWrongLayerSizeIsReportedWhenTheGraphIsBuiltWithInputTypes() {
        assertThatThrownBy(() -> new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .graphBuilder()
                .addInputs("x")
                .addLayer("coef", new DenseLayer.Builder().nOut(4).build(), "x")
                .addLayer("iv", new DenseLayer.Builder().nOut(2).build(), "x")
                .addLayer("h", new DenseLayer.Builder().nOut(1).activation(Activation.SOFTPLUS).build(), "x")
                .addVertex("ode", vertex(), "coef", "iv", "h")
                .addLayer("out", new LossLayer.Builder(LossFunctions.LossFunction.MSE).build(), "ode")
                .setOutputs("out")
                .setInputTypes(InputType.feedForward(5))
                .build())
                .hasMessageContaining("NeuRlpVertex: input 0 (coefficients): expected 3 features [E=1][D=1][R+1=3], got 4");
    }

    @Test
    void aNonPositiveStepNamesTheRow() {
        ComputationGraph net = directGraph(DataType.DOUBLE);
        assertThatThrownBy(() -> net.outputSingle(coefficients(), initialValues(), steps(0.1, -0.05, 0.1)))
                .isInstanceOf(InvalidProblemException.class)
                .hasMessage("NeuRlpVertex 'ode': input 2 (steps, from 'h'): row 1, feature 0 (the one step size of the"
                        + " row): expected a positive finite step size, got -0.05 (make steps positive upstream, e.g. with"
                        + " a softplus or sigmoid activation)");
        assertThatThrownBy(() -> net.outputSingle(coefficients(), initialValues(), steps(0.1, 0.1, 0.0)))
                .hasMessageContaining("row 2, feature 0").hasMessageContaining("got 0.0");
        assertThatThrownBy(() -> net.outputSingle(coefficients(), initialValues(), steps(0.1, Double.POSITIVE_INFINITY, 0.1)))
                .hasMessageContaining("input 2 (steps, from 'h'): row 1, feature 0").hasMessageContaining("got Infinity");
    }

    @Test
    void perStepStepsNameTheStep() {
        NeuRlpVertex v = NeuRlpVertex.builder(N, 1, 2).coefficients(Source.INPUT_CONSTANT).initialValues(1, 2)
                .steps(StepSource.INPUT_PER_STEP).build();
        NeuRlpVertexImpl impl = (NeuRlpVertexImpl) v.instantiate(null, "mech", 0, null, false, DataType.DOUBLE);
        INDArray h = Nd4j.ones(DataType.DOUBLE, 3, N - 1).muli(0.1);
        h.putScalar(2, 4, -1.0);
        impl.setInputs(new INDArray[] {coefficients(), initialValues(), h});
        assertThatThrownBy(() -> impl.doForward(true, LayerWorkspaceMgr.noWorkspaces()))
                .hasMessageStartingWith("NeuRlpVertex 'mech': input 2 (steps): row 2, feature 4 (step 4): expected a"
                        + " positive finite step size, got -1.0");
    }

    @Test
    void nanInputsNameRowAndMeaning() {
        ComputationGraph net = directGraph(DataType.DOUBLE);
        INDArray c = coefficients();
        c.putScalar(2, 1, Double.NaN);
        assertThatThrownBy(() -> net.outputSingle(c, initialValues(), steps(0.1, 0.1, 0.1)))
                .isInstanceOf(InvalidProblemException.class)
                .hasMessage("NeuRlpVertex 'ode': input 0 (coefficients, from 'c'): row 2, feature 1 (equation 0, dim 0,"
                        + " order 1): expected a finite number, got NaN");
        INDArray iv = initialValues();
        iv.putScalar(0, 1, Double.NaN);
        assertThatThrownBy(() -> net.outputSingle(coefficients(), iv, steps(0.1, 0.1, 0.1)))
                .hasMessage("NeuRlpVertex 'ode': input 1 (initial values, from 'iv'): row 0, feature 1 (step 0, dim 0,"
                        + " order 1): expected a finite number, got NaN");
    }

    @Test
    void anIllPosedRowIsNamed() {
        // no initial values and all-zero coefficients in row 1: nothing pins u down
        NeuRlpVertex v = NeuRlpVertex.builder(N, 1, 2).coefficients(Source.INPUT_CONSTANT).fixedStep(0.1).build();
        NeuRlpVertexImpl impl = (NeuRlpVertexImpl) v.instantiate(null, "ode", 0, null, false, DataType.DOUBLE);
        impl.setInputs(new INDArray[] {Nd4j.create(new double[][] {{1, 0, 1}, {0, 0, 0}})});
        assertThatThrownBy(() -> impl.doForward(true, LayerWorkspaceMgr.noWorkspaces()))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageStartingWith("NeuRlpVertex 'ode': minibatch row 1: the NeuRLP system is singular");
    }

    @Test
    void mismatchedMinibatchSizes() {
        ComputationGraph net = directGraph(DataType.DOUBLE);
        assertThatThrownBy(() -> net.outputSingle(coefficients(), initialValues(), steps(0.1, 0.1)))
                .hasMessage("NeuRlpVertex 'ode': input 2 (steps, from 'h'): expected 3 rows (the minibatch size of"
                        + " input 0 'coefficients'), got shape [2, 1]");
    }

    @Test
    void invalidConfigurationsAreRefusedWhenBuilt() {
        assertThatThrownBy(() -> NeuRlpVertex.builder(8, 1, 2).coefficients(Source.INPUT_CONSTANT).build())
                .hasMessageContaining("choose the step sizes");
        assertThatThrownBy(() -> NeuRlpVertex.builder(8, 1, 2).fixedCoefficients(1, 0, 1).fixedStep(0.1).build())
                .hasMessage("NeuRlpVertex: no parameter comes from an input; a graph vertex needs at least one input");
        assertThatThrownBy(() -> NeuRlpVertex.builder(8, 1, 2).fixedCoefficients(1, 0).initialValues(1, 2).fixedStep(0.1).build())
                .hasMessageContaining("fixed coefficients: expected 3 values [E][D][R+1] (constant in time) or 24 values");
        assertThatThrownBy(() -> NeuRlpVertex.builder(8, 1, 2).coefficients(Source.INPUT_CONSTANT).initialValues(1, 3)
                .fixedStep(0.1).build())
                .hasMessageContaining("initial order K: expected 0..2 given derivatives, got 3");
        assertThatThrownBy(() -> NeuRlpVertex.builder(8, 1, 2).coefficients(Source.INPUT_CONSTANT).fixedStep(-0.1).build())
                .hasMessageContaining("fixed step h: expected a positive finite number, got -0.1");
    }

    @Test
    void backwardWithoutATrainingForwardPassIsRefused() {
        NeuRlpVertexImpl impl = (NeuRlpVertexImpl) vertex().instantiate(null, "ode", 0, null, false, DataType.DOUBLE);
        impl.setInputs(new INDArray[] {coefficients(), initialValues(), steps(0.1, 0.1, 0.1)});
        impl.doForward(false, LayerWorkspaceMgr.noWorkspaces());
        impl.setEpsilon(Nd4j.ones(DataType.DOUBLE, 3, N * 3));
        assertThatThrownBy(() -> impl.doBackward(false, LayerWorkspaceMgr.noWorkspaces()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("NeuRlpVertex 'ode': backward pass without a training forward pass");
        impl.doForward(true, LayerWorkspaceMgr.noWorkspaces());
        impl.setEpsilon(Nd4j.ones(DataType.DOUBLE, 3, N * 3 + 1));
        assertThatThrownBy(() -> impl.doBackward(false, LayerWorkspaceMgr.noWorkspaces()))
                .hasMessage("NeuRlpVertex 'ode': epsilon (dL/doutput): expected shape [3, 24] (the output of the forward"
                        + " pass), got [3, 25]");
    }
}
