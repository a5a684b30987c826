package org.mnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnn.cli.SolveCommandTest.Result;

/** {@code mnn demo}, in-process through picocli (few epochs). */
class DemoCommandTest {
    private static final Pattern RESULT = Pattern.compile(
            "RESULT name=sine rmse=(\\S+) seconds=(\\S+) epochs=5 steps_mean=(\\S+) steps_min=(\\S+) steps_max=(\\S+)");

    @Test
    void sinePrintsTheReportProgressAndOneResultLine(@TempDir Path dir) {
        Path model = dir.resolve("sine.zip");
        Result r = SolveCommandTest.run("demo", "sine", "--epochs", "5", "--checkpoint", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.lines();
        String last = lines.get(lines.size() - 1);
        Matcher m = RESULT.matcher(last);
        assertThat(m.matches()).as(last).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isPositive().isFinite();
        assertThat(lines.stream().filter(l -> l.startsWith("RESULT"))).hasSize(1);
        assertThat(r.out()).contains("RMSE of the fit against the clean signal").contains("learned steps: mean");
        assertThat(r.err()).contains("epoch 5/5 [").contains(" left");
        assertThat(Files.exists(model)).isTrue();
    }

    @Test
    void logisticPrintsTheReportAndOneResultLine(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("logistic.zip");
        Result r = SolveCommandTest.run("demo", "logistic", "--trajectories", "50", "--epochs", "2", "--noise", "0.01",
                "--seed", "3", "--checkpoint", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.lines();
        String last = lines.get(lines.size() - 1);
        Matcher m = Pattern.compile("RESULT name=logistic r_err=(\\S+) K_err=(\\S+) seconds=(\\S+) noise=0.01"
                + " trajectories=50 epochs=2").matcher(last);
        assertThat(m.matches()).as(last).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isFinite().isNotNegative();
        assertThat(Double.parseDouble(m.group(2))).isFinite().isNotNegative();
        assertThat(lines.stream().filter(l -> l.startsWith("RESULT"))).hasSize(1);
        assertThat(r.out()).contains("train 40, test 10").contains("seed 3");
        assertThat(r.err()).contains("epoch 2/2 [");
        // the checkpoint (NeuRlpVertex, PolynomialRhsVertex, weighted loss) restores
        org.deeplearning4j.nn.graph.ComputationGraph back =
                org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(model.toFile());
        assertThat(back.getVertex("rhs")).isNotNull();
        assertThat(back.getConfiguration().getVertices().get("rhs"))
                .isEqualTo(new org.mnn.nn.PolynomialRhsVertex(60, 2));
    }

    @Test
    void forecastPrintsTheReportAndOneResultLine(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("forecast.zip");
        Result r = SolveCommandTest.run("demo", "forecast", "--trajectories", "10", "--epochs", "1", "--seed", "2",
                "--checkpoint", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.lines();
        String last = lines.get(lines.size() - 1);
        Matcher m = Pattern.compile("RESULT name=forecast rmse=(\\S+) persistence_rmse=(\\S+) linear_rmse=(\\S+)"
                + " rollout_rmse=(\\S+) seconds=(\\S+) trajectories=10 epochs=1").matcher(last);
        assertThat(m.matches()).as(last).isTrue();
        for (int g = 1; g <= 5; g++) {
            assertThat(Double.parseDouble(m.group(g))).isFinite().isPositive();
        }
        assertThat(lines.stream().filter(l -> l.startsWith("RESULT"))).hasSize(1);
        assertThat(r.out()).contains("train 8, held out 2").contains("seed 2").contains("S_iv = 50");
        assertThat(r.err()).contains("epoch 1/1 [");
        org.deeplearning4j.nn.graph.ComputationGraph back =
                org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(model.toFile());
        assertThat(back.getConfiguration().getVertices().get("coef"))
                .isEqualTo(new org.mnn.nn.CentralForceCoefficientsVertex(100, 2));
        // the help text's copies of the defaults
        assertThat(DemoCommand.FORECAST_EPOCHS).isEqualTo(org.mnn.demo.ForecastDemo.Config.defaults().epochs());
        assertThat(DemoCommand.FORECAST_TRAJECTORIES)
                .isEqualTo(org.mnn.demo.ForecastDemo.Config.defaults().trajectories());
        assertThat(SolveCommandTest.run("demo", "forecast", "--noise", "0.1").code()).isEqualTo(2);
        assertThat(SolveCommandTest.run("demo", "forecast", "--trajectories", "3").code()).isEqualTo(2);
    }

    @Test
    void logisticOptionsAreChecked() {
        assertThat(SolveCommandTest.run("demo", "logistic", "--noise", "-1").code()).isEqualTo(2);
        assertThat(SolveCommandTest.run("demo", "logistic", "--trajectories", "3").code()).isEqualTo(2);
        Result r = SolveCommandTest.run("demo", "sine", "--noise", "0.01");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--noise applies to the logistic, lorenz and discover demos only");
    }

    @Test
    void unknownDemoAndBadEpochsAreUsageErrors() {
        Result r = SolveCommandTest.run("demo", "cosine");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cosine");
        Result e = SolveCommandTest.run("demo", "sine", "--epochs", "0");
        assertThat(e.code()).isEqualTo(2);
        assertThat(e.err()).contains("--epochs");
    }
}
