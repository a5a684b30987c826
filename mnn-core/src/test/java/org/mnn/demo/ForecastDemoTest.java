package org.mnn.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mnn.train.TrainingResult;

/**
 * Two-body forecasting on a reduced configuration: TRAJECTORIES trajectories (80% train, whole
 * trajectories held out), EPOCHS epochs. Measured: see the constants' comments. A model that
 * does not learn (the untrained network: c near -1 everywhere) or a broken block gives an RMSE
 * of the order of the baselines, far above the bounds.
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
        assertThat(r.rolloutRmse()).isLessThan(ROLLOUT_BOUND);
        List<Double> losses = r.training().history().trainLosses();
        assertThat(losses.get(EPOCHS - 1)).isLessThan(losses.get(0) / 3);
    }

    private static final double RATIO = 3;
    private static final double ROLLOUT_BOUND = 1.2;
}
