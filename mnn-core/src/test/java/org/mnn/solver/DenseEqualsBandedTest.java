package org.mnn.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mnn.ode.OdeBatch;

/** The banded solver equals the dense reference on random well-posed problems (test 8c). */
class DenseEqualsBandedTest {

    static Stream<Arguments> cases() {
        Random rnd = new Random(20261129);
        NeuRlpOptions[] configs = {
            NeuRlpOptions.defaults(),
            NeuRlpOptions.withoutSlackOrCentralRows(),
            NeuRlpOptions.defaults().withAlpha(0.3),
            NeuRlpOptions.defaults().withCentralRows(false),
            NeuRlpOptions.defaults().withSlack(false),
            NeuRlpOptions.defaults().withWeight(RowFamily.EQUATION, 3.0).withWeight(RowFamily.INITIAL, 10.0)
                    .withWeight(RowFamily.CENTRAL, 0.5).withWeight(RowFamily.BACKWARD, 2.0),
        };
        Stream.Builder<Arguments> out = Stream.builder();
        for (int c = 0; c < 60; c++) {
            int order = 1 + rnd.nextInt(4);
            int dims = 1 + rnd.nextInt(3);
            int n = 2 + rnd.nextInt(14);
            boolean periodic = rnd.nextInt(5) == 0;
            int sIv = 1 + rnd.nextInt(Math.min(n, 3));
            out.add(Arguments.of(c, configs[c % configs.length], order, dims, n, rnd.nextBoolean(), rnd.nextBoolean(),
                    sIv, periodic, 1 + rnd.nextInt(3), false));
        }
        // runs of equal steps: the banded solver reuses a step's sums while steps repeat
        for (int c = 60; c < 80; c++) {
            int order = 1 + rnd.nextInt(4);
            int dims = 1 + rnd.nextInt(3);
            int n = 8 + rnd.nextInt(30);
            out.add(Arguments.of(c, configs[c % configs.length], order, dims, n, rnd.nextBoolean(), rnd.nextBoolean(),
                    1 + rnd.nextInt(3), rnd.nextInt(5) == 0, 1 + rnd.nextInt(9), true));
        }
        return out.build();
    }

    @ParameterizedTest(name = "case {0}: R={2} D={3} N={4} periodic={8} B={9} step runs={10}")
    @MethodSource("cases")
    void bandedEqualsDense(int seed, NeuRlpOptions options, int order, int dims, int n, boolean perStep,
                           boolean stepsPerItem, int sIv, boolean periodic, int items, boolean stepRuns) {
        OdeBatch batch = Problems.random(seed, items, n, dims, order, perStep, stepsPerItem, sIv, periodic, stepRuns);
        Solution banded = new BandedNeuRlpSolver(options).solve(batch);
        Solution dense = new DenseNeuRlpSolver(options).solve(batch);
        assertClose(banded.values(), dense.values(), "u");
        for (int b = 0; b < items; b++) {
            assertThat(banded.eps(b)).isCloseTo(dense.eps(b), org.assertj.core.data.Offset.offset(1e-9 * (1 + Math.abs(dense.eps(b)))));
            for (RowFamily f : RowFamily.values()) {
                assertThat(banded.residualNorm(b, f)).isCloseTo(dense.residualNorm(b, f),
                        org.assertj.core.data.Offset.offset(1e-8 * (1 + dense.residualNorm(b, f))));
            }
        }
        double[] g = new double[banded.values().length];
        Random rnd = new Random(seed);
        for (int i = 0; i < g.length; i++) {
            g[i] = rnd.nextGaussian();
        }
        Gradients gb = banded.backward(g, null);
        Gradients gd = dense.backward(g, null);
        assertClose(gb.coefficients(), gd.coefficients(), "dL/dc");
        assertClose(gb.rhs(), gd.rhs(), "dL/db");
        assertClose(gb.initialValues(), gd.initialValues(), "dL/dv");
        assertClose(gb.steps(), gd.steps(), "dL/dh");
    }

    /** Relative to the largest magnitude: 1e-9. */
    static void assertClose(double[] actual, double[] expected, String what) {
        double scale = 1e-300;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i]) / scale).as("%s[%d]: %s vs %s", what, i, actual[i], expected[i])
                    .isLessThanOrEqualTo(1e-9);
        }
    }
}
