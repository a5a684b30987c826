package org.mnn.solver;

import static java.lang.Math.cos;
import static java.lang.Math.sin;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mnn.ode.OdeBatch;

/**
 * NeuRLP (default options: slack with alpha = 0, central rows) against Hipparchus's
 * Dormand-Prince 8(5,3) at rtol 1e-10, atol 1e-12, on linear ODEs with time-varying coefficients:
 * scalar orders 1..4, coupled systems with D = 2, 3 of orders 1 and 2, on uniform, smoothly graded
 * and random grids. Each case is solved at 50, 100, 200 and 400 steps over a fixed interval (uneven
 * grids are refined by inserting midpoints); the max error over the grid of u and u' must fall at
 * second order between 200 and 400 steps (log2 of the error ratio in [1.8, 2.2]; coarser pairs,
 * max h up to 0.26, only above 1.5), and the finest error must stay below a bound (about 2x the
 * value observed when the test was written). The reference is checked against a tighter
 * integration (rtol 1e-13) to be at least 1000x more accurate than the solver it judges.
 *
 * <p>Finer grids are deliberately not used: for R = 4 the solver loses accuracy below h = 0.02
 * (normal-equation conditioning); two disabled tests at the end reproduce that defect.
 */
class HipparchusReferenceTest {
    private static final double RTOL = 1e-10;
    private static final double ATOL = 1e-12;
    private static final int BASE_STEPS = 50;
    private static final int REFINEMENTS = 3;
    private static final double T0 = 0;
    private static final double T1 = 8;

    enum Grid { UNIFORM, GRADED, RANDOM }

    // ---- the cases --------------------------------------------------------------------------

    /** (2 + 0.5 sin t) u' + (1 + 0.3 cos t) u = cos 3t + 0.5, u(0) = 1. */
    static final LinearOdeReference ORDER1 = new LinearOdeReference("R=1 scalar", 1, 1, T0, T1,
            (t, e, d, k) -> k == 1 ? 2 + 0.5 * sin(t) : 1 + 0.3 * cos(t),
            (t, e) -> cos(3 * t) + 0.5,
            new double[][] {{1}});

    /** (1.5 + 0.2 cos t) u'' + (0.5 + 0.3 sin t) u' + (1 + 0.5 cos t) u = sin 2t, u = 1, u' = 0. */
    static final LinearOdeReference ORDER2 = new LinearOdeReference("R=2 scalar", 1, 2, T0, T1,
            (t, e, d, k) -> switch (k) {
                case 2 -> 1.5 + 0.2 * cos(t);
                case 1 -> 0.5 + 0.3 * sin(t);
                default -> 1 + 0.5 * cos(t);
            },
            (t, e) -> sin(2 * t),
            new double[][] {{1, 0}});

    /** Frozen in time near s^3 + 0.9 s^2 + 1.7 s + 0.75 = (s + 0.5)(s^2 + 0.4 s + 1.5): stable. */
    static final LinearOdeReference ORDER3 = new LinearOdeReference("R=3 scalar", 1, 3, T0, T1,
            (t, e, d, k) -> switch (k) {
                case 3 -> 1 + 0.2 * sin(0.5 * t);
                case 2 -> 0.9 + 0.1 * cos(t);
                case 1 -> 1.7 + 0.2 * sin(1.3 * t);
                default -> 0.75 + 0.1 * cos(0.7 * t);
            },
            (t, e) -> cos(1.5 * t),
            new double[][] {{1, 0, -0.5}});

    /** Frozen in time near (s^2 + 0.6 s + 1)(s^2 + 0.8 s + 2.25): stable. */
    static final LinearOdeReference ORDER4 = new LinearOdeReference("R=4 scalar", 1, 4, T0, T1,
            (t, e, d, k) -> switch (k) {
                case 4 -> 1 + 0.1 * cos(t);
                case 3 -> 1.4 + 0.1 * sin(t);
                case 2 -> 3.73 + 0.2 * cos(0.8 * t);
                case 1 -> 2.15 + 0.1 * sin(1.1 * t);
                default -> 2.25 + 0.1 * cos(0.6 * t);
            },
            (t, e) -> sin(t) + 0.5 * cos(2 * t),
            new double[][] {{0.5, 1, 0, -1}});

    /** M(t) u' + K(t) u = f(t): a damped rotation with a non-diagonal, time-varying M. */
    static final LinearOdeReference SYSTEM2_ORDER1 = new LinearOdeReference("D=2 R=1", 2, 1, T0, T1,
            (t, e, d, k) -> k == 1
                    ? new double[][] {{1.2 + 0.1 * sin(t), 0.2}, {-0.1, 1 + 0.2 * cos(t)}}[e][d]
                    : new double[][] {{0.3 + 0.1 * cos(t), -1}, {1 + 0.2 * sin(t), 0.2}}[e][d],
            (t, e) -> e == 0 ? sin(t) : 0.5 * cos(2 * t),
            new double[][] {{1}, {0}});

    /** M(t) u'' + C(t) u' + K(t) u = f(t): two coupled damped oscillators. */
    static final LinearOdeReference SYSTEM2_ORDER2 = new LinearOdeReference("D=2 R=2", 2, 2, T0, T1,
            (t, e, d, k) -> switch (k) {
                case 2 -> new double[][] {{1 + 0.2 * sin(t), 0.1}, {0.1 * cos(t), 1.5}}[e][d];
                case 1 -> new double[][] {{0.3, 0.05}, {0, 0.2 + 0.1 * sin(t)}}[e][d];
                default -> new double[][] {{2 + 0.3 * cos(t), -0.8}, {-0.8, 1.5 + 0.2 * sin(2 * t)}}[e][d];
            },
            (t, e) -> e == 0 ? cos(1.7 * t) : 0,
            new double[][] {{1, 0}, {0, 0.5}});

    /** M(t) u' + K(t) u = f(t) in three dimensions, all coupled. */
    static final LinearOdeReference SYSTEM3_ORDER1 = new LinearOdeReference("D=3 R=1", 3, 1, T0, T1,
            (t, e, d, k) -> k == 1
                    ? (e == d ? 1 + 0.1 * (d + 1) * sin(t + d) : 0.1 * cos(t + e - d))
                    : new double[][] {
                        {0.2, -1, 0.3},
                        {1, 0.3, -0.5 + 0.1 * cos(t)},
                        {-0.2, 0.5, 0.4 + 0.1 * sin(t)}}[e][d],
            (t, e) -> e == 0 ? sin(t) : e == 1 ? cos(t) : 0.3,
            new double[][] {{1}, {-0.5}, {0.25}});

    /** M(t) u'' + C(t) u' + K(t) u = f(t): a chain of three masses and springs. */
    static final LinearOdeReference SYSTEM3_ORDER2 = new LinearOdeReference("D=3 R=2", 3, 2, T0, T1,
            (t, e, d, k) -> switch (k) {
                case 2 -> e == d ? 1 + 0.1 * sin(t + d) : 0.05 * (e + d);
                case 1 -> e == d ? 0.2 + 0.05 * cos(t) : (e < d ? 0.05 : -0.05);
                default -> new double[][] {
                    {2 + 0.2 * cos(t), -1, 0},
                    {-1, 2, -1 + 0.1 * sin(t)},
                    {0, -1 + 0.1 * sin(t), 2 + 0.2 * sin(0.5 * t)}}[e][d];
            },
            (t, e) -> e == 0 ? sin(1.3 * t) : e == 2 ? 0.5 * cos(t) : 0,
            new double[][] {{1, 0}, {0, 0}, {-1, 0.5}});

    static final List<LinearOdeReference> CASES = List.of(ORDER1, ORDER2, ORDER3, ORDER4,
            SYSTEM2_ORDER1, SYSTEM2_ORDER2, SYSTEM3_ORDER1, SYSTEM3_ORDER2);

    /**
     * Bounds on the max error of u and u' at the finest resolution (400 steps), per case and grid
     * (uniform, graded, random): about twice the errors observed when the test was written
     * (e.g. uniform grid, R = 1: 1.26e-4 and 9.24e-5; the test prints every observed value).
     */
    private static final double[][][] FINEST_BOUNDS = {
        {{2.6e-4, 1.9e-4}, {4.9e-4, 3.5e-4}, {6.3e-4, 4.7e-4}},   // R=1 scalar
        {{3.3e-4, 3.6e-4}, {4.9e-4, 5.8e-4}, {3.5e-4, 7.4e-4}},   // R=2 scalar
        {{5.7e-4, 8.8e-4}, {9.9e-4, 1.4e-3}, {6.8e-4, 1.1e-3}},   // R=3 scalar
        {{6.7e-4, 1.1e-3}, {1.2e-3, 1.7e-3}, {8.4e-4, 1.4e-3}},   // R=4 scalar
        {{1.1e-3, 8.2e-4}, {1.7e-3, 1.9e-3}, {1.4e-3, 1.3e-3}},   // D=2 R=1
        {{2.7e-3, 3.3e-3}, {4.6e-3, 5.1e-3}, {3.2e-3, 4.2e-3}},   // D=2 R=2
        {{8.4e-4, 1.1e-3}, {1.7e-3, 1.8e-3}, {1.3e-3, 1.9e-3}},   // D=3 R=1
        {{2.3e-3, 3.6e-3}, {2.7e-3, 4.6e-3}, {2.9e-3, 4.8e-3}},   // D=3 R=2
    };

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int i = 0; i < CASES.size(); i++) {
            for (Grid g : Grid.values()) {
                double[] bound = FINEST_BOUNDS[i][g.ordinal()];
                out.add(Arguments.of(CASES.get(i), g, bound[0], bound[1]));
            }
        }
        return out.stream();
    }

    // ---- the tests --------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} on a {1} grid")
    @MethodSource("cases")
    void convergesAtSecondOrderToHipparchus(LinearOdeReference ode, Grid grid, double boundU, double boundDu) {
        LinearOdeReference.Trajectory ref = ode.integrate(RTOL, ATOL);
        ConvergenceTable t = convergence(ode, ref, baseGrid(grid), REFINEMENTS + 1,
                new BandedNeuRlpSolver(NeuRlpOptions.defaults()));

        // the reference must be far more accurate than what it checks: compare it with a
        // tighter integration on the finest grid
        LinearOdeReference.Trajectory tight = ode.integrate(1e-13, 1e-15);
        double refErr = 0;
        for (double tk : t.finestTimes) {
            double[][] a = ref.valueAndSlope(tk);
            double[][] b = tight.valueAndSlope(tk);
            for (int d = 0; d < ode.dims; d++) {
                refErr = Math.max(refErr, Math.max(Math.abs(a[d][0] - b[d][0]), Math.abs(a[d][1] - b[d][1])));
            }
        }
        String table = t.format(ode, grid) + String.format(Locale.ROOT,
                "  reference self-check: |DOP853(rtol 1e-10) - DOP853(rtol 1e-13)| = %.1e on the finest grid%n", refErr);
        System.out.print(table);
        int last = t.levels - 1;
        assertThat(refErr).as("reference accuracy%s", table)
                .isLessThan(1e-3 * Math.min(t.errU[last], t.errDu[last]));

        // the finest pair (200 -> 400 steps) must be second order; every coarser pair at least
        // clearly superlinear (the coarsest grids, max h up to 0.26, are not yet asymptotic)
        double[] orderU = t.orders(t.errU);
        double[] orderDu = t.orders(t.errDu);
        int p = orderU.length - 1;
        assertThat(orderU[p]).as("order of u, finest pair%s", table).isBetween(1.8, 2.2);
        assertThat(orderDu[p]).as("order of u', finest pair%s", table).isBetween(1.8, 2.2);
        for (int q = 0; q < p; q++) {
            assertThat(orderU[q]).as("order of u, pair %d%s", q, table).isGreaterThan(1.5);
            assertThat(orderDu[q]).as("order of u', pair %d%s", q, table).isGreaterThan(1.5);
        }
        assertThat(t.errU[last]).as("max error of u at the finest grid%s", table).isLessThan(boundU);
        assertThat(t.errDu[last]).as("max error of u' at the finest grid%s", table).isLessThan(boundDu);
    }

    /**
     * R = 4 at small steps. Without iterative refinement the normal equations lose the solution
     * below h = 0.02 (observed on [0, 8]: 400 steps 3.3e-4, 800 steps 3.5e-3, 1600 steps 8.7e-2);
     * with the automatic refinement of R &gt;= 3 it stays second order (3.3e-4, 8.3e-5, 2.1e-5).
     */
    @Test
    void order4StaysSecondOrderAtSmallSteps() {
        ConvergenceTable t = convergence(ORDER4, ORDER4.integrate(RTOL, ATOL),
                LinearOdeReference.uniformGrid(T0, T1, 400), 3, new BandedNeuRlpSolver(NeuRlpOptions.defaults()));
        String table = t.format(ORDER4, Grid.UNIFORM);
        System.out.print(table);
        for (double o : t.orders(t.errU)) {
            assertThat(o).as("order of u%s", table).isBetween(1.8, 2.2);
        }
    }

    /**
     * The same without a reference integrator: the banded solve must agree with the least-squares
     * solution of its own rows, computed by Householder QR of the weighted rows A itself (no
     * normal equations). R = 4 on [0, 2], h = 0.01: without refinement the two differed by
     * 1.2e-4 in u and 5.5e-4 in u'; with it, by 3e-11.
     */
    @Test
    void order4BandedSolveMatchesItsLeastSquaresProblem() {
        OdeBatch batch = ORDER4.batch(LinearOdeReference.uniformGrid(0, 2, 200));
        NeuRlpOptions options = NeuRlpOptions.defaults();
        Solution banded = new BandedNeuRlpSolver(options).solve(batch);
        double[] exact = leastSquaresByQr(batch, options);
        double[] diff = new double[2];
        for (int s = 0; s < batch.points(); s++) {
            for (int k = 0; k <= 1; k++) {
                diff[k] = Math.max(diff[k], Math.abs(banded.u(0, s, 0, k) - exact[banded.index(0, s, 0, k)]));
            }
        }
        System.out.printf(Locale.ROOT, "R=4, h=0.01: max |banded - QR| = %.2e (u), %.2e (u')%n", diff[0], diff[1]);
        assertThat(diff[0]).as("max |banded - QR| of u").isLessThan(1e-7);
        assertThat(diff[1]).as("max |banded - QR| of u'").isLessThan(1e-7);
    }

    /** Solves min ||W^(1/2)(A z - beta)|| for item 0 by Householder QR of the weighted rows. */
    private static double[] leastSquaresByQr(OdeBatch batch, NeuRlpOptions options) {
        NeuRlpRows rows = new NeuRlpRows(batch, options);
        int n = rows.unknowns();
        int perItem = batch.points() * batch.blockSize();
        RowBuffer buf = rows.newBuffer();
        List<double[]> a = new ArrayList<>();
        List<Double> rhs = new ArrayList<>();
        for (int s = 0; s < batch.points(); s++) {
            rows.rowsEndingAt(0, s, buf);
            for (int r = 0; r < buf.count; r++) {
                double[] row = new double[n];
                double sw = Math.sqrt(buf.weight[r]);
                for (int q = 0; q < buf.nnz[r]; q++) {
                    row[buf.col[r * buf.stride + q]] += sw * buf.val[r * buf.stride + q];
                }
                if (buf.slack[r]) {
                    row[perItem] += sw;
                }
                a.add(row);
                rhs.add(sw * buf.rhs[r]);
            }
        }
        RealVector x = new QRDecomposition(new Array2DRowRealMatrix(a.toArray(new double[0][]), false), 0)
                .getSolver().solve(new ArrayRealVector(rhs.stream().mapToDouble(Double::doubleValue).toArray()));
        return x.toArray();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static double[] baseGrid(Grid grid) {
        return switch (grid) {
            case UNIFORM -> LinearOdeReference.uniformGrid(T0, T1, BASE_STEPS);
            case GRADED -> LinearOdeReference.gradedGrid(T0, T1, BASE_STEPS);
            case RANDOM -> LinearOdeReference.randomGrid(T0, T1, BASE_STEPS, 20240611L);
        };
    }

    /** Max errors of u and u' against the reference on a grid and its midpoint refinements. */
    private static ConvergenceTable convergence(LinearOdeReference ode, LinearOdeReference.Trajectory ref,
                                                double[] times, int levels, OdeSolver solver) {
        ConvergenceTable t = new ConvergenceTable(levels, times.length - 1);
        for (int level = 0; level < levels; level++) {
            if (level > 0) {
                times = LinearOdeReference.refine(times);
            }
            Solution sol = solver.solve(ode.batch(times));
            t.h[level] = LinearOdeReference.maxStep(times);
            for (int s = 0; s < times.length; s++) {
                double[][] r = ref.valueAndSlope(times[s]);
                for (int d = 0; d < ode.dims; d++) {
                    t.errU[level] = Math.max(t.errU[level], Math.abs(sol.u(0, s, d, 0) - r[d][0]));
                    t.errDu[level] = Math.max(t.errDu[level], Math.abs(sol.u(0, s, d, 1) - r[d][1]));
                }
            }
        }
        t.finestTimes = times;
        return t;
    }

    private static final class ConvergenceTable {
        final int levels;
        final int baseSteps;
        final double[] h;
        final double[] errU;
        final double[] errDu;
        double[] finestTimes;

        ConvergenceTable(int levels, int baseSteps) {
            this.levels = levels;
            this.baseSteps = baseSteps;
            h = new double[levels];
            errU = new double[levels];
            errDu = new double[levels];
        }

        /** log2(err(h) / err(h/2)) for consecutive levels. */
        double[] orders(double[] err) {
            double[] o = new double[err.length - 1];
            for (int i = 0; i < o.length; i++) {
                o[i] = Math.log(err[i] / err[i + 1]) / Math.log(2);
            }
            return o;
        }

        String format(LinearOdeReference ode, Grid grid) {
            double[] orderU = orders(errU);
            double[] orderDu = orders(errDu);
            StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                    "%n%s, %s grid, t in [%g, %g] (NeuRLP defaults vs DOP853 rtol %g, atol %g)%n"
                            + "  steps   max h       err u       order   err u'      order%n",
                    ode.name, grid.name().toLowerCase(Locale.ROOT), ode.t0, ode.t1, RTOL, ATOL));
            for (int level = 0; level < levels; level++) {
                table.append(String.format(Locale.ROOT, "  %5d   %.4e  %.4e  %s  %.4e  %s%n",
                        baseSteps << level, h[level], errU[level],
                        level == 0 ? "     " : String.format(Locale.ROOT, "%5.3f", orderU[level - 1]),
                        errDu[level],
                        level == 0 ? "     " : String.format(Locale.ROOT, "%5.3f", orderDu[level - 1])));
            }
            return table.toString();
        }
    }
}
