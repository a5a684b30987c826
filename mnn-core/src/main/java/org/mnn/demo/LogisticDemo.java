package org.mnn.demo;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.ShiftVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.mnn.nn.NeuRlpVertex;
import org.mnn.nn.NeuRlpVertex.Source;
import org.mnn.nn.PolynomialRhsVertex;
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
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * Parameter estimation for the logistic equation (method.md section 5): x' = r x - (r/K) x^2 on
 * [0, 3] with 60 points; trajectories with r ~ N(3, 0.5^2), K ~ N(3, 0.5^2), x0 ~ N(0.05, 0.05^2)
 * truncated to x0 &gt; 0 (non-positive draws are redrawn), independent Gaussian noise per point and
 * trajectory; 80/20 train/test split (the first 80% of the generated trajectories train). An
 * amortised encoder reads one noisy trajectory y and returns the coefficients xi = (p0, p1, p2)
 * of the linear-in-u ODE
 * <pre>
 *   u' = p0 + p1 y(t) + p2 y(t)^2,    u(0) = y(0)
 * </pre>
 * (method.md section 4: the nonlinear term goes through the auxiliary trajectory, here the data
 * itself, so the paper's consistency term |y - x| is identically zero). The {@link NeuRlpVertex}
 * solves that ODE (fixed step 3/59, one equation, order 1) and produces the fitted trajectory u;
 * the parameters are read from xi: r = p1, K = -p1/p2.
 *
 * <p>The loss, as in the paper, has parameter targets p = (0, r, -r/K) (an L1 loss on xi) plus
 * the trajectory term {@link #U_WEIGHT} x MSE(u, y) through the NeuRLP block. The trajectory term
 * alone (self-supervised) also learns, but slowly: measured (without the prior-centred head,
 * Adam 3e-3, minibatch 32) with 1,000 trajectories and 60
 * epochs it reached r_err 0.17 and K_err 0.026, against 0.0065 and 0.0046 for the combined loss
 * on the full data set. A weaker trajectory term learns K less precisely: weight 1 instead of 10
 * (100 epochs, full data) gave r_err 0.0034 but K_err 0.029.
 *
 * <p>The network: input "y" [n, 60]; encoder dense 60-H-H-3 (tanh) into "head"; the head is
 * parametrised around the prior means (p1 = 3 + a, 1/K = 1/3 + b, p2 = -p1/K, built from DL4J's
 * subset, shift, product, scale and merge vertices) giving "xi"; "rhs" =
 * {@link PolynomialRhsVertex}(xi, y); "y0" = y[:, 0]; "ode" = NeuRlpVertex with fixed
 * coefficients (0, 1) (that is, u' = rhs), rhs per step and initial value from inputs; outputs
 * "params" (L1 on xi) and "out" (weighted MSE on u; u' has weight 0 and is masked).
 * Simplifications against the paper: a dense instead of a 1-D CNN encoder, the data as the
 * auxiliary trajectory, a fixed instead of a learned step.
 */
public final class LogisticDemo {
    private LogisticDemo() {
    }

    /** The prior means of r and K: the encoder's head starts there (p1 = 3 + a, 1/K = 1/3 + b). */
    public static final double PRIOR_R = 3;
    public static final double PRIOR_K = 3;

    /** The weight of the trajectory term MSE(u, y) against the parameter term L1(p, target). */
    public static final double U_WEIGHT = 10;

    /**
     * @param trajectories number of trajectories (5000), split 80/20
     * @param points       grid points (60)
     * @param tEnd         the interval [0, tEnd] (3)
     * @param noise        standard deviation of the observation noise (1e-3)
     * @param epochs       Adam epochs
     * @param batchSize    minibatch size
     * @param learningRate Adam's learning rate
     * @param hidden       width of the encoder's two hidden layers
     * @param seed         seed of the data, the initial weights and training
     */
    public record Config(int trajectories, int points, double tEnd, double noise, int epochs, int batchSize,
                         double learningRate, int hidden, long seed) {
        /** The defaults of {@code ./mnn demo logistic}: 5,000 trajectories, noise 1e-3, 100 epochs,
     * minibatch 64, Adam 1e-3, hidden width 64, seed 1 (about 47 s on 2 cores). */
        public static Config defaults() {
            return new Config(5000, 60, 3.0, 1e-3, 100, 64, 1e-3, 64, 1);
        }

        public Config withTrajectories(int n) {
            return new Config(n, points, tEnd, noise, epochs, batchSize, learningRate, hidden, seed);
        }

        public Config withNoise(double s) {
            return new Config(trajectories, points, tEnd, s, epochs, batchSize, learningRate, hidden, seed);
        }

        public Config withEpochs(int e) {
            return new Config(trajectories, points, tEnd, noise, e, batchSize, learningRate, hidden, seed);
        }

        public Config withSeed(long s) {
            return new Config(trajectories, points, tEnd, noise, epochs, batchSize, learningRate, hidden, s);
        }

        public Config withTraining(int batch, double lr, int h) {
            return new Config(trajectories, points, tEnd, noise, epochs, batch, lr, h, seed);
        }

        /** The fixed step tEnd / (points - 1). */
        public double step() {
            return tEnd / (points - 1);
        }

        /** Trajectories in the training set (the first 80%). */
        public int trainSize() {
            return (int) Math.round(0.8 * trajectories);
        }
    }

    /** The data: true parameters, noisy trajectories [n][points]. */
    public record Data(double[] r, double[] k, double[] x0, double[][] y) {
    }

    /**
     * What the fit achieved on the held-out trajectories.
     *
     * @param rErr      median |r_hat - r| / r
     * @param kErr      median |K_hat - K| / K
     * @param rErrTrain the same on the training set
     * @param kErrTrain the same on the training set
     * @param fitRmse   RMSE of u against the noisy test trajectories
     * @param rHat      estimated r on the test set
     * @param kHat      estimated K on the test set
     * @param seconds   wall time of the training
     * @param training  how training ended
     */
    public record Result(double rErr, double kErr, double rErrTrain, double kErrTrain, double fitRmse,
                         double[] rHat, double[] kHat, double seconds, TrainingResult training) {
    }

    /** The logistic solution K / (1 + (K/x0 - 1) e^(-rt)). */
    public static double logistic(double r, double k, double x0, double t) {
        return k / (1 + (k / x0 - 1) * Math.exp(-r * t));
    }

    /** The data set, deterministic for the seed. */
    public static Data data(Config c) {
        Random rnd = new Random(c.seed());
        int n = c.trajectories();
        double[] r = new double[n];
        double[] k = new double[n];
        double[] x0 = new double[n];
        double[][] y = new double[n][c.points()];
        for (int i = 0; i < n; i++) {
            r[i] = 3 + 0.5 * rnd.nextGaussian();
            k[i] = 3 + 0.5 * rnd.nextGaussian();
            double x;
            do {
                x = 0.05 + 0.05 * rnd.nextGaussian();
            } while (x <= 0);
            x0[i] = x;
            for (int s = 0; s < c.points(); s++) {
                double t = s * c.step();
                y[i][s] = logistic(r[i], k[i], x, t) + c.noise() * rnd.nextGaussian();
            }
        }
        return new Data(r, k, x0, y);
    }

    /** The mechanistic block: u' = rhs(t), u(t0) = y0, fixed step. */
    public static NeuRlpVertex vertex(Config c) {
        return NeuRlpVertex.builder(c.points(), 1, 1)
                .fixedCoefficients(0.0, 1.0)
                .rhs(Source.INPUT_PER_STEP)
                .initialValues(1, 1)
                .fixedStep(c.step())
                .build();
    }

    /** The network (see the class comment). */
    public static ComputationGraph network(Config c, TrainingConfig training) {
        int n = c.points();
        int h = c.hidden();
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .seed(c.seed())
                .updater(training.adam())
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("y")
                .addLayer("enc1", new DenseLayer.Builder().nIn(n).nOut(h).activation(Activation.TANH).build(), "y")
                .addLayer("enc2", new DenseLayer.Builder().nIn(h).nOut(h).activation(Activation.TANH).build(), "enc1")
                .addLayer("head", new DenseLayer.Builder().nIn(h).nOut(3).activation(Activation.IDENTITY).build(), "enc2")
                .addVertex("p0", new SubsetVertex(0, 0), "head")
                .addVertex("p1raw", new SubsetVertex(1, 1), "head")
                .addVertex("p1", new ShiftVertex(PRIOR_R), "p1raw")
                .addVertex("invKraw", new SubsetVertex(2, 2), "head")
                .addVertex("invK", new ShiftVertex(1 / PRIOR_K), "invKraw")
                .addVertex("p1invK", new ElementWiseVertex(ElementWiseVertex.Op.Product), "p1", "invK")
                .addVertex("p2", new ScaleVertex(-1), "p1invK")
                .addVertex("xi", new MergeVertex(), "p0", "p1", "p2")
                .addVertex("rhs", new PolynomialRhsVertex(n, 2), "xi", "y")
                .addVertex("y0", new SubsetVertex(0, 0), "y")
                .addVertex("ode", vertex(c), "rhs", "y0")
                .addLayer("params", new LossLayer.Builder(LossFunctions.LossFunction.L1)
                        .activation(Activation.IDENTITY).build(), "xi")
                .addLayer("out", new LossLayer.Builder(new LossMSE(uWeights(c)))
                        .activation(Activation.IDENTITY).build(), "ode")
                .setOutputs("params", "out")
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /** Weights of the MSE over the vertex output: {@link #U_WEIGHT} on u, 0 on u'. */
    static INDArray uWeights(Config c) {
        NeuRlpVertex vertex = vertex(c);
        double[] w = new double[(int) vertex.outputSize()];
        for (int s = 0; s < c.points(); s++) {
            w[vertex.outputIndex(s, 0, 0)] = U_WEIGHT;
        }
        return Nd4j.create(w, new long[] {1, w.length}, DataType.DOUBLE);
    }

    /** Rows [from, to) as a data set: features y, labels u = y (u' masked out). */
    public static MultiDataSet dataSet(Config c, Data d, int from, int to) {
        NeuRlpVertex vertex = vertex(c);
        int rows = to - from;
        int width = (int) vertex.outputSize();
        double[] f = new double[rows * c.points()];
        double[] l = new double[rows * width];
        double[] m = new double[rows * width];
        for (int i = 0; i < rows; i++) {
            for (int s = 0; s < c.points(); s++) {
                double v = d.y()[from + i][s];
                f[i * c.points() + s] = v;
                l[i * width + vertex.outputIndex(s, 0, 0)] = v;
                m[i * width + vertex.outputIndex(s, 0, 0)] = 1;
            }
        }
        double[] p = new double[rows * 3];
        for (int i = 0; i < rows; i++) {
            p[3 * i + 1] = d.r()[from + i];
            p[3 * i + 2] = -d.r()[from + i] / d.k()[from + i];
        }
        return new MultiDataSet(new INDArray[] {Nd4j.create(f, new long[] {rows, c.points()}, DataType.DOUBLE)},
                new INDArray[] {Nd4j.create(p, new long[] {rows, 3}, DataType.DOUBLE),
                    Nd4j.create(l, new long[] {rows, width}, DataType.DOUBLE)},
                null,
                new INDArray[] {null, Nd4j.create(m, new long[] {rows, width}, DataType.DOUBLE)});
    }

    /** Builds, trains on the first 80% and evaluates on the last 20%. */
    public static Result run(Config c, List<EpochListener> listeners) {
        return run(c, null, listeners);
    }

    /** As {@link #run(Config, List)}, writing the best model to {@code checkpoint} (null: none). */
    public static Result run(Config c, java.nio.file.Path checkpoint, List<EpochListener> listeners) {
        return Float64.run(() -> {
            TrainingConfig training = TrainingConfig.builder()
                    .learningRate(c.learningRate())
                    .epochs(c.epochs())
                    .batchSize(c.batchSize())
                    .seed(c.seed())
                    .checkpoint(checkpoint)
                    .build();
            Data d = data(c);
            int nTrain = c.trainSize();
            MultiDataSet train = dataSet(c, d, 0, nTrain);
            MultiDataSet test = dataSet(c, d, nTrain, c.trajectories());
            ComputationGraph net = network(c, training);
            Trainer trainer = new Trainer(training);
            for (EpochListener l : listeners) {
                trainer.history().addListener(l);
            }
            long start = System.nanoTime();
            TrainingResult result = trainer.fit(net, train);
            double seconds = (System.nanoTime() - start) / 1e9;

            double[][] trainEst = estimates(net, train);
            double[][] testEst = estimates(net, test);
            Map<String, INDArray> acts = net.feedForward(test.getFeatures(), false, false);
            INDArray u = acts.get("ode");
            NeuRlpVertex vertex = vertex(c);
            double sse = 0;
            int nTest = c.trajectories() - nTrain;
            for (int i = 0; i < nTest; i++) {
                for (int s = 0; s < c.points(); s++) {
                    double e = u.getDouble(i, vertex.outputIndex(s, 0, 0)) - d.y()[nTrain + i][s];
                    sse += e * e;
                }
            }
            return new Result(
                    medianRelErr(testEst[0], d.r(), nTrain), medianRelErr(testEst[1], d.k(), nTrain),
                    medianRelErr(trainEst[0], d.r(), 0), medianRelErr(trainEst[1], d.k(), 0),
                    Math.sqrt(sse / ((double) nTest * c.points())), testEst[0], testEst[1], seconds, result);
        });
    }

    /** {r_hat, K_hat} per row of {@code ds}: r = p1, K = -p1/p2. */
    static double[][] estimates(ComputationGraph net, MultiDataSet ds) {
        INDArray xi = net.feedForward(ds.getFeatures(), false, false).get("xi");
        int rows = (int) xi.size(0);
        double[] r = new double[rows];
        double[] k = new double[rows];
        for (int i = 0; i < rows; i++) {
            double p1 = xi.getDouble(i, 1);
            double p2 = xi.getDouble(i, 2);
            r[i] = p1;
            k[i] = -p1 / p2;
        }
        return new double[][] {r, k};
    }

    /** The median of |est[i] - truth[offset + i]| / |truth[offset + i]| (a non-finite estimate counts as infinite). */
    static double medianRelErr(double[] est, double[] truth, int offset) {
        double[] e = new double[est.length];
        for (int i = 0; i < e.length; i++) {
            double v = Math.abs(est[i] - truth[offset + i]) / Math.abs(truth[offset + i]);
            e[i] = Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
        }
        Arrays.sort(e);
        int m = e.length / 2;
        return e.length % 2 == 1 ? e[m] : 0.5 * (e[m - 1] + e[m]);
    }
}
