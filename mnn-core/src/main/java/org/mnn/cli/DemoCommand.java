package org.mnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mnn.demo.SineDemo;
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
        },
        footer = {"", "Example:", "  mnn demo sine", "",
            "Exit codes: 0 done, 1 training stopped on a non-finite loss or failed, 2 invalid options."})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "the demo: ${COMPLETION-CANDIDATES}")
    Name name;

    @Option(names = "--epochs", paramLabel = "N", description = "epochs (default: the paper's, 500 for sine)")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the data, initial weights and training (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "write the best model there (DL4J ModelSerializer zip)")
    Path checkpoint;

    @Option(names = "--no-progress", description = "no progress bar on stderr")
    boolean noProgress;

    /** The demos. */
    public enum Name { sine }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (epochs != null && epochs < 1) {
            err.println(spec.qualifiedName() + ": invalid input: --epochs: expected at least 1, got " + epochs);
            err.flush();
            return CommandLine.ExitCode.USAGE;
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
        ProgressBar bar = noProgress ? null : new ProgressBar(err, c.epochs());
        SineDemo.Result r = SineDemo.run(c, checkpoint, bar == null ? List.of() : List.of(bar));
        if (bar != null) {
            bar.finish();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        TrainingResult t = r.training();
        out.println("training: " + t.message());
        if (t.checkpoint() != null) {
            out.println("checkpoint: " + t.checkpoint());
        }
        out.printf(Locale.ROOT, "RMSE of the fit against the clean signal: %.4f (noise RMS %.4f; RMSE against the noisy data %.4f)%n",
                r.rmseClean(), r.noiseRms(), r.rmseData());
        out.printf(Locale.ROOT, "learned steps: mean %.4f, min %.4f, max %.4f (initial 0.1; nominal spacing %.4f)%n",
                r.stepMean(), r.stepMin(), r.stepMax(), c.tEnd() / (c.points() - 1));
        out.printf(Locale.ROOT, "RESULT name=sine rmse=%.4f seconds=%.1f epochs=%d steps_mean=%.4f steps_min=%.4f steps_max=%.4f%n",
                r.rmseClean(), seconds, t.epochs(), r.stepMean(), r.stepMin(), r.stepMax());
        out.flush();
        if (t.stop() == TrainingResult.Stop.NON_FINITE) {
            err.println(spec.qualifiedName() + ": " + t.message());
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        }
        return CommandLine.ExitCode.OK;
    }
}
