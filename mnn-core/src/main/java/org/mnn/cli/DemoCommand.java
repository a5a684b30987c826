package org.mnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mnn.demo.DiscoveryDemo;
import org.mnn.demo.ForecastDemo;
import org.mnn.demo.KnownSystem;
import org.mnn.demo.LogisticDemo;
import org.mnn.demo.SineDemo;
import org.mnn.train.EpochListener;
import org.mnn.train.ProgressBar;
import org.mnn.train.TrainingResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mnn demo NAME}: the paper's demonstrations, trained from scratch with a fixed seed. The
 * report goes to stdout and ends with one {@code RESULT name=... key=value ...} line; a progress
 * bar (epoch, loss, time left) goes to stderr.
 */
@Command(name = "demo",
        description = {
            "Runs one of the paper's demonstrations and reports what it achieved.",
            "",
            "sine: fitting a noisy damped sine (method.md section 5): y = sin(2t) e^(-0.1t) + 0.5 N(0,1) e^(-0.1t), "
                + "500 points on [0, 50], free time-varying coefficients (500 x 3), learned step sizes "
                + "(initialised at 0.1, kept in (0, 0.2)), rhs = 1, no initial conditions; Adam 0.01, 500 epochs. "
                + "Reports the RMSE of the fit against the clean signal and the learned steps.",
            "",
            "logistic: parameter estimation (method.md section 5): x' = r x - (r/K) x^2, 60 points on [0, 3], "
                + "r, K ~ N(3, 0.5^2), x0 ~ N(0.05, 0.05^2) redrawn until positive, independent noise per trajectory "
                + "(--noise), 80/20 split. A dense encoder reads a trajectory y and outputs (p0, p1, p2); the NeuRLP "
                + "block solves u' = p0 + p1 y + p2 y^2, u(0) = y(0), step 3/59; loss: L1 of (p0, p1, p2) against "
                + "(0, r, -r/K) plus 10 x MSE of u against y; Adam 0.001, 100 epochs, minibatch 64. Reports the median relative errors of r = p1 and "
                + "K = -p1/p2 on the held-out 20%%.",
            "",
            "forecast: two-body forecasting (method.md section 5): relative orbits r'' = -G(m1+m2) r/|r|^3 from "
                + "Hipparchus DormandPrince853 (masses, semi-major axis, eccentricity <= 0.3, orientation and phase "
                + "varied), sampled every 0.05; 80/20 split of whole trajectories (--trajectories). A dense encoder reads "
                + "50 observed points (with their differences) and emits c(t) per step of a 100-step window; NeuRLP solves "
                + "u'' = c(t) u with the 50 observed points as initial rows (S_iv = 50); the last 50 steps are the forecast. "
                + "Loss: MSE of u against the truth, forecast steps weighted 4; Adam 0.003, " + DemoCommand.FORECAST_EPOCHS
                + " epochs, minibatch 32. Reports the forecast RMSE on held-out trajectories against persistence and "
                + "linear extrapolation, and a 500-step autoregressive rollout.",
            "",
            "lorenz: equation discovery (issue 4): the Lorenz system (sigma 10, rho 28, beta 8/3, from (-8, 8, 27)), "
                + "10,000 points every 0.01 (--points), Gaussian noise of --noise times each coordinate's standard "
                + "deviation (default 0); MNN discovery over poly:2 with the default threshold (terms contributing under 5%% of their equation are dropped) and windows of 50. "
                + "Prints the equations, every term's true and found coefficient, and "
                + "RESULT name=lorenz max_rel_err=... spurious=... missed=... seconds=...",
            "",
            "discover: the same for another known system, --system lorenz, damped-oscillator, lotka-volterra or van-der-pol (their own libraries, --points, --noise).",
        },
        footer = {"", "Examples:", "  mnn demo sine", "  mnn demo logistic --noise 0.01", "  mnn demo forecast",
            "  mnn demo lorenz --noise 0.01", "  mnn demo discover --system van-der-pol", "",
            "Exit codes: 0 done, 1 training stopped on a non-finite loss or failed, 2 invalid options."})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "the demo: ${COMPLETION-CANDIDATES}")
    Name name;

    @Option(names = "--epochs", paramLabel = "N",
            description = "epochs (default: 500 for sine (the paper's), " + LOGISTIC_EPOCHS + " for logistic, "
                    + FORECAST_EPOCHS + " for forecast)")
    Integer epochs;

    @Option(names = "--noise", paramLabel = "SIGMA", description = "logistic: noise standard deviation (default: 0.001); "
            + "lorenz, discover: noise as a fraction of each coordinate's standard deviation (default: 0)")
    Double noise;

    @Option(names = "--points", paramLabel = "N", description = "lorenz, discover: samples at the system's step "
            + "(default: the system's, 10000 for lorenz)")
    Integer points;

    @Option(names = "--system", paramLabel = "NAME", description = "discover: the known system, one of "
            + "lorenz, damped-oscillator, lotka-volterra, van-der-pol, roessler")
    String system;

    @Option(names = "--trajectories", paramLabel = "N", description = "logistic, forecast: number of trajectories (default: 5000 for logistic, "
                    + FORECAST_TRAJECTORIES + " for forecast)")
    Integer trajectories;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the data, initial weights and training (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "write the best model there (DL4J ModelSerializer zip)")
    Path checkpoint;

    @Option(names = "--no-progress", description = "no progress bar on stderr")
    boolean noProgress;

    /** The demos. */
    public enum Name { sine, logistic, forecast, lorenz, discover }

    private static final int LOGISTIC_EPOCHS = 100;
    /** Copies of {@link ForecastDemo.Config#defaults()} for the help text (DemoCommandTest checks them). */
    static final int FORECAST_EPOCHS = 25;
    static final int FORECAST_TRAJECTORIES = 500;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (name == Name.lorenz || name == Name.discover) {
            return discovery(out, err);
        }
        if (points != null || system != null) {
            return usage(err, (points != null ? "--points" : "--system") + " applies to the lorenz and discover demos only");
        }
        if (epochs != null && epochs < 1) {
            return usage(err, "--epochs: expected at least 1, got " + epochs);
        }
        if (name == Name.logistic) {
            return logistic(out, err);
        }
        if (name == Name.forecast) {
            if (noise != null) {
                return usage(err, "--noise applies to the logistic, lorenz and discover demos only");
            }
            return forecast(out, err);
        }
        if (noise != null || trajectories != null) {
            return usage(err, noise != null
                    ? "--noise applies to the logistic, lorenz and discover demos only"
                    : "--trajectories applies to the logistic and forecast demos only");
        }
        return sine(out, err);
    }

    private int sine(PrintWriter out, PrintWriter err) {
        long start = System.nanoTime();
        SineDemo.Config paper = SineDemo.Config.paper();
        SineDemo.Config c = new SineDemo.Config(paper.points(), paper.tEnd(), paper.noise(),
                epochs != null ? epochs : paper.epochs(), paper.learningRate(), seed);
        out.println("Fitting a noisy damped sine (method.md section 5)");
        out.printf(Locale.ROOT, "data: y = sin(2t) e^(-0.1t) + %s N(0,1) e^(-0.1t), %d points on [0, %s], seed %d%n",
                c.noise(), c.points(), c.tEnd(), c.seed());
        out.printf(Locale.ROOT, "model: c0(t) u + c1(t) u' + c2(t) u'' = 1, free coefficients %d x 3, %d learned steps"
                + " (0.2 sigmoid, initialised at 0.1), no initial conditions%n", c.points(), c.points() - 1);
        out.printf(Locale.ROOT, "training: Adam %s, %d epochs, full batch%n", c.learningRate(), c.epochs());
        out.flush();
        SineDemo.Result r = withProgress(err, c.epochs(), listeners -> SineDemo.run(c, checkpoint, listeners));
        double seconds = (System.nanoTime() - start) / 1e9;
        TrainingResult t = r.training();
        printTraining(out, t);
        out.printf(Locale.ROOT, "RMSE of the fit against the clean signal: %.4f (noise RMS %.4f; RMSE against the noisy data %.4f)%n",
                r.rmseClean(), r.noiseRms(), r.rmseData());
        out.printf(Locale.ROOT, "learned steps: mean %.4f, min %.4f, max %.4f (initial 0.1; nominal spacing %.4f)%n",
                r.stepMean(), r.stepMin(), r.stepMax(), c.tEnd() / (c.points() - 1));
        out.printf(Locale.ROOT, "RESULT name=sine rmse=%.4f seconds=%.1f epochs=%d steps_mean=%.4f steps_min=%.4f steps_max=%.4f%n",
                r.rmseClean(), seconds, t.epochs(), r.stepMean(), r.stepMin(), r.stepMax());
        return exitCode(out, err, t);
    }

    private int logistic(PrintWriter out, PrintWriter err) {
        long start = System.nanoTime();
        LogisticDemo.Config d = LogisticDemo.Config.defaults();
        if (noise != null && !(noise >= 0 && Double.isFinite(noise))) {
            return usage(err, "--noise: expected a finite value >= 0, got " + noise);
        }
        if (trajectories != null && trajectories < 10) {
            return usage(err, "--trajectories: expected at least 10, got " + trajectories);
        }
        LogisticDemo.Config c = d.withTrajectories(trajectories != null ? trajectories : d.trajectories())
                .withNoise(noise != null ? noise : d.noise())
                .withEpochs(epochs != null ? epochs : LOGISTIC_EPOCHS)
                .withSeed(seed);
        out.println("Parameter estimation for the logistic equation (method.md section 5)");
        out.printf(Locale.ROOT, "data: x' = r x - (r/K) x^2, %d points on [0, %s], %d trajectories, r, K ~ N(3, 0.5^2),"
                + " x0 ~ N(0.05, 0.05^2) redrawn until positive, noise %s per point, seed %d; train %d, test %d%n",
                c.points(), c.tEnd(), c.trajectories(), c.noise(), c.seed(), c.trainSize(),
                c.trajectories() - c.trainSize());
        out.printf(Locale.ROOT, "model: dense encoder %d-%d-%d-3 (tanh) -> (p0, p1, p2); NeuRLP: u' = p0 + p1 y + p2 y^2,"
                + " u(0) = y(0), fixed step %.5f; loss L1(p, (0, r, -r/K)) + %s MSE(u, y)%n",
                c.points(), c.hidden(), c.hidden(), c.step(), LogisticDemo.U_WEIGHT);
        out.printf(Locale.ROOT, "training: Adam %s, %d epochs, minibatch %d%n", c.learningRate(), c.epochs(), c.batchSize());
        out.flush();
        LogisticDemo.Result r = withProgress(err, c.epochs(), listeners -> LogisticDemo.run(c, checkpoint, listeners));
        double seconds = (System.nanoTime() - start) / 1e9;
        TrainingResult t = r.training();
        printTraining(out, t);
        out.printf(Locale.ROOT, "median relative error on the train set: r %.4f, K %.4f%n", r.rErrTrain(), r.kErrTrain());
        out.printf(Locale.ROOT, "RMSE of u against the noisy test trajectories: %.4f%n", r.fitRmse());
        out.printf(Locale.ROOT, "RESULT name=logistic r_err=%.4f K_err=%.4f seconds=%.1f noise=%s trajectories=%d epochs=%d%n",
                r.rErr(), r.kErr(), seconds, c.noise(), c.trajectories(), t.epochs());
        return exitCode(out, err, t);
    }

    private int forecast(PrintWriter out, PrintWriter err) {
        long start = System.nanoTime();
        ForecastDemo.Config d = ForecastDemo.Config.defaults();
        if (trajectories != null && trajectories < 10) {
            return usage(err, "--trajectories: expected at least 10, got " + trajectories);
        }
        ForecastDemo.Config c = d.withTrajectories(trajectories != null ? trajectories : d.trajectories())
                .withEpochs(epochs != null ? epochs : d.epochs())
                .withSeed(seed);
        out.println("Forecasting two-body orbits (method.md section 5)");
        out.printf(Locale.ROOT, "data: r'' = -G(m1+m2) r/|r|^3 (G = 1, m1 ~ U(0.5, 1.5), m2 ~ U(0.05, 0.5), a ~ U(0.8, 1.2),"
                + " e ~ U(0, 0.3)), Hipparchus DormandPrince853 (rtol 1e-12), %d trajectories of %d points every %s,"
                + " seed %d; train %d, held out %d (whole trajectories), %d windows of %d steps each%n",
                c.trajectories(), c.length(), c.dt(), c.seed(), c.trainSize(), c.trajectories() - c.trainSize(),
                c.windows(), c.points());
        out.printf(Locale.ROOT, "model: dense encoder %d-%d-%d-%d (tanh) -> c(t); NeuRLP: u'' = c(t) u, D = E = 2, order 2,"
                + " N = %d, u = observed at the first %d steps (S_iv = %d), fixed step %s; loss MSE(u, truth),"
                + " forecast steps weighted %s%n",
                ForecastDemo.featureCount(c), c.hidden(), c.hidden(), c.points(), c.points(), c.observed(),
                c.observed(), c.dt(), c.forecastWeight());
        out.printf(Locale.ROOT, "training: Adam %s, %d epochs, minibatch %d%n", c.learningRate(), c.epochs(), c.batchSize());
        out.flush();
        ForecastDemo.Result r = withProgress(err, c.epochs(), listeners -> ForecastDemo.run(c, checkpoint, listeners));
        double seconds = (System.nanoTime() - start) / 1e9;
        TrainingResult t = r.training();
        printTraining(out, t);
        out.printf(Locale.ROOT, "forecast RMSE over %d steps, held-out trajectories: model %.4f, persistence %.4f (%.1fx),"
                + " linear extrapolation %.4f (%.1fx); train %.4f%n", c.forecast(), r.rmse(), r.persistenceRmse(),
                r.persistenceRmse() / r.rmse(), r.linearRmse(), r.linearRmse() / r.rmse(), r.trainRmse());
        out.printf(Locale.ROOT, "autoregressive rollout, %d x %d steps from the first %d points: RMSE %.4f%n",
                c.rollout(), c.forecast(), c.observed(), r.rolloutRmse());
        out.printf(Locale.ROOT, "RESULT name=forecast rmse=%.4f persistence_rmse=%.4f linear_rmse=%.4f rollout_rmse=%.4f"
                + " seconds=%.1f trajectories=%d epochs=%d%n",
                r.rmse(), r.persistenceRmse(), r.linearRmse(), r.rolloutRmse(), seconds, c.trajectories(), t.epochs());
        return exitCode(out, err, t);
    }

    /** lorenz and discover: equation discovery on a known system against its true equations. */
    private int discovery(PrintWriter out, PrintWriter err) {
        long start = System.nanoTime();
        if (epochs != null || trajectories != null || checkpoint != null) {
            return usage(err, (epochs != null ? "--epochs" : trajectories != null ? "--trajectories" : "--checkpoint")
                    + " does not apply to the " + name + " demo");
        }
        KnownSystem known;
        if (name == Name.lorenz) {
            if (system != null && !system.equals("lorenz")) {
                return usage(err, "--system applies to the discover demo only (mnn demo discover --system " + system + ")");
            }
            known = KnownSystem.lorenz();
        } else {
            if (system == null) {
                return usage(err, "the discover demo needs --system NAME, one of " + systemNames());
            }
            try {
                known = KnownSystem.byName(system);
            } catch (IllegalArgumentException e) {
                return usage(err, "--system: unknown system " + system + "; one of " + systemNames());
            }
        }
        if (noise != null && !(noise >= 0 && Double.isFinite(noise))) {
            return usage(err, "--noise: expected a finite value >= 0, got " + noise);
        }
        if (points != null && points < 100) {
            return usage(err, "--points: expected at least 100, got " + points);
        }
        DiscoveryDemo.Config c = DiscoveryDemo.Config.of(known).withNoise(noise != null ? noise : 0).withSeed(seed)
                .withPoints(points);
        KnownSystem sampled = c.sampled();
        out.printf(Locale.ROOT, "Equation discovery: %s%n", known.name());
        out.println("true system:");
        for (String line : sampled.truth().equations(4)) {
            out.println("  " + line);
        }
        out.printf(Locale.ROOT, "data: %d points every %s from %s, noise %s x std per coordinate, seed %d%n",
                sampled.points(), sampled.dt(), java.util.Arrays.toString(sampled.x0()), c.noise(), c.seed());
        out.printf(Locale.ROOT, "discovery: MNN, library %s (%d terms), threshold %s, window %d%n", sampled.library(),
                sampled.truth().library().size(), c.threshold(), c.window());
        out.flush();
        DiscoveryDemo.Result r = DiscoveryDemo.run(c);
        out.println("found:");
        for (String line : r.found().equations(4)) {
            out.println("  " + line);
        }
        out.printf(Locale.ROOT, "  %-8s %-8s %12s %12s %10s%n", "equation", "term", "true", "found", "rel. error");
        for (DiscoveryDemo.TermError t : r.terms()) {
            String rel = t.truth() == 0 ? "spurious" : t.found() == 0 ? "missed" : String.format(Locale.ROOT, "%.2e", t.relativeError());
            out.printf(Locale.ROOT, "  %-8s %-8s %12.6f %12.6f %10s%n", "d" + t.variable() + "/dt", t.term(), t.truth(),
                    t.found(), rel);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "discovery took %.1f s%n", r.seconds());
        out.printf(Locale.ROOT, "RESULT name=%s max_rel_err=%.4g spurious=%d missed=%d seconds=%.1f%n", known.name(),
                r.comparison().maxRelativeError(), r.comparison().spurious(), r.comparison().missed(), seconds);
        out.flush();
        return CommandLine.ExitCode.OK;
    }

    private static String systemNames() {
        return String.join(", ", KnownSystem.all().stream().map(KnownSystem::name).toList());
    }

    private int usage(PrintWriter err, String message) {
        err.println(spec.qualifiedName() + ": invalid input: " + message);
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    /** Runs a demo with the progress bar on stderr (unless --no-progress). */
    private <R> R withProgress(PrintWriter err, int totalEpochs, Function<List<EpochListener>, R> run) {
        ProgressBar bar = noProgress ? null : new ProgressBar(err, totalEpochs);
        R result = run.apply(bar == null ? List.of() : List.of(bar));
        if (bar != null) {
            bar.finish();
        }
        return result;
    }

    private static void printTraining(PrintWriter out, TrainingResult t) {
        out.println("training: " + t.message());
        if (t.checkpoint() != null) {
            out.println("checkpoint: " + t.checkpoint());
        }
    }

    /** OK, or SOFTWARE with the reason on stderr when training stopped on a non-finite loss. */
    private int exitCode(PrintWriter out, PrintWriter err, TrainingResult t) {
        out.flush();
        if (t.stop() == TrainingResult.Stop.NON_FINITE) {
            err.println(spec.qualifiedName() + ": " + t.message());
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        }
        return CommandLine.ExitCode.OK;
    }
}
