package org.mnn.solver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mnn.ode.OdeBatch;

/** u'' + u = 0 against sin t: method.md's accuracy table, and small steps (issue 2, test 8a). */
class HarmonicAccuracyTest {
    private static final double[] H = {0.1, 0.05, 0.02, 0.01};
    /** method.md, "Accuracy to expect": alpha = 0 with central rows. */
    private static final double[] WITH_CENTRAL = {1.55e-2, 3.93e-3, 6.31e-4, 1.58e-4};
    /** method.md: no eps, no central rows. */
    private static final double[] PLAIN = {2.37e-2, 6.05e-3, 9.78e-4, 2.45e-4};

    static double maxError(OdeSolver solver, double h) {
        OdeBatch b = Problems.harmonic(h);
        Solution s = solver.solve(b);
        double err = 0;
        for (int i = 0; i < b.points(); i++) {
            err = Math.max(err, Math.abs(s.u(0, i, 0, 0) - Math.sin(i * h)));
        }
        return err;
    }

    @Test
    void matchesPublishedTableInBothConfigurations() {
        for (int i = 0; i < H.length; i++) {
            assertThat(maxError(new BandedNeuRlpSolver(NeuRlpOptions.defaults()), H[i]))
                    .as("default configuration, h = %s", H[i]).isLessThanOrEqualTo(1.1 * WITH_CENTRAL[i]);
            assertThat(maxError(new BandedNeuRlpSolver(NeuRlpOptions.withoutSlackOrCentralRows()), H[i]))
                    .as("no slack, no central rows, h = %s", H[i]).isLessThanOrEqualTo(1.1 * PLAIN[i]);
        }
    }

    @Test
    void defaultConfigurationKeepsConvergingDownToSmallSteps() {
        OdeSolver solver = new BandedNeuRlpSolver(NeuRlpOptions.defaults());
        double previous = maxError(solver, 0.01);
        for (double h : new double[] {0.005, 0.002, 0.001}) {
            double err = maxError(solver, h);
            double ratio = previous / err;
            System.out.printf("u''+u=0 default: h=%g max error %.3e%n", h, err);
            // second order: halving h divides the error by ~4; h 0.005 -> 0.002 by ~6.25
            assertThat(ratio).as("error ratio at h = %s", h).isGreaterThan(3.5);
            previous = err;
        }
        assertThat(previous).as("error at h = 0.001").isLessThan(2e-6);
    }

    @Test
    void automaticRefinementKeepsThePlainConfigurationConverging() {
        // without slack and central rows the normal equations alone lose the solution below
        // h = 0.005 (1e-4 at h = 0.002, 3e-3 at 0.001); the pivot-triggered refinement restores it
        OdeSolver solver = new BandedNeuRlpSolver(NeuRlpOptions.withoutSlackOrCentralRows());
        assertThat(maxError(solver, 0.002)).isLessThan(1.1e-5);
        assertThat(maxError(solver, 0.001)).isLessThan(2.8e-6);
        OdeSolver unrefined = new BandedNeuRlpSolver(NeuRlpOptions.withoutSlackOrCentralRows().withRefinement(0));
        assertThat(maxError(unrefined, 0.001)).as("the same without refinement").isGreaterThan(1e-4);
    }

    @Test
    void slackRewardBiasesTheSolution() {
        // alpha > 0 is the published default; it leaves an error floor (method.md)
        double unbiased = maxError(new BandedNeuRlpSolver(NeuRlpOptions.defaults()), 0.01);
        double biased = maxError(new BandedNeuRlpSolver(NeuRlpOptions.defaults().withAlpha(1.0)), 0.01);
        assertThat(biased).isGreaterThan(5 * unbiased);
    }
}
