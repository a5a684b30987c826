package org.mnn.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mnn.classroom.Check.Status;
import org.mnn.discover.Comparison;
import org.mnn.discover.DiscoveredModel;
import org.mnn.discover.Discovery;
import org.mnn.discover.Threshold;
import org.mnn.discover.data.DataColumns;
import org.mnn.discover.data.TableDatasets;
import tech.tablesaw.api.Table;

class AssignmentsTest {

    @Test
    void pendulumDataAreTwoSwingsAndReproducible() {
        Table t = Pendulum.data();
        assertThat(t.columnNames()).containsExactly("swing", "t", "theta", "omega");
        assertThat(t.rowCount()).isEqualTo(1000);
        assertThat(t.stringColumn("swing").unique().asList()).containsExactly("A", "B");
        assertThat(Pendulum.data().doubleColumn("theta").asDoubleArray()).isEqualTo(t.doubleColumn("theta").asDoubleArray());
    }

    @Test
    void theSolutionPassesThePendulumChecks() {
        Table t = Pendulum.data();
        var data = TableDatasets.fromTable(t, "pendulum", DataColumns.defaults().trajectory("swing"));
        DiscoveredModel m = Discovery.builder().library("poly:1,sin(theta)").threshold(Threshold.relative(0.05))
                .build().fit(data);
        assertThat(Pendulum.lawOutcome(m).passed()).as(Pendulum.lawOutcome(m).message()).isTrue();
        double gOverL = -m.coefficient("omega", "sin(theta)");
        double c = -m.coefficient("omega", "omega");
        assertThat(Check.valueOutcome("g/L", gOverL, Pendulum.G_OVER_L, 0.01).passed()).isTrue();
        assertThat(Check.valueOutcome("c", c, Pendulum.DAMPING, 0.05).passed()).isTrue();
        assertThat(Check.valueOutcome("L", 9.81 / gOverL, Pendulum.LENGTH, 0.02).passed()).isTrue();

        DiscoveredModel linear = Discovery.builder().library("poly:1").build().fit(data);
        assertThat(Pendulum.lawOutcome(linear).message()).contains("needs sin(theta)");
        assertThat(Pendulum.lawOutcome(null).status()).isEqualTo(Status.MISSING);
    }

    private static Map<Double, Comparison> results(int... spurious) {
        Map<Double, Comparison> m = new LinkedHashMap<>();
        for (int i = 0; i < spurious.length; i++) {
            m.put(NoiseStudy.NOISES.get(i), new Comparison(0.01, spurious[i], 0));
        }
        return m;
    }

    @Test
    void usableMeansExactTermsAndErrorsWithinTenPercent() {
        Map<Double, Comparison> sindy = new LinkedHashMap<>();
        double[] errors = {0.03, 0.15, 0.47, 4.3, 7.4};
        int[] spurious = {0, 0, 0, 2, 9};
        for (int i = 0; i < errors.length; i++) {
            sindy.put(NoiseStudy.NOISES.get(i), new Comparison(errors[i], spurious[i], 0));
        }
        Map<Double, Comparison> mnn = results(0, 0, 0, 3, 15);
        assertThat(NoiseStudy.breakingOutcome("SINDy", 0.1, sindy).passed()).isTrue();
        assertThat(NoiseStudy.unusableOutcome("SINDy", 0.02, sindy).passed()).isTrue();
        assertThat(NoiseStudy.unusableOutcome("SINDy", 0.1, sindy).message()).contains("look at lower noise");
        assertThat(NoiseStudy.unusableOutcome("MNN", 0.1, mnn).passed()).isTrue();
        assertThat(NoiseStudy.unusableOutcome("MNN", Double.NaN, mnn).status()).isEqualTo(Status.MISSING);
        // both break the terms at 10%, but SINDy is unusable from 2%: MNN is more robust
        assertThat(NoiseStudy.robustOutcome("MNN", mnn, sindy).passed()).isTrue();
        assertThat(NoiseStudy.robustOutcome("neither", mnn, sindy).status()).isEqualTo(Status.FAIL);
    }

    @Test
    void breakingNoiseIsJudgedAgainstTheStudentsOwnResults() {
        Map<Double, Comparison> mnn = results(0, 0, 0, 2, 5);
        Map<Double, Comparison> sindy = results(0, 0, 1, 3, 6);
        assertThat(NoiseStudy.resultsOutcome("MNN", mnn).passed()).isTrue();
        assertThat(NoiseStudy.breakingOutcome("MNN", 0.1, mnn).passed()).isTrue();
        assertThat(NoiseStudy.breakingOutcome("MNN", 0.2, mnn).message()).contains("look at lower noise");
        assertThat(NoiseStudy.breakingOutcome("MNN", 0.05, mnn).message()).contains("all is still fine");
        assertThat(NoiseStudy.breakingOutcome("MNN", 0.07, mnn).message()).contains("not one of the levels");
        assertThat(NoiseStudy.breakingOutcome("MNN", Double.POSITIVE_INFINITY, mnn).status()).isEqualTo(Status.FAIL);
        assertThat(NoiseStudy.breakingOutcome("MNN", Double.NaN, mnn).status()).isEqualTo(Status.MISSING);
        assertThat(NoiseStudy.breakingOutcome("SINDy", 0.05, sindy).passed()).isTrue();
        assertThat(NoiseStudy.breakingOutcome("X", Double.POSITIVE_INFINITY, results(0, 0, 0, 0, 0)).passed()).isTrue();

        assertThat(NoiseStudy.robustOutcome("MNN", mnn, sindy).passed()).isTrue();
        assertThat(NoiseStudy.robustOutcome("SINDy", mnn, sindy).status()).isEqualTo(Status.FAIL);
        assertThat(NoiseStudy.robustOutcome("neither", mnn, mnn).passed()).isTrue();
        assertThat(NoiseStudy.robustOutcome(null, mnn, sindy).status()).isEqualTo(Status.MISSING);
    }

    @Test
    void incompleteResultsAreNotAnsweredNotErrors() {
        assertThat(NoiseStudy.resultsOutcome("MNN", new LinkedHashMap<>()).status()).isEqualTo(Status.MISSING);
        assertThat(NoiseStudy.resultsOutcome("MNN", null).status()).isEqualTo(Status.MISSING);
        assertThat(NoiseStudy.resultsOutcome("MNN", results(0, 0)).message()).contains("no result for noise 0.05, 0.1, 0.2");
        assertThat(NoiseStudy.breakingOutcome("MNN", 0.1, results(0, 0)).status()).isEqualTo(Status.MISSING);
        assertThat(NoiseStudy.robustOutcome("MNN", null, results(0)).status()).isEqualTo(Status.MISSING);
    }

    @Test
    void noiseStudySystemIsAShortLorenz() {
        assertThat(NoiseStudy.system().points()).isEqualTo(2000);
        assertThat(NoiseStudy.system().name()).isEqualTo("lorenz");
    }
}
