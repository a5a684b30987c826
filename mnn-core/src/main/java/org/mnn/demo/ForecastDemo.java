package org.mnn.demo;

import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ShiftVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.mnn.nn.CentralForceCoefficientsVertex;
import org.mnn.nn.NeuRlpVertex;
import org.mnn.nn.NeuRlpVertex.Source;
import org.mnn.train.EpochListener;
import org.mnn.train.Trainer;
import org.mnn.train.TrainingConfig;
import org.mnn.train.TrainingResult;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * Forecasting a two-body orbit (method.md section 5, "Forecasting (2-body)"): condition on
 * {@code observed} = 50 observed steps, forecast the next {@code forecast} = 50.
 *
 * <p><b>Data.</b> Relative coordinates r(t) in the plane (D = 2) of two bodies with G = 1 and
 * masses m1 ~ U(0.5, 1.5), m2 ~ U(0.05, 0.5): r'' = -(m1 + m2) r / |r|^3. Bound elliptic orbits
 * with semi-major axis a ~ U(0.8, 1.2) and eccentricity e ~ U(0, 0.3), periapsis direction
 * uniform, either sense of rotation, and a uniform phase along the orbit (periods 3.4 to 9.9).
 * Each trajectory is integrated with Hipparchus' DormandPrince853 (relative tolerance 1e-12,
 * absolute 1e-13) and sampled every {@code dt} = 0.05 at observed + rollout * forecast = 550
 * points. The first 80% of the trajectories train, the last 20% are held out whole. Windows of
 * observed + forecast = 100 steps start at every multiple of 50 (10 windows per trajectory).
 *
 * <p><b>Model.</b> A dense encoder (2*observed - H - H - N, tanh) reads the observed points
 * (laid out [s][d]) and emits one scalar c per step of the 100-step window; the NeuRLP block
 * ({@link NeuRlpVertex}, N = 100, D = E = 2, order 2, fixed step dt) solves the linear
 * time-varying system
 * <pre>
 *   u''(t_s) = c[s] u(t_s)     ({@link CentralForceCoefficientsVertex}; Kepler: c = -GM/|r|^3)
 *   u(t_s) = observed y(t_s)   s &lt; 50   (S_iv = 50 over-determined initial rows, K = 1)
 * </pre>
 * and the last 50 steps of u are the forecast. The head is shifted so that an untrained
 * network starts near c = -1. Loss: MSE between u and the true trajectory over all 100 steps,
 * the forecast steps weighted {@link Config#forecastWeight()} (u' and u'' weight 0).
 *
 * <p><b>Metrics</b> on the held-out trajectories, all as RMSE over steps, dimensions and windows:
 * the forecast (steps 50..99 of every window), persistence (repeat the last observed point),
 * linear extrapolation (from the last two observed points), and an autoregressive rollout of
 * {@code rollout} * 50 steps from the first 50 points of each held-out trajectory (the model's own
 * last 50 predicted points are the next observations).
 */
public final class ForecastDemo {
    private ForecastDemo() {
    }

    /**
     * @param trajectories   number of trajectories, split 80/20 (whole trajectories held out)
     * @param observed       observed steps (S_iv)
     * @param forecast       forecast steps
     * @param rollout        windows in the autoregressive rollout
     * @param dt             data spacing = the fixed NeuRLP step
     * @param epochs         Adam epochs
     * @param batchSize      minibatch size
     * @param learningRate   Adam's learning rate
     * @param hidden         width of the encoder's two hidden layers
     * @param forecastWeight weight of the forecast steps in the MSE (observed steps: 1)
     * @param seed           seed of the data, the initial weights and training
     */
    public record Config(int trajectories, int observed, int forecast, int rollout, double dt, int epochs,
                         int batchSize, double learningRate, int hidden, double forecastWeight, long seed) {
        /** The defaults of {@code ./mnn demo forecast}. */
        public static Config defaults() {
            return new Config(500, 50, 50, 10, 0.05, 25, 32, 3e-3, 128, 4, 1);
        }

        public Config withTrajectories(int n) {
            return new Config(n, observed, forecast, rollout, dt, epochs, batchSize, learningRate, hidden,
                    forecastWeight, seed);
        }

        public Config withEpochs(int e) {
            return new Config(trajectories, observed, forecast, rollout, dt, e, batchSize, learningRate, hidden,
                    forecastWeight, seed);
        }

        public Config withSeed(long s) {
            return new Config(trajectories, observed, forecast, rollout, dt, epochs, batchSize, learningRate, hidden,
                    forecastWeight, s);
        }

        public Config withTraining(int batch, double lr, int h) {
            return new Config(trajectories, observed, forecast, rollout, dt, epochs, batch, lr, h, forecastWeight, seed);
        }

        /** Grid points of one window: observed + forecast. */
        public int points() {
            return observed + forecast;
        }

        /** Points per trajectory: observed + rollout * forecast. */
        public int length() {
            return observed + rollout * forecast;
        }

        /** Window starts per trajectory: 0, forecast, ... while a whole window fits. */
        public int windows() {
            return (length() - points()) / forecast + 1;
        }

        /** Trajectories in the training set (the first 80%). */
        public int trainSize() {
            return (int) Math.round(0.8 * trajectories);
        }
    }

    /**
     * The data.
     *
     * @param gm  G(m1 + m2) per trajectory
     * @param a   semi-major axis
     * @param e   eccentricity
     * @param pos positions [trajectory][step][2]
     */
    public record Data(double[] gm, double[] a, double[] e, double[][][] pos) {
    }

    /**
     * What the forecast achieved on the held-out trajectories (RMSE over steps, both coordinates
     * and all windows).
     */
    public record Result(double rmse, double persistenceRmse, double linearRmse, double rolloutRmse,
                         double trainRmse, double seconds, TrainingResult training) {
    }

    /** The data set, deterministic for the seed. */
    public static Data data(Config c) {
        Random rnd = new Random(c.seed());
        int n = c.trajectories();
        double[] gm = new double[n];
        double[] a = new double[n];
        double[] e = new double[n];
        double[][][] pos = new double[n][c.length()][2];
        DormandPrince853Integrator integrator = new DormandPrince853Integrator(1e-10, 1, 1e-13, 1e-12);
        for (int i = 0; i < n; i++) {
            double m1 = 0.5 + rnd.nextDouble();
            double m2 = 0.05 + 0.45 * rnd.nextDouble();
            gm[i] = m1 + m2;
            a[i] = 0.8 + 0.4 * rnd.nextDouble();
            e[i] = 0.3 * rnd.nextDouble();
            double omega = 2 * Math.PI * rnd.nextDouble();
            double sense = rnd.nextBoolean() ? 1 : -1;
            double period = 2 * Math.PI * Math.sqrt(a[i] * a[i] * a[i] / gm[i]);
            double phase = period * rnd.nextDouble();
            double rp = a[i] * (1 - e[i]);
            double vp = Math.sqrt(gm[i] * (1 + e[i]) / rp);
            double[] y = {rp * Math.cos(omega), rp * Math.sin(omega),
                -sense * vp * Math.sin(omega), sense * vp * Math.cos(omega)};
            double mu = gm[i];
            OrdinaryDifferentialEquation kepler = new OrdinaryDifferentialEquation() {
                @Override
                public int getDimension() {
                    return 4;
                }

                @Override
                public double[] computeDerivatives(double t, double[] s) {
                    double r = Math.hypot(s[0], s[1]);
                    double f = -mu / (r * r * r);
                    return new double[] {s[2], s[3], f * s[0], f * s[1]};
                }
            };
            y = integrator.integrate(kepler, new ODEState(0, y), phase).getPrimaryState();
            pos[i][0][0] = y[0];
            pos[i][0][1] = y[1];
            for (int s = 1; s < c.length(); s++) {
                y = integrator.integrate(kepler, new ODEState(phase + (s - 1) * c.dt(), y), phase + s * c.dt())
                        .getPrimaryState();
                pos[i][s][0] = y[0];
                pos[i][s][1] = y[1];
            }
        }
        return new Data(gm, a, e, pos);
    }

    /** The mechanistic block: u'' = c(t) u over observed + forecast steps, u given at the first observed steps. */
    public static NeuRlpVertex vertex(Config c) {
        return NeuRlpVertex.builder(c.points(), 2, 2)
                .coefficients(Source.INPUT_PER_STEP)
                .initialValues(c.observed(), 1)
                .fixedStep(c.dt())
                .build();
    }

    /** The network (see the class comment): input "obs" [n, 2*observed], output "out" (the NeuRLP solution). */
    public static ComputationGraph network(Config c, TrainingConfig training) {
        int h = c.hidden();
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .seed(c.seed())
                .updater(training.adam())
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("obs", "feat")
                .addLayer("enc1", new DenseLayer.Builder().nIn(featureCount(c)).nOut(h).activation(Activation.TANH).build(), "feat")
                .addLayer("enc2", new DenseLayer.Builder().nIn(h).nOut(h).activation(Activation.TANH).build(), "enc1")
                .addLayer("head", new DenseLayer.Builder().nIn(h).nOut(c.points()).activation(Activation.IDENTITY)
                        .build(), "enc2")
                .addVertex("c", new ShiftVertex(-1), "head")
                .addVertex("coef", new CentralForceCoefficientsVertex(c.points(), 2), "c")
                .addVertex("ode", vertex(c), "coef", "obs")
                .addLayer("out", new LossLayer.Builder(new LossMSE(weights(c))).activation(Activation.IDENTITY).build(),
                        "ode")
                .setOutputs("out")
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /** MSE weights over the vertex output: 1 on observed u, forecastWeight on forecast u, 0 on u' and u''. */
    static INDArray weights(Config c) {
        NeuRlpVertex v = vertex(c);
        double[] w = new double[(int) v.outputSize()];
        for (int s = 0; s < c.points(); s++) {
            for (int d = 0; d < 2; d++) {
                w[v.outputIndex(s, d, 0)] = s < c.observed() ? 1 : c.forecastWeight();
            }
        }
        return Nd4j.create(w, new long[] {1, w.length}, DataType.DOUBLE);
    }

    /** Encoder features per window: positions, first differences / dt, second differences / dt^2, |r|. */
    public static int featureCount(Config c) {
        int o = c.observed();
        return 2 * o + 2 * (o - 1) + 2 * (o - 2) + o;
    }

    /**
     * The encoder's input, computed from the observed points alone ({@code obs} [rows][2*observed]
     * flattened, laid out [s][d]): the points, their first differences / dt (velocities), second
     * differences / dt^2 (accelerations) and the distances |r(t_s)|.
     */
    public static INDArray features(Config c, double[] obs, int rows) {
        int o = c.observed();
        int in = 2 * o;
        int nf = featureCount(c);
        double h = c.dt();
        double[] f = new double[rows * nf];
        for (int r = 0; r < rows; r++) {
            int b = r * in;
            int k = r * nf;
            for (int j = 0; j < in; j++) {
                f[k++] = obs[b + j];
            }
            for (int s = 0; s + 1 < o; s++) {
                for (int d = 0; d < 2; d++) {
                    f[k++] = (obs[b + 2 * (s + 1) + d] - obs[b + 2 * s + d]) / h;
                }
            }
            for (int s = 0; s + 2 < o; s++) {
                for (int d = 0; d < 2; d++) {
                    f[k++] = (obs[b + 2 * (s + 2) + d] - 2 * obs[b + 2 * (s + 1) + d] + obs[b + 2 * s + d]) / (h * h);
                }
            }
            for (int s = 0; s < o; s++) {
                f[k++] = Math.hypot(obs[b + 2 * s], obs[b + 2 * s + 1]);
            }
        }
        return Nd4j.create(f, new long[] {rows, nf}, DataType.DOUBLE);
    }

    /** Every window of trajectories [from, to) as a data set: features the observed points, labels u. */
    public static MultiDataSet dataSet(Config c, Data d, int from, int to) {
        NeuRlpVertex v = vertex(c);
        int rows = (to - from) * c.windows();
        int width = (int) v.outputSize();
        int in = 2 * c.observed();
        double[] f = new double[rows * in];
        double[] l = new double[rows * width];
        double[] m = new double[rows * width];
        int row = 0;
        for (int i = from; i < to; i++) {
            for (int wdw = 0; wdw < c.windows(); wdw++, row++) {
                int start = wdw * c.forecast();
                for (int s = 0; s < c.points(); s++) {
                    for (int dd = 0; dd < 2; dd++) {
                        double val = d.pos()[i][start + s][dd];
                        if (s < c.observed()) {
                            f[row * in + 2 * s + dd] = val;
                        }
                        l[row * width + v.outputIndex(s, dd, 0)] = val;
                        m[row * width + v.outputIndex(s, dd, 0)] = 1;
                    }
                }
            }
        }
        return new MultiDataSet(new INDArray[] {Nd4j.create(f, new long[] {rows, in}, DataType.DOUBLE),
                    features(c, f, rows)},
                new INDArray[] {Nd4j.create(l, new long[] {rows, width}, DataType.DOUBLE)},
                null,
                new INDArray[] {Nd4j.create(m, new long[] {rows, width}, DataType.DOUBLE)});
    }

    /** The model's trajectory u [row][step][2] over the whole window for observed points obs [row][2*observed]. */
    public static double[][][] predict(Config c, ComputationGraph net, double[][] obs) {
        int rows = obs.length;
        int in = 2 * c.observed();
        double[] f = new double[rows * in];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(obs[r], 0, f, r * in, in);
        }
        INDArray u = net.outputSingle(false, Nd4j.create(f, new long[] {rows, in}, DataType.DOUBLE),
                features(c, f, rows));
        NeuRlpVertex v = vertex(c);
        double[][][] out = new double[rows][c.points()][2];
        for (int r = 0; r < rows; r++) {
            for (int s = 0; s < c.points(); s++) {
                for (int dd = 0; dd < 2; dd++) {
                    out[r][s][dd] = u.getDouble(r, v.outputIndex(s, dd, 0));
                }
            }
        }
        return out;
    }

    /** RMSE of model, persistence and linear forecasts over every window of trajectories [from, to). */
    static double[] forecastErrors(Config c, ComputationGraph net, Data d, int from, int to) {
        int rows = (to - from) * c.windows();
        double[][] obs = new double[rows][2 * c.observed()];
        int row = 0;
        for (int i = from; i < to; i++) {
            for (int w = 0; w < c.windows(); w++, row++) {
                for (int s = 0; s < c.observed(); s++) {
                    obs[row][2 * s] = d.pos()[i][w * c.forecast() + s][0];
                    obs[row][2 * s + 1] = d.pos()[i][w * c.forecast() + s][1];
                }
            }
        }
        double[][][] u = predict(c, net, obs);
        double model = 0;
        double persistence = 0;
        double linear = 0;
        row = 0;
        int o = c.observed();
        for (int i = from; i < to; i++) {
            for (int w = 0; w < c.windows(); w++, row++) {
                int start = w * c.forecast();
                double[] last = d.pos()[i][start + o - 1];
                double[] prev = d.pos()[i][start + o - 2];
                for (int k = 1; k <= c.forecast(); k++) {
                    double[] truth = d.pos()[i][start + o - 1 + k];
                    for (int dd = 0; dd < 2; dd++) {
                        double em = u[row][o - 1 + k][dd] - truth[dd];
                        double ep = last[dd] - truth[dd];
                        double el = last[dd] + k * (last[dd] - prev[dd]) - truth[dd];
                        model += em * em;
                        persistence += ep * ep;
                        linear += el * el;
                    }
                }
            }
        }
        double count = 2.0 * rows * c.forecast();
        return new double[] {Math.sqrt(model / count), Math.sqrt(persistence / count), Math.sqrt(linear / count)};
    }

    /**
     * RMSE of the autoregressive rollout over rollout * forecast steps of trajectories [from, to):
     * start from the first observed points, then feed the model's own last predicted points back.
     */
    static double rolloutError(Config c, ComputationGraph net, Data d, int from, int to) {
        int rows = to - from;
        int o = c.observed();
        double[][] obs = new double[rows][2 * o];
        for (int r = 0; r < rows; r++) {
            for (int s = 0; s < o; s++) {
                obs[r][2 * s] = d.pos()[from + r][s][0];
                obs[r][2 * s + 1] = d.pos()[from + r][s][1];
            }
        }
        double sse = 0;
        for (int w = 0; w < c.rollout(); w++) {
            double[][][] u = predict(c, net, obs);
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < c.forecast(); k++) {
                    double[] p = u[r][o + k];
                    double[] truth = d.pos()[from + r][o + w * c.forecast() + k];
                    for (int dd = 0; dd < 2; dd++) {
                        double e = p[dd] - truth[dd];
                        sse += e * e;
                    }
                }
                // the next observations: the last `o` predicted points (o <= forecast + o always holds)
                for (int s = 0; s < o; s++) {
                    double[] p = u[r][c.points() - o + s];
                    obs[r][2 * s] = p[0];
                    obs[r][2 * s + 1] = p[1];
                }
            }
        }
        return Math.sqrt(sse / (2.0 * rows * c.rollout() * c.forecast()));
    }

    /** Builds, trains on the first 80% of the trajectories and evaluates on the held-out 20%. */
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
            long start = System.nanoTime();
            Data d = data(c);
            int nTrain = c.trainSize();
            MultiDataSet train = dataSet(c, d, 0, nTrain);
            ComputationGraph net = network(c, training);
            Trainer trainer = new Trainer(training);
            for (EpochListener l : listeners) {
                trainer.history().addListener(l);
            }
            TrainingResult result = trainer.fit(net, train);
            double[] test = forecastErrors(c, net, d, nTrain, c.trajectories());
            double[] trainErr = forecastErrors(c, net, d, 0, Math.min(nTrain, c.trajectories() - nTrain));
            double rollout = rolloutError(c, net, d, nTrain, c.trajectories());
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(test[0], test[1], test[2], rollout, trainErr[0], seconds, result);
        });
    }
}
