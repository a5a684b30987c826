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
 * Every other solver equals the banded solver (issue 7): the ND4J tensor solver on ND4J's CPU
 * backend here, and any solver {@link TestSolvers} finds (mnn-cuda's kernels): values, slack,
 * residual norms and every gradient within 1e-9 relative to the largest magnitude, for orders
 * 1-4, D = 1-3, constant and per-step coefficients, shared and per-item steps, one or several
 * initial steps, periodic rows, every option configuration and batch sizes 1-9.
 */
class SolversEqualBandedTest {
    private static final double TOLERANCE = 1e-9;
    private static final java.util.Map<String, double[]> WORST = new java.util.TreeMap<>();

    static Stream<Arguments> cases() {
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
        for (String solver : TestSolvers.alternatives()) {
            for (Arguments a : cases(new Random(7_2026), configs, batchSizes)) {
                Object[] args = a.get();
                Object[] withSolver = new Object[args.length + 1];
                withSolver[0] = solver;
                System.arraycopy(args, 0, withSolver, 1, args.length);
                out.add(Arguments.of(withSolver));
            }
        }
        return out.build();
    }

    private static java.util.List<Arguments> cases(Random rnd, NeuRlpOptions[] configs, int[] batchSizes) {
        java.util.List<Arguments> out = new java.util.ArrayList<>();
        for (int c = 0; c < 42; c++) {
            int order = 1 + c % 3 + (c % 14 == 13 ? 1 : 0);
            int dims = 1 + (c / 3) % 3;
            int n = 2 + rnd.nextInt(15);
            boolean periodic = c % 6 == 5;
            int sIv = 1 + rnd.nextInt(Math.min(n, 3));
            out.add(Arguments.of(c, configs[c % configs.length], order, dims, n, rnd.nextBoolean(), rnd.nextBoolean(),
                    sIv, periodic, batchSizes[c % batchSizes.length]));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} case {1}: R={3} D={4} N={5} perStep={6} stepsPerItem={7} sIv={8} periodic={9} B={10}")
    @MethodSource("cases")
    void equalsBanded(String solver, int seed, NeuRlpOptions options, int order, int dims, int n, boolean perStep,
                          boolean stepsPerItem, int sIv, boolean periodic, int items) {
        OdeBatch batch = Problems.random(seed, items, n, dims, order, perStep, stepsPerItem, sIv, periodic);
        Solution banded = new BandedNeuRlpSolver(options).solve(batch);
        Solution tensor = OdeSolver.named(solver, options).solve(batch);
        record(solver, 0, assertClose(tensor.values(), banded.values(), "u"));
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
        record(solver, 1, worst);
    }

    private static synchronized void record(String solver, int what, double difference) {
        double[] w = WORST.computeIfAbsent(solver, k -> new double[2]);
        w[what] = Math.max(w[what], difference);
    }

    static Stream<String> solvers() {
        return TestSolvers.alternatives().stream();
    }

    /** The published harmonic problem (N = 101, R = 2) in both configurations, B = 1. */
    @ParameterizedTest
    @MethodSource("solvers")
    void harmonicEqualsBanded(String solver) {
        for (NeuRlpOptions options : new NeuRlpOptions[] {NeuRlpOptions.defaults(), NeuRlpOptions.withoutSlackOrCentralRows()}) {
            OdeBatch batch = Problems.harmonic(0.1);
            Solution banded = new BandedNeuRlpSolver(options).solve(batch);
            Solution tensor = OdeSolver.named(solver, options).solve(batch);
            record(solver, 0, assertClose(tensor.values(), banded.values(), "u"));
            double[] g = new double[banded.values().length];
            java.util.Arrays.fill(g, 1.0);
            record(solver, 1, assertClose(tensor.backward(g, null).steps(), banded.backward(g, null).steps(), "dL/dh"));
        }
    }

    /** u'' = 0 without initial rows has a two-dimensional null space: a named item, no NaN. */
    @ParameterizedTest
    @MethodSource("solvers")
    void singularSystemIsIllPosed(String solver) {
        int items = 3;
        double[] c = new double[items * 3];
        for (int b = 0; b < items; b++) {
            c[b * 3 + 2] = 1.0;
        }
        OdeBatch batch = OdeBatch.builder(items, 8, 1, 2).coefficients(c, false).rhs(new double[items * 8])
                .uniformStep(0.1).build();
        assertThatThrownBy(() -> OdeSolver.named(solver, NeuRlpOptions.withoutSlackOrCentralRows()).solve(batch))
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
        WORST.forEach((solver, w) -> System.out.printf("SolversEqualBandedTest: %s against cpu, max relative difference"
                + " (to the largest magnitude): values %.2e, gradients %.2e%n", solver, w[0], w[1]));
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
