package org.mnn.demo;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.mnn.nn.NeuRlpVertex;
import org.mnn.nn.NeuRlpVertex.Source;
import org.mnn.nn.NeuRlpVertex.StepSource;
import org.mnn.train.EpochListener;
import org.mnn.train.Trainer;
import org.mnn.train.TrainingConfig;
import org.mnn.train.TrainingResult;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Fitting a noisy damped sine (method.md section 5): y = sin(2t) e^(-0.1t) + 0.5 N(0,1) e^(-0.1t)
 * on N points of [0, T]; one second-order linear ODE c0(t) u + c1(t) u' + c2(t) u'' = 1 with free
 * time-varying coefficients (N x 3), learned step sizes (N - 1, initialised at 0.1, kept in
 * (0, 0.2) by a scaled sigmoid as the paper clips them), right-hand side 1 and no initial
 * conditions, trained with Adam on the MSE between u and the noisy data.
 *
 * <p>The network: a constant input of ones [1, 1]; a dense layer without bias and identity
 * activation whose N*3 weights are the coefficients ("coef"); a dense layer without bias, zero
 * weights and a sigmoid, scaled by 0.2, whose N - 1 outputs are the steps ("h"); the
 * {@link NeuRlpVertex} ("ode"); an MSE loss on u only (a label mask hides the derivatives).
 */
public final class SineDemo {
    private SineDemo() {
    }

    /** The step-size ceiling: steps are 0.2 * sigmoid(w). */
    public static final double MAX_STEP = 0.2;

    /**
     * The problem and training settings.
     *
     * @param points       grid points N (500 in the paper)
     * @param tEnd         the interval [0, tEnd] (50)
     * @param noise        noise amplitude before the e^(-0.1t) envelope (0.5)
     * @param epochs       Adam epochs (500)
     * @param learningRate Adam's learning rate (0.01)
     * @param seed         seed of the noise, the initial coefficients and training
     */
    public record Config(int points, double tEnd, double noise, int epochs, double learningRate, long seed) {
        /** The paper's setup: 500 points on [0, 50], noise 0.5, 500 epochs of Adam 0.01, seed 1. */
        public static Config paper() {
            return new Config(500, 50, 0.5, 500, 0.01, 1);
        }

        public Config withEpochs(int e) {
            return new Config(points, tEnd, noise, e, learningRate, seed);
        }

        public Config withPoints(int n, double end) {
            return new Config(n, end, noise, epochs, learningRate, seed);
        }
    }

    /**
     * What the fit achieved.
     *
     * @param rmseClean  RMSE of u against the clean signal sin(2t) e^(-0.1t)
     * @param rmseData   RMSE of u against the noisy data it was trained on
     * @param noiseRms   RMS of the noise actually drawn (data - clean)
     * @param stepMean   mean learned step size
     * @param stepMin    smallest learned step size
     * @param stepMax    largest learned step size
     * @param seconds    wall time of the training
     * @param training   how training ended
     * @param t          the nominal grid (i * tEnd / (N - 1))
     * @param data       the noisy data
     * @param clean      the clean signal
     * @param fit        u from the trained network
     * @param steps      the learned step sizes
     */
    public record Result(double rmseClean, double rmseData, double noiseRms, double stepMean, double stepMin,
                         double stepMax, double seconds, TrainingResult training, double[] t, double[] data,
                         double[] clean, double[] fit, double[] steps) {
    }

    /** The clean signal sin(2t) e^(-0.1t). */
    public static double clean(double t) {
        return Math.sin(2 * t) * Math.exp(-0.1 * t);
    }

    /** The nominal grid. */
    public static double[] grid(Config c) {
        double[] t = new double[c.points()];
        for (int i = 0; i < t.length; i++) {
            t[i] = i * c.tEnd() / (c.points() - 1);
        }
        return t;
    }

    /** The noisy data, deterministic for the seed. */
    public static double[] data(Config c) {
        Random rnd = new Random(c.seed());
        double[] t = grid(c);
        double[] y = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            y[i] = clean(t[i]) + c.noise() * rnd.nextGaussian() * Math.exp(-0.1 * t[i]);
        }
        return y;
    }

    /** The mechanistic block of the demo. */
    public static NeuRlpVertex vertex(Config c) {
        return NeuRlpVertex.builder(c.points(), 1, 2)
                .coefficients(Source.INPUT_PER_STEP)
                .fixedRhs(1.0)
                .steps(StepSource.INPUT_PER_STEP)
                .build();
    }

    /** The network (see the class comment), float64, Adam with {@code training}'s learning rate. */
    public static ComputationGraph network(Config c, TrainingConfig training) {
        NeuRlpVertex vertex = vertex(c);
        int n = c.points();
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .seed(c.seed())
                .updater(training.adam())
                .graphBuilder()
                .addInputs("one")
                .addLayer("coef", new DenseLayer.Builder().nIn(1).nOut(3L * n).hasBias(false)
                        .weightInit(WeightInit.NORMAL).activation(Activation.IDENTITY).build(), "one")
                .addLayer("hraw", new DenseLayer.Builder().nIn(1).nOut(n - 1).hasBias(false)
                        .weightInit(WeightInit.ZERO).activation(Activation.SIGMOID).build(), "one")
                .addVertex("h", new ScaleVertex(MAX_STEP), "hraw")
                .addVertex("ode", vertex, "coef", "h")
                .addLayer("out", new LossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).build(), "ode")
                .setOutputs("out")
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /** The training set: one example, input 1, label u = data (derivatives masked out). DL4J's
     * masked MSE divides by all N*3 output columns, so the reported loss is a third of the mean
     * squared error of u. */
    public static MultiDataSet dataSet(Config c, double[] y) {
        NeuRlpVertex vertex = vertex(c);
        int width = (int) vertex.outputSize();
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 1, width);
        INDArray mask = Nd4j.zeros(DataType.DOUBLE, 1, width);
        for (int s = 0; s < c.points(); s++) {
            labels.putScalar(0, vertex.outputIndex(s, 0, 0), y[s]);
            mask.putScalar(0, vertex.outputIndex(s, 0, 0), 1.0);
        }
        return new MultiDataSet(new INDArray[] {Nd4j.ones(DataType.DOUBLE, 1, 1)}, new INDArray[] {labels},
                null, new INDArray[] {mask});
    }

    /** Builds, trains and evaluates; {@code listeners} observe every epoch. */
    public static Result run(Config c, List<EpochListener> listeners) {
        return run(c, null, listeners);
    }

    /** As {@link #run(Config, List)}, writing the best model to {@code checkpoint} (null: none). */
    public static Result run(Config c, java.nio.file.Path checkpoint, List<EpochListener> listeners) {
        return Float64.run(() -> {
            TrainingConfig training = TrainingConfig.builder()
                    .learningRate(c.learningRate())
                    .epochs(c.epochs())
                    .batchSize(1)
                    .seed(c.seed())
                    .checkpoint(checkpoint)
                    .build();
            double[] y = data(c);
            ComputationGraph net = network(c, training);
            MultiDataSet ds = dataSet(c, y);
            Trainer trainer = new Trainer(training);
            for (EpochListener l : listeners) {
                trainer.history().addListener(l);
            }
            long start = System.nanoTime();
            TrainingResult result = trainer.fit(net, ds);
            double seconds = (System.nanoTime() - start) / 1e9;

            Map<String, INDArray> acts = net.feedForward(ds.getFeatures(), false, false);
            INDArray u = acts.get("ode");
            double[] steps = acts.get("h").dup('c').toDoubleVector();
            NeuRlpVertex vertex = vertex(c);
            double[] t = grid(c);
            double[] fit = new double[c.points()];
            double[] clean = new double[c.points()];
            double sc = 0;
            double sd = 0;
            double sn = 0;
            for (int s = 0; s < fit.length; s++) {
                fit[s] = u.getDouble(0, vertex.outputIndex(s, 0, 0));
                clean[s] = clean(t[s]);
                sc += sq(fit[s] - clean[s]);
                sd += sq(fit[s] - y[s]);
                sn += sq(y[s] - clean[s]);
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (double h : steps) {
                min = Math.min(min, h);
                max = Math.max(max, h);
                sum += h;
            }
            int n = fit.length;
            return new Result(Math.sqrt(sc / n), Math.sqrt(sd / n), Math.sqrt(sn / n), sum / steps.length, min, max,
                    seconds, result, t, y, clean, fit, steps);
        });
    }

    private static double sq(double x) {
        return x * x;
    }
}
