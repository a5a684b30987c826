package org.mnn.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mnn.train.TrainingResult;

/**
 * The logistic parameter estimation on a reduced configuration: 400 trajectories (320 train,
 * 80 test), noise 1e-3, 100 epochs of minibatch 8 (4,000 Adam steps; the demo's minibatch 64
 * would give only 500). Measured: r_err 0.0625, K_err 0.0154, fit RMSE 0.105, about 25 s on 2
 * shared cores. The prior guess r = K = 3 has median relative errors of about 0.11 for both, and
 * the untrained network fits the trajectories with an RMSE of about 0.5.
 */
class LogisticDemoTest {
    private static final int EPOCHS = 100;
    private static final double R_BOUND = 0.09;
    private static final double K_BOUND = 0.03;
    private static final double FIT_BOUND = 0.2;

    @Test
    void dataFollowTheSetup() {
        LogisticDemo.Config c = LogisticDemo.Config.defaults().withTrajectories(2000);
        LogisticDemo.Data d = LogisticDemo.data(c);
        double rMean = 0;
        double kMean = 0;
        for (int i = 0; i < 2000; i++) {
            rMean += d.r()[i] / 2000;
            kMean += d.k()[i] / 2000;
            assertThat(d.x0()[i]).isPositive();
            // noise 1e-3 around the logistic solution
            assertThat(Math.abs(d.y()[i][59] - LogisticDemo.logistic(d.r()[i], d.k()[i], d.x0()[i], 3.0))).isLessThan(6e-3);
        }
        assertThat(rMean).isBetween(2.95, 3.05);
        assertThat(kMean).isBetween(2.95, 3.05);
        assertThat(c.step()).isEqualTo(3.0 / 59);
        assertThat(c.trainSize()).isEqualTo(1600);
        // independent noise per trajectory: two trajectories' residuals are not the same vector
        double r0 = d.y()[0][30] - LogisticDemo.logistic(d.r()[0], d.k()[0], d.x0()[0], 30 * c.step());
        double r1 = d.y()[1][30] - LogisticDemo.logistic(d.r()[1], d.k()[1], d.x0()[1], 30 * c.step());
        assertThat(r0).isNotEqualTo(r1);
    }

    @Test
    void estimatesRAndKOnHeldOutTrajectories() {
        LogisticDemo.Config c = LogisticDemo.Config.defaults().withTrajectories(400).withEpochs(EPOCHS)
                .withTraining(8, 1e-3, 64);
        LogisticDemo.Result r = LogisticDemo.run(c, List.of());
        System.out.printf("logistic, 400 trajectories, %d epochs: r_err %.4f K_err %.4f (train %.4f %.4f), fit RMSE %.4f, %.1f s%n",
                EPOCHS, r.rErr(), r.kErr(), r.rErrTrain(), r.kErrTrain(), r.fitRmse(), r.seconds());
        assertThat(r.training().stop()).isEqualTo(TrainingResult.Stop.COMPLETED);
        assertThat(r.rHat()).hasSize(80);
        assertThat(r.rErr()).isLessThan(R_BOUND);
        assertThat(r.kErr()).isLessThan(K_BOUND);
        assertThat(r.fitRmse()).isLessThan(FIT_BOUND);
        List<Double> losses = r.training().history().trainLosses();
        assertThat(losses.get(EPOCHS - 1)).isLessThan(losses.get(0) / 5);
    }
}
