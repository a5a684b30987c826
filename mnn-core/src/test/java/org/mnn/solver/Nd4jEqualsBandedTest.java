package org.mnn.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mnn.ode.OdeBatch;
import org.mnn.solver.nd4j.Nd4jNeuRlpSolver;

/**
 * The ND4J tensor solver equals the banded solver (issue 7): values, slack, residual norms and
 * every gradient within 1e-9 relative to the largest magnitude, on ND4J's CPU backend, for
 * orders 1-4, D = 1-3, constant and per-step coefficients, shared and per-item steps, one or
 * several initial steps, periodic rows, every option configuration and batch sizes 1-9.
 */
class Nd4jEqualsBandedTest {
    private static final double TOLERANCE = 1e-9;
    private static double maxValues;
    private static double maxGradients;

    static Stream<Arguments> cases() {
        Random rnd = new Random(7_2026);
        NeuRlpOptions[] configs = {
            NeuRlpOptions.defaults(),
            NeuRlpOptions.withoutSlackOrCentralRows(),
            NeuRlpOptions.defaults().withAlpha(0.3),
            NeuRlpOptions.defaults().withCentralRows(false),
            NeuRlpOptions.defaults().withSlack(false),
            NeuRlpOptions.defaults().withWeight(RowFamily.EQUATION, 3.0).withWeight(RowFamily.INITIAL, 10.0)
                    .withWeight(RowFamily.CENTRAL, 0.5).withWeight(RowFamily.BACKWARD, 2.0),
            NeuRlpOptions.defaults().withRefinement(0),
        };
        int[] batchSizes = {1, 2, 3, 4, 5, 8, 9};
        Stream.Builder<Arguments> out = Stream.builder();
        for (int c = 0; c < 42; c++) {
            int order = 1 + c % 3 + (c % 14 == 13 ? 1 : 0);
            int dims = 1 + (c / 3) % 3;
            int n = 2 + rnd.nextInt(15);
            boolean periodic = c % 6 == 5;
            int sIv = 1 + rnd.nextInt(Math.min(n, 3));
            out.add(Arguments.of(c, configs[c % configs.length], order, dims, n, rnd.nextBoolean(), rnd.nextBoolean(),
                    sIv, periodic, batchSizes[c % batchSizes.length]));
        }
        return out.build();
    }

    @ParameterizedTest(name = "case {0}: R={2} D={3} N={4} perStep={5} stepsPerItem={6} sIv={7} periodic={8} B={9}")
    @MethodSource("cases")
    void nd4jEqualsBanded(int seed, NeuRlpOptions options, int order, int dims, int n, boolean perStep,
                          boolean stepsPerItem, int sIv, boolean periodic, int items) {
        OdeBatch batch = Problems.random(seed, items, n, dims, order, perStep, stepsPerItem, sIv, periodic);
        Solution banded = new BandedNeuRlpSolver(options).solve(batch);
        Solution tensor = new Nd4jNeuRlpSolver(options).solve(batch);
        maxValues = Math.max(maxValues, assertClose(tensor.values(), banded.values(), "u"));
        for (int b = 0; b < items; b++) {
            assertThat(Math.abs(tensor.eps(b) - banded.eps(b))).as("eps of item %d", b)
                    .isLessThanOrEqualTo(TOLERANCE * (1 + Math.abs(banded.eps(b))));
            for (RowFamily f : RowFamily.values()) {
                assertThat(Math.abs(tensor.residualNorm(b, f) - banded.residualNorm(b, f))).as("residual %s", f)
                        .isLessThanOrEqualTo(1e-8 * (1 + banded.residualNorm(b, f)));
            }
        }
        Random rnd = new Random(seed);
        double[] g = new double[banded.values().length];
        for (int i = 0; i < g.length; i++) {
            g[i] = rnd.nextGaussian();
        }
        double[] ge = options.slack() ? new double[items] : null;
        if (ge != null) {
            for (int i = 0; i < items; i++) {
                ge[i] = rnd.nextGaussian();
            }
        }
        Gradients gb = banded.backward(g, ge);
        Gradients gt = tensor.backward(g, ge);
        double worst = assertClose(gt.coefficients(), gb.coefficients(), "dL/dc");
        worst = Math.max(worst, assertClose(gt.rhs(), gb.rhs(), "dL/db"));
        worst = Math.max(worst, assertClose(gt.initialValues(), gb.initialValues(), "dL/dv"));
        worst = Math.max(worst, assertClose(gt.steps(), gb.steps(), "dL/dh"));
        maxGradients = Math.max(maxGradients, worst);
    }

    /** The published harmonic problem (N = 101, R = 2) in both configurations, B = 1. */
    @Test
    void harmonicEqualsBanded() {
        for (NeuRlpOptions options : new NeuRlpOptions[] {NeuRlpOptions.defaults(), NeuRlpOptions.withoutSlackOrCentralRows()}) {
            OdeBatch batch = Problems.harmonic(0.1);
            Solution banded = new BandedNeuRlpSolver(options).solve(batch);
            Solution tensor = new Nd4jNeuRlpSolver(options).solve(batch);
            maxValues = Math.max(maxValues, assertClose(tensor.values(), banded.values(), "u"));
            double[] g = new double[banded.values().length];
            java.util.Arrays.fill(g, 1.0);
            maxGradients = Math.max(maxGradients,
                    assertClose(tensor.backward(g, null).steps(), banded.backward(g, null).steps(), "dL/dh"));
        }
    }

    /** u'' = 0 without initial rows has a two-dimensional null space: a named item, no NaN. */
    @Test
    void singularSystemIsIllPosed() {
        int items = 3;
        double[] c = new double[items * 3];
        for (int b = 0; b < items; b++) {
            c[b * 3 + 2] = 1.0;
        }
        OdeBatch batch = OdeBatch.builder(items, 8, 1, 2).coefficients(c, false).rhs(new double[items * 8])
                .uniformStep(0.1).build();
        assertThatThrownBy(() -> new Nd4jNeuRlpSolver(NeuRlpOptions.withoutSlackOrCentralRows()).solve(batch))
                .isInstanceOf(IllPosedProblemException.class)
                .hasMessageContaining("batch item 0")
                .hasMessageContaining("singular");
    }

    @Test
    void solverByName() {
        NeuRlpOptions o = NeuRlpOptions.defaults();
        assertThat(OdeSolver.named("cpu", o)).isInstanceOf(BandedNeuRlpSolver.class);
        assertThat(OdeSolver.named("nd4j", o)).isInstanceOf(Nd4jNeuRlpSolver.class);
        assertThat(OdeSolver.named("ND4J", o).options()).isSameAs(o);
        assertThat(OdeSolver.named("dense", o)).isInstanceOf(DenseNeuRlpSolver.class);
        assertThatThrownBy(() -> OdeSolver.named("gpu", o)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cpu, nd4j, dense");
        assertThat(OdeSolver.create(o)).isInstanceOf(BandedNeuRlpSolver.class);
    }

    @AfterAll
    static void report() {
        System.out.printf("Nd4jEqualsBandedTest: max relative difference (to the largest magnitude): values %.2e,"
                + " gradients %.2e%n", maxValues, maxGradients);
    }

    /** Asserts within 1e-9 relative to the largest magnitude; returns the largest relative difference. */
    static double assertClose(double[] actual, double[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        double scale = 1e-300;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double rel = Math.abs(actual[i] - expected[i]) / scale;
            assertThat(rel).as("%s[%d]: %s vs %s", what, i, actual[i], expected[i]).isLessThanOrEqualTo(TOLERANCE);
            worst = Math.max(worst, rel);
        }
        return worst;
    }
}
