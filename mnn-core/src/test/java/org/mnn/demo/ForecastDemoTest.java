package org.mnn.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mnn.train.TrainingResult;

/**
 * Two-body forecasting on a reduced configuration: 150 trajectories (120 train, 30 held out
 * whole, 10 windows each), 10 epochs. Measured (seed 1, 2 shared cores, about 5 s of training):
 * forecast RMSE 0.190 against persistence 0.937 (4.9x) and linear extrapolation 1.266 (6.7x);
 * rollout 0.712. After a single epoch the same setup gives 0.395 (2.4x and 3.2x), and 60
 * trajectories with 3 epochs 0.467 (1.9x, 2.7x): the bound RATIO = 3 on both ratios fails a model
 * that has not learned the dynamics. The rollout RMSE saturates at the orbit size (0.69 after one
 * epoch) and is only checked to be finite.
 */
class ForecastDemoTest {
    private static final int TRAJECTORIES = 150;
    private static final int EPOCHS = 10;

    @Test
    void dataAreBoundKeplerOrbits() {
        ForecastDemo.Config c = ForecastDemo.Config.defaults().withTrajectories(20);
        ForecastDemo.Data d = ForecastDemo.data(c);
        assertThat(c.length()).isEqualTo(550);
        assertThat(c.windows()).isEqualTo(10);
        assertThat(c.trainSize()).isEqualTo(16);
        for (int i = 0; i < 20; i++) {
            double rp = d.a()[i] * (1 - d.e()[i]);
            double ra = d.a()[i] * (1 + d.e()[i]);
            double[][] p = d.pos()[i];
            for (int s = 1; s + 1 < c.length(); s++) {
                double r = Math.hypot(p[s][0], p[s][1]);
                assertThat(r).isBetween(rp - 1e-9, ra + 1e-9);
                // the second difference is the Kepler acceleration to O(dt^2)
                for (int k = 0; k < 2; k++) {
                    double acc = (p[s + 1][k] - 2 * p[s][k] + p[s - 1][k]) / (c.dt() * c.dt());
                    double kepler = -d.gm()[i] * p[s][k] / (r * r * r);
                    assertThat(acc).isCloseTo(kepler, org.assertj.core.data.Offset.offset(0.02 * d.gm()[i] / (rp * rp)));
                }
            }
        }
    }

    @Test
    void forecastBeatsPersistenceAndLinearExtrapolation() {
        ForecastDemo.Config c = ForecastDemo.Config.defaults().withTrajectories(TRAJECTORIES).withEpochs(EPOCHS);
        ForecastDemo.Result r = ForecastDemo.run(c, List.of());
        System.out.printf("forecast, %d trajectories, %d epochs: rmse %.4f persistence %.4f linear %.4f rollout %.4f"
                + " train %.4f, %.1f s%n", TRAJECTORIES, EPOCHS, r.rmse(), r.persistenceRmse(), r.linearRmse(),
                r.rolloutRmse(), r.trainRmse(), r.seconds());
        assertThat(r.training().stop()).isEqualTo(TrainingResult.Stop.COMPLETED);
        assertThat(r.rmse()).isLessThan(r.persistenceRmse() / RATIO);
        assertThat(r.rmse()).isLessThan(r.linearRmse() / RATIO);
        assertThat(r.rolloutRmse()).isFinite().isPositive();
        List<Double> losses = r.training().history().trainLosses();
        assertThat(losses.get(EPOCHS - 1)).isLessThan(losses.get(0) / 3);
    }

    private static final double RATIO = 3;
}
