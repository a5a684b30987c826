package org.mnn.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small ComputationGraphs around a {@link NeuRlpVertex}, shared by the tests. */
final class Graphs {
    private Graphs() {
    }

    private static DataType savedDefault;
    private static DataType savedFloatingPoint;

    /** Float64 everywhere, as the gradient checks require; {@link #restoreDefaults()} undoes it
     * (other test classes share the JVM). */
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

    /**
     * input "x" [mb, nIn] -> one dense layer per vertex input (tanh for coefficients, rhs and
     * initial values; softplus for steps, keeping them positive) -> "ode" -> MSE loss "out".
     */
    static ComputationGraph encoderGraph(NeuRlpVertex vertex, int nIn, IUpdater updater, long seed) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .seed(seed)
                .updater(updater)
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("x");
        List<String> sources = new ArrayList<>();
        for (String name : vertex.inputNames()) {
            String layer = layerName(name);
            Activation act = name.equals(NeuRlpVertex.STEPS) ? Activation.SOFTPLUS : Activation.TANH;
            g.addLayer(layer, new DenseLayer.Builder().nIn(nIn).nOut(vertex.inputFeatures(name)).activation(act).build(), "x");
            sources.add(layer);
        }
        g.addVertex("ode", vertex, sources.toArray(new String[0]));
        g.addLayer("out", new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build(), "ode");
        g.setOutputs("out");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    static String layerName(String parameter) {
        switch (parameter) {
            case NeuRlpVertex.COEFFICIENTS:
                return "coef";
            case NeuRlpVertex.RHS:
                return "rhs";
            case NeuRlpVertex.INITIAL_VALUES:
                return "iv";
            default:
                return "h";
        }
    }

    static INDArray random(Random rnd, long rows, long cols, double scale) {
        double[] v = new double[(int) (rows * cols)];
        for (int i = 0; i < v.length; i++) {
            v[i] = scale * (2 * rnd.nextDouble() - 1);
        }
        return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE);
    }

    /**
     * The largest relative error between backprop and central differences over all parameters,
     * computed the way GradientCheckUtil does (|g - n| / (|g| + |n|), 0 when both are 0; entries
     * whose absolute error is below {@code minAbsoluteError} pass), which only logs its own value.
     */
    static double maxRelativeError(ComputationGraph net, INDArray[] inputs, INDArray[] labels, double eps,
                                   double minAbsoluteError) {
        net.setInputs(inputs);
        net.setLabels(labels);
        net.computeGradientAndScore();
        // as GradientCheckUtil: the updater (NoOp) turns the summed gradient into that of the mean score
        new ComputationGraphUpdater(net).update(net.gradient(), 0, 0, (int) inputs[0].size(0),
                LayerWorkspaceMgr.noWorkspaces());
        INDArray grad = net.gradient().gradient().dup();
        INDArray params = net.params();
        MultiDataSet mds = new MultiDataSet(inputs, labels);
        double max = 0;
        for (long i = 0; i < params.length(); i++) {
            double orig = params.getDouble(i);
            params.putScalar(i, orig + eps);
            double plus = net.score(mds, true);
            params.putScalar(i, orig - eps);
            double minus = net.score(mds, true);
            params.putScalar(i, orig);
            double numeric = (plus - minus) / (2 * eps);
            double backprop = grad.getDouble(i);
            double abs = Math.abs(backprop - numeric);
            double rel = abs < minAbsoluteError ? 0 : abs / (Math.abs(backprop) + Math.abs(numeric));
            max = Math.max(max, rel);
        }
        return max;
    }
}
