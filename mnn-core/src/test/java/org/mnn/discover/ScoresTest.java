package org.mnn.discover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mnn.demo.KnownSystem;

/** Time splits and the scores of a model: derivative R^2 and the hold-out simulation. */
class ScoresTest {
    private static final KnownSystem OSCILLATOR = KnownSystem.dampedOscillator();

    @Test
    void splitHoldsOutTheLastFractionOfEveryTrajectory() {
        double[] t1 = new double[100];
        double[][] x1 = new double[100][1];
        double[] t2 = new double[11];
        double[][] x2 = new double[11][1];
        for (int i = 0; i < 100; i++) {
            t1[i] = i * 0.1;
            x1[i][0] = i;
        }
        for (int i = 0; i < 11; i++) {
            t2[i] = i;
            x2[i][0] = -i;
        }
        Dataset data = new Dataset("d", List.of("x"), List.of(), List.of(Trajectory.of("a", t1, x1), Trajectory.of("b", t2, x2)));
        DatasetSplit s = DatasetSplit.byTime(data, 0.2);
        assertThat(s.train().trajectories()).extracting(Trajectory::size).containsExactly(80, 9);
        assertThat(s.test().trajectories()).extracting(Trajectory::size).containsExactly(20, 2);
        assertThat(s.test().trajectories().get(0).times()[0]).isEqualTo(8.0);
        assertThat(s.train().trajectories().get(0).times()[79]).isCloseTo(7.9, within(1e-12));
        assertThat(s.test().trajectories().get(1).states()[0][0]).isEqualTo(-9.0);
        assertThat(s.train().source()).isEqualTo("d");

        assertThatThrownBy(() -> DatasetSplit.byTime(data, 0)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> DatasetSplit.byTime(data, 1)).hasMessageContaining("between 0 and 1");
        Dataset tiny = Dataset.of("t", List.of("x"), Trajectory.of("tiny", new double[] {0, 1, 2}, new double[3][1]));
        assertThatThrownBy(() -> DatasetSplit.byTime(tiny, 0.5)).hasMessageContaining("tiny: 3 samples are too few");
    }

    @Test
    void theTrueModelScoresPerfectly() {
        DiscoveredModel truth = OSCILLATOR.truth();
        DatasetSplit split = DatasetSplit.byTime(OSCILLATOR.data(0, 1), 0.2);
        Scores s = Scores.of(truth, split);
        assertThat(s.derivativeR2()).hasSize(2);
        assertThat(s.derivativeR2()[0]).isGreaterThan(0.99999);
        assertThat(s.derivativeR2()[1]).isGreaterThan(0.99999);
        assertThat(s.derivativeR2Overall()).isGreaterThan(0.99999).isLessThanOrEqualTo(1);
        Scores.Holdout h = s.holdout();
        assertThat(h.points()).isEqualTo(400);
        assertThat(h.fraction()).isEqualTo(0.2);
        assertThat(h.horizon()).isCloseTo(3.99, within(1e-9));
        assertThat(h.relativeRmse()[0]).isLessThan(1e-6);
        assertThat(h.relativeRmse()[1]).isLessThan(1e-6);
        assertThat(h.exceeded()).isFalse();
        assertThat(h.validTime()).isEqualTo(h.horizon());
        assertThat(h.failure()).isNull();
        assertThat(s.describe(4)).hasSize(3);
        assertThat(s.describe(4).get(1)).startsWith("hold-out simulation (last 20% of each trajectory, 400 points, horizon 3.990)");
        assertThat(s.describe(4).get(2)).endsWith("(never exceeded: the whole hold-out)");

        Scores noHoldout = Scores.of(truth, OSCILLATOR.data(0, 1));
        assertThat(noHoldout.holdout()).isNull();
        assertThat(noHoldout.describe(4)).hasSize(1);
        assertThat(noHoldout.toJson().keySet()).containsExactly("derivative_r2");
    }

    @Test
    void aWrongModelLosesR2AndValidTime() {
        // frequency 2.2 instead of 2: the phase error grows until it passes 20% of the std
        double[][] xi = OSCILLATOR.truth().coefficients();
        int x = OSCILLATOR.truth().library().names().indexOf("x");
        xi[1][x] = -4.84;
        DiscoveredModel wrong = new DiscoveredModel(OSCILLATOR.variables(), List.of(), OSCILLATOR.truth().library(), xi);
        DatasetSplit split = DatasetSplit.byTime(OSCILLATOR.data(0, 1), 0.2);
        Scores s = Scores.of(wrong, split);
        assertThat(s.derivativeR2()[0]).isGreaterThan(0.99999);
        assertThat(s.derivativeR2()[1]).isLessThan(0.999);
        assertThat(s.holdout().exceeded()).isTrue();
        assertThat(s.holdout().validTime()).isGreaterThan(0).isLessThan(s.holdout().horizon());
        assertThat(s.holdout().relativeRmseOverall()).isGreaterThan(0.05);
        assertThat(s.toJson().getAsJsonObject("holdout").get("exceeded").getAsBoolean()).isTrue();
    }

    @Test
    void aModelThatBlowsUpIsReportedNotThrown() {
        List<String> vars = List.of("x", "v");
        Library lib = Library.parse("poly:2", vars);
        double[][] xi = new double[2][lib.size()];
        xi[0][lib.names().indexOf("x^2")] = 10;
        xi[1][lib.names().indexOf("v")] = 1;
        DiscoveredModel bad = new DiscoveredModel(vars, List.of(), lib, xi);
        Scores s = Scores.of(bad, DatasetSplit.byTime(OSCILLATOR.data(0, 1), 0.2));
        assertThat(s.holdout().failure()).contains("blows up");
        assertThat(s.holdout().relativeRmseOverall()).isInfinite();
        assertThat(s.toJson().getAsJsonObject("holdout").get("valid_time").isJsonNull()).isTrue();
        assertThat(bad.toJson(s)).contains("\"valid_time\": null").contains("\"failure\": \"");
        assertThat(s.describe(4).get(2)).startsWith("hold-out simulation failed: ");
    }
}
