package org.mnn.nn.encoder;

import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.mnn.nn.NeuRlpVertex;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Graphs of encoder + heads + NeuRLP vertex + MSE output, shared by the encoder tests. */
final class EncoderGraphs {
    private EncoderGraphs() {
    }

    private static DataType savedDefault;
    private static DataType savedFloatingPoint;

    static void useDoubles() {
        savedDefault = Nd4j.dataType();
        savedFloatingPoint = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static void restoreDefaults() {
        if (savedDefault != null) {
            Nd4j.setDefaultDataTypes(savedDefault, savedFloatingPoint);
        }
    }

    static ComputationGraphConfiguration.GraphBuilder builder(IUpdater updater, long seed) {
        return new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .seed(seed)
                .updater(updater)
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("x");
    }

    /** x -> encoder -> heads -> "ode" -> MSE "out". */
    static ComputationGraph network(Encoder enc, OdeHeads heads, IUpdater updater, long seed) {
        ComputationGraphConfiguration.GraphBuilder g = builder(updater, seed);
        String f = enc.addTo(g, "x");
        heads.addTo(g, f, enc.outputSize(), "ode");
        g.addLayer("out", new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build(), "ode");
        g.setOutputs("out");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        heads.initialise(net);
        return net;
    }

    static INDArray random(Random rnd, double scale, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = scale * (2 * rnd.nextDouble() - 1);
        }
        return Nd4j.create(v, shape, 'c').castTo(DataType.DOUBLE);
    }

    /** A well-posed second-order template u'' + 0.5 u' + u (layout [E=1][D=1][R+1=3]). */
    static final double[] TEMPLATE = {1.0, 0.5, 1.0};

}
