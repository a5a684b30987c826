package org.mnn.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mnn.ode.OdeBatch;

/** Every gradient of the backward pass against central finite differences in float64 (test 8d). */
class GradientTest {

    @ParameterizedTest(name = "R={0} D={1} N={2} perStep={3} stepsPerItem={4} sIv={5} periodic={6} config={7} step runs={8}")
    @CsvSource({
        "1, 1, 6, true, false, 1, false, 0, false",
        "2, 1, 8, true, true, 2, false, 0, false",
        "2, 2, 7, false, false, 1, false, 1, false",
        "3, 1, 6, true, true, 1, false, 2, false",
        "4, 1, 7, true, false, 1, false, 0, false",
        "2, 3, 5, true, true, 1, false, 3, false",
        "2, 1, 6, true, true, 0, true, 0, false",
        "1, 2, 6, false, true, 0, true, 2, false",
        "2, 1, 12, false, false, 1, false, 0, true",
        "2, 2, 11, false, true, 1, false, 2, true",
        "3, 1, 10, true, false, 1, false, 0, true",
        "1, 1, 12, false, true, 0, true, 3, true",
        "2, 2, 11, true, false, 1, false, 1, true",
        "2, 1, 12, true, true, 0, true, 0, true",
    })
    void backwardMatchesFiniteDifferences(int order, int dims, int n, boolean perStep, boolean stepsPerItem,
                                          int sIv, boolean periodic, int config, boolean stepRuns) {
        NeuRlpOptions options = switch (config) {
            case 0 -> NeuRlpOptions.defaults();
            case 1 -> NeuRlpOptions.withoutSlackOrCentralRows();
            case 2 -> NeuRlpOptions.defaults().withAlpha(0.2).withWeight(RowFamily.EQUATION, 2.0);
            default -> NeuRlpOptions.defaults().withWeight(RowFamily.CENTRAL, 3.0).withWeight(RowFamily.INITIAL, 0.5);
        };
        int items = 2;
        OdeBatch batch = Problems.random(17L * order + dims + n, items, n, dims, order, perStep, stepsPerItem,
                sIv, periodic, stepRuns);
        Random rnd = new Random(5);
        double[] g = new double[items * n * dims * (order + 1)];
        for (int i = 0; i < g.length; i++) {
            g[i] = rnd.nextGaussian();
        }
        double[] gEps = {0.7, -1.3};
        OdeSolver solver = new BandedNeuRlpSolver(options);
        ToDoubleFunction<OdeBatch> loss = b -> {
            Solution s = solver.solve(b);
            double l = 0;
            for (int i = 0; i < g.length; i++) {
                l += g[i] * s.values()[i];
            }
            return l + gEps[0] * s.eps(0) + gEps[1] * s.eps(1);
        };
        Gradients grad = solver.solve(batch).backward(g, options.slack() ? gEps : null);
        // the allocation-free form gives the same numbers into reused (dirty) buffers
        Gradients reused = new Gradients(filled(grad.coefficients().length), filled(grad.rhs().length),
                filled(grad.initialValues().length), filled(grad.steps().length));
        assertThat(solver.solve(batch).backward(g, options.slack() ? gEps : null, reused)).isSameAs(reused);
        assertThat(reused.coefficients()).containsExactly(grad.coefficients());
        assertThat(reused.rhs()).containsExactly(grad.rhs());
        assertThat(reused.initialValues()).containsExactly(grad.initialValues());
        assertThat(reused.steps()).containsExactly(grad.steps());
        check("coefficients", batch.coefficients(), grad.coefficients(), batch, loss);
        check("rhs", batch.rhs(), grad.rhs(), batch, loss);
        check("initial values", batch.initialValues(), grad.initialValues(), batch, loss);
        check("steps", batch.steps(), grad.steps(), batch, loss);
    }

    private static double[] filled(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, 7.0);
        return a;
    }

    private static double shifted(double[] param, int i, double delta, OdeBatch batch, ToDoubleFunction<OdeBatch> loss) {
        double p = param[i];
        param[i] = p + delta;
        try {
            return loss.applyAsDouble(batch);
        } finally {
            param[i] = p;
        }
    }

    /** Perturbs each entry of {@code param} in place (the batch shares the array) and compares. */
    private static void check(String what, double[] param, double[] analytic, OdeBatch batch,
                              ToDoubleFunction<OdeBatch> loss) {
        double maxAbs = 0;
        for (double v : analytic) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < param.length; i++) {
            double p = param[i];
            // fourth-order central difference: truncation O(delta^4) lets delta be large enough
            // that the solver's rounding (amplified by cond(M)) stays far below the tolerance
            double delta = 1e-4 * Math.max(1.0, Math.abs(p));
            double fd = (8 * (shifted(param, i, delta, batch, loss) - shifted(param, i, -delta, batch, loss))
                    - (shifted(param, i, 2 * delta, batch, loss) - shifted(param, i, -2 * delta, batch, loss)))
                    / (12 * delta);
            double err = Math.abs(fd - analytic[i]);
            num += err * err;
            den += analytic[i] * analytic[i];
            assertThat(err / Math.max(Math.abs(analytic[i]), 1e-3 * maxAbs))
                    .as("dL/d%s[%d]: analytic %s, finite difference %s", what, i, analytic[i], fd)
                    .isLessThanOrEqualTo(1e-5);
        }
        if (den > 0) {
            assertThat(Math.sqrt(num / den)).as("relative error of dL/d%s", what).isLessThanOrEqualTo(1e-6);
        }
    }
}
