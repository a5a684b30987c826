package org.mnn.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Locale;
import java.util.Map;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.junit.jupiter.api.Test;
import org.mnn.ode.InvalidProblemException;
import org.mnn.ode.OdeBatch;
import org.mnn.ode.TimeGrid;
import org.mnn.ode.text.InitialConditions;
import org.mnn.ode.text.OdeParser;
import org.mnn.ode.text.OdeSystem;

/**
 * The nonlinear forward solve (Anderson-accelerated Gauss-Newton on the NeuRLP collocation system)
 * against Hipparchus Dormand-Prince 8(5,3) at rtol 1e-10, on Van der Pol (mu = 1, x(0) = 2,
 * x'(0) = 0) and Lorenz (sigma 10, rho 28, beta 8/3, first-order system, x0 = (-8, 8, 27)) over
 * [0, 2]. Error bounds are about 1.5x the values measured when the test was written (listed in
 * each test); the solver is deterministic.
 *
 * <p>Lorenz over [0, 2] passes close to the lobe-switching region (x near 1 at t = 1.45) and
 * is very sensitive there: at h = 0.01 and 0.005 the NeuRLP solution is off by about 1 (its
 * amplitude is 20-40), and between h = 0.0025 and 0.000625 the error falls by about 9x per
 * halving (observed order 3.1, pre-asymptotic), so that test asserts "at least second order".
 * Smaller steps hit the rounding floor of the linear solves (the iteration stalls near a relative
 * update of 3e-6 at h = 0.000625), so the asymptotic range cannot be reached on [0, 2]. Over
 * [0, 1] the observed order at the finest pair is 1.91, which is asserted to lie in [1.8, 2.2].
 */
class NonlinearSolverTest {
    private static final OdeSystem LORENZ = OdeParser.parse("""
            x' = sigma*(y - x)
            y' = x*(rho - z) - y
            z' = x*y - beta*z""", Map.of("sigma", 10.0, "rho", 28.0, "beta", 8.0 / 3));
    private static final InitialConditions LORENZ_INIT =
            InitialConditions.parse("x(0) = -8, y(0) = 8, z(0) = 27", LORENZ);
    private static final OdeSystem VDP = OdeParser.parse("x'' - mu*(1 - x^2)*x' + x = 0", Map.of("mu", 1.0));
    private static final InitialConditions VDP_INIT = InitialConditions.parse("x(0) = 2, x'(0) = 0", VDP);

    private static final NonlinearOdeSolver SOLVER = new NonlinearOdeSolver(NonlinearOptions.defaults());

    /** Max over the grid and the reference's components of |NeuRLP - DOP853|. */
    private static double error(NonlinearSolution sol, OrdinaryDifferentialEquation f, double[] y0, boolean firstOrder) {
        TimeGrid grid = sol.grid();
        double[][] ref = NonlinearReference.sample(f, y0, grid.times());
        double err = 0;
        for (int s = 0; s < grid.points(); s++) {
            for (int i = 0; i < y0.length; i++) {
                double u = firstOrder ? sol.u(s, i, 0) : sol.u(s, 0, i);
                err = Math.max(err, Math.abs(u - ref[s][i]));
            }
        }
        return err;
    }

    private static double order(double coarse, double fine) {
        return Math.log(coarse / fine) / Math.log(2);
    }

    private static void report(String name, double h, NonlinearSolution sol, double err) {
        System.out.println(String.format(Locale.ROOT, "%-8s h=%-9s error %.3e  %s", name, h, err, sol));
    }

    @Test
    void vanDerPolConvergesAtSecondOrder() {
        double[] steps = {0.01, 0.005, 0.0025};
        // measured: 1.045e-4, 2.624e-5, 6.574e-6 (orders 1.994, 1.997); 3, 3, 2 iterations
        double[] bounds = {1.6e-4, 4e-5, 1e-5};
        double[] errors = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
            NonlinearSolution sol = SOLVER.solve(VDP, VDP_INIT, TimeGrid.parse("0:2:" + steps[i]));
            errors[i] = error(sol, NonlinearReference.VAN_DER_POL, new double[] {2, 0}, false);
            report("vdp", steps[i], sol, errors[i]);
            assertThat(errors[i]).as("error at h = %s", steps[i]).isLessThan(bounds[i]);
            assertThat(sol.iterations()).isBetween(2, 6);
            assertThat(sol.windows()).isEqualTo(1);
            assertThat(sol.updateNorm()).isLessThanOrEqualTo(sol.stalled() ? 1e-5 : 1e-10);
            assertThat(sol.residualNorm()).isLessThan(1e-6);
            assertThat(sol.initialDeviation()).isLessThan(1e-6);
        }
        assertThat(order(errors[1], errors[2])).isBetween(1.8, 2.2);
        assertThat(order(errors[0], errors[1])).isBetween(1.8, 2.2);
    }

    @Test
    void lorenzOverTwoConvergesAtLeastAtSecondOrder() {
        double[] steps = {0.01, 0.005, 0.0025, 0.00125, 0.000625};
        // measured: 1.068, 0.8875, 4.768e-2, 5.169e-3, 5.914e-4; 15, 15, 14, 11, 9 iterations
        double[] bounds = {1.6, 1.3, 7e-2, 8e-3, 9e-4};
        double[] errors = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
            NonlinearSolution sol = SOLVER.solve(LORENZ, LORENZ_INIT, TimeGrid.parse("0:2:" + steps[i]));
            errors[i] = error(sol, NonlinearReference.LORENZ, new double[] {-8, 8, 27}, true);
            report("lorenz", steps[i], sol, errors[i]);
            assertThat(errors[i]).as("error at h = %s", steps[i]).isLessThan(bounds[i]);
            assertThat(sol.iterations()).as("iterations at h = %s", steps[i]).isBetween(3, 25);
            assertThat(sol.totalIterations()).isGreaterThanOrEqualTo(sol.iterations());
            assertThat(sol.updateNorm()).isLessThanOrEqualTo(1e-5);
        }
        // the resolved range: h <= 0.0025
        assertThat(order(errors[2], errors[3])).isGreaterThan(1.8);
        assertThat(order(errors[3], errors[4])).isGreaterThan(1.8);
    }

    @Test
    void lorenzOverOneConvergesAtSecondOrder() {
        double[] steps = {0.0025, 0.00125, 0.000625};
        // measured: 5.625e-3, 1.635e-3, 4.360e-4 (orders 1.78, 1.91)
        double[] errors = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
            NonlinearSolution sol = SOLVER.solve(LORENZ, LORENZ_INIT, TimeGrid.parse("0:1:" + steps[i]));
            errors[i] = error(sol, NonlinearReference.LORENZ, new double[] {-8, 8, 27}, true);
            report("lorenz1", steps[i], sol, errors[i]);
        }
        assertThat(errors[0]).isLessThan(8.5e-3);
        assertThat(errors[2]).isLessThan(6.5e-4);
        assertThat(order(errors[1], errors[2])).isBetween(1.8, 2.2);
    }

    /**
     * Van der Pol with mu = 1000 at h = 0.01: the explicit Runge-Kutta guess explodes (h*lambda
     * about -30), is cut off and the last point held; the iteration still converges on the whole
     * grid, stepping over the unresolved initial layer (width about 3e-4) onto the slow manifold
     * with a constant offset of 4e-5 in x.
     */
    @Test
    void stiffVanDerPolConvergesFromAHeldGuess() {
        OdeSystem stiff = OdeParser.parse("x'' - mu*(1 - x^2)*x' + x = 0", Map.of("mu", 1000.0));
        NonlinearSolution sol = SOLVER.solve(stiff, InitialConditions.parse("x(0) = 2, x'(0) = 0", stiff),
                TimeGrid.parse("0:3:0.01"));
        OrdinaryDifferentialEquation f = new OrdinaryDifferentialEquation() {
            @Override public int getDimension() { return 2; }
            @Override public double[] computeDerivatives(double t, double[] y) {
                return new double[] {y[1], 1000 * (1 - y[0] * y[0]) * y[1] - y[0]};
            }
        };
        double[][] ref = NonlinearReference.sample(f, new double[] {2, 0}, new double[] {0, 1, 2, 3});
        report("stiff", 0.01, sol, Math.abs(sol.u(300, 0, 0) - ref[3][0]));
        assertThat(sol.windows()).isEqualTo(1);
        assertThat(sol.iterations()).isLessThan(20);
        for (int i = 1; i <= 3; i++) {
            // measured: 4.28e-5 at t = 1, 2, 3 (the offset picked up across the unresolved layer)
            assertThat(sol.u(100 * i, 0, 0)).isCloseTo(ref[i][0], within(7e-5));
            assertThat(sol.u(100 * i, 0, 1)).isCloseTo(ref[i][1], within(1e-6));
        }
    }

    @Test
    void tooFewIterationsFailClearly() {
        NonlinearOdeSolver oneStep = new NonlinearOdeSolver(NonlinearOptions.defaults().withMaxIterations(1));
        assertThatThrownBy(() -> oneStep.solve(LORENZ, LORENZ_INIT, TimeGrid.parse("0:2:0.01")))
                .isInstanceOfSatisfying(NonConvergenceException.class, e -> {
                    assertThat(e.iterations()).isEqualTo(1);
                    assertThat(e.updateNorm()).isGreaterThan(1e-10).isFinite();
                    assertThat(e.variable()).isBetween(0, 2);
                    assertThat(e.time()).isBetween(0.0, 2.0);
                    assertThat(e.getMessage())
                            .contains("after 1 iteration;")
                            .contains("last relative update")
                            .containsPattern("largest in [xyz]'? at t = ")
                            .contains("more iterations (limit 1)");
                });
    }

    @Test
    void blowUpFailsClearly() {
        // x' = x^2, x(0) = 1: x = 1/(1 - t) blows up at t = 1
        OdeSystem blowUp = OdeParser.parse("x' = x^2");
        InitialConditions init = InitialConditions.parse("x(0) = 1", blowUp);
        assertThatThrownBy(() -> SOLVER.solve(blowUp, init, TimeGrid.parse("0:2:0.01")))
                .isInstanceOfSatisfying(NonConvergenceException.class, e -> {
                    assertThat(e.solvedUntil()).isBetween(0.5, 1.0);
                    assertThat(e.windowEnd()).isLessThanOrEqualTo(1.0);
                    assertThat(e.getMessage())
                            .contains("misses the initial value of x")
                            .contains("does not resolve the solution")
                            .contains("converged up to t = ")
                            .doesNotContain("ill-conditioned");
                });
    }

    @Test
    void iterationsAndResidualAreReported() {
        NonlinearSolution sol = SOLVER.solve(LORENZ, LORENZ_INIT, TimeGrid.parse("0:1:0.0025"));
        assertThat(sol.iterations()).isGreaterThan(1);
        assertThat(sol.windows()).isEqualTo(1);
        assertThat(sol.totalIterations()).isEqualTo(sol.iterations());
        assertThat(sol.residualNorm()).isPositive().isLessThan(1e-3);
        assertThat(sol.maxResidual()).isPositive().isLessThanOrEqualTo(sol.residualNorm());
        assertThat(sol.toString()).contains(sol.iterations() + " iterations");
        // the solution is the last linear solve: u' matches the equations at the grid points
        for (int s = 0; s < sol.grid().points(); s += 50) {
            double x = sol.u(s, 0, 0);
            double y = sol.u(s, 1, 0);
            assertThat(sol.u(s, 0, 1)).isCloseTo(10 * (y - x), within(1e-3));
        }
    }

    // ---- linear systems through the same entry point -----------------------------------------

    private static final OdeSystem LINEAR = OdeParser.parse("x'' + 0.5*x' + (1 + 0.3*sin(t))*x = cos(t)");
    private static final InitialConditions LINEAR_INIT = InitialConditions.parse("x(0) = 1, x'(0) = 0", LINEAR);

    @Test
    void linearSystemIsOneExactSolve() {
        TimeGrid grid = TimeGrid.parse("0:5:0.01");
        NonlinearSolution sol = SOLVER.solve(LINEAR, LINEAR_INIT, grid);
        Solution direct = OdeSolver.create(NonlinearOptions.defaults().neuRlp()).solve(ImplicitOdeBatches.linear(LINEAR, LINEAR_INIT, grid));
        assertThat(sol.iterations()).isEqualTo(1);
        assertThat(sol.updateNorm()).isZero();
        assertThat(sol.solution().values()).containsExactly(direct.values());
    }

    /** The same linear system hidden behind isLinear() = false goes through the iteration. */
    @Test
    void linearSystemThroughTheIterationEqualsTheDirectSolve() {
        ImplicitOde hidden = new ImplicitOde() {
            @Override public int dims() { return LINEAR.dims(); }
            @Override public int equations() { return LINEAR.equations(); }
            @Override public int order(int d) { return LINEAR.order(d); }
            @Override public double residual(int e, double t, double[][] u) { return LINEAR.residual(e, t, u); }
            @Override public void gradient(int e, double t, double[][] u, double[][] out) { LINEAR.gradient(e, t, u, out); }
        };
        TimeGrid grid = TimeGrid.parse("0:5:0.01");
        NonlinearSolution sol = SOLVER.solve(hidden, LINEAR_INIT, grid);
        Solution direct = OdeSolver.create(NonlinearOptions.defaults().neuRlp()).solve(ImplicitOdeBatches.linear(LINEAR, LINEAR_INIT, grid));
        assertThat(sol.iterations()).isBetween(1, 2);
        double[] a = sol.solution().values();
        double[] b = direct.values();
        double scale = 0;
        for (double v : b) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("value %d", i).isCloseTo(b[i], within(1e-12 * scale));
        }
    }

    @Test
    void linearBatchHasGradientCoefficientsAndNegatedResidualRhs() {
        TimeGrid grid = TimeGrid.of(0, 0.1, 0.25, 0.5);
        OdeBatch batch = ImplicitOdeBatches.linear(LINEAR, LINEAR_INIT, grid);
        assertThat(batch.batch()).isEqualTo(1);
        assertThat(batch.points()).isEqualTo(4);
        assertThat(batch.order()).isEqualTo(2);
        assertThat(batch.initialSteps()).isEqualTo(1);
        assertThat(batch.initialOrder(0)).isEqualTo(2);
        assertThat(batch.initialValues()).containsExactly(1, 0);
        assertThat(batch.steps()).containsExactly(0.1, 0.15, 0.25);
        for (int s = 0; s < 4; s++) {
            double t = grid.time(s);
            assertThat(batch.coefficient(0, s, 0, 0, 2)).isEqualTo(1);
            assertThat(batch.coefficient(0, s, 0, 0, 1)).isEqualTo(0.5);
            assertThat(batch.coefficient(0, s, 0, 0, 0)).isCloseTo(1 + 0.3 * Math.sin(t), within(1e-15));
            assertThat(batch.rhs()[batch.rhsIndex(0, s, 0)]).isCloseTo(Math.cos(t), within(1e-15));
        }
    }

    @Test
    void initialTimeMustBeTheGridStart() {
        InitialConditions late = InitialConditions.parse("x(1) = 1, x'(1) = 0", LINEAR);
        assertThatThrownBy(() -> SOLVER.solve(LINEAR, late, TimeGrid.parse("0:2:0.1")))
                .isInstanceOf(InvalidProblemException.class)
                .hasMessageContaining("initial conditions are given at t = 1.0")
                .hasMessageContaining("grid starts at t = 0.0");
        assertThatThrownBy(() -> ImplicitOdeBatches.linear(LINEAR, late, TimeGrid.parse("0:2:0.1")))
                .isInstanceOf(InvalidProblemException.class);
        // the same time up to rounding of the grid is fine
        assertThat(SOLVER.solve(LINEAR, late, TimeGrid.parse("1:2:0.1")).iterations()).isEqualTo(1);
    }
}
