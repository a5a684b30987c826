package org.mnn.solver;

import java.util.Arrays;
import org.mnn.ode.TimeGrid;

/**
 * Forward solution of a nonlinear {@link ImplicitOde} G(t, u) = 0 with NeuRLP by iterated
 * linearisation (Gauss-Newton on the least-squares collocation system).
 *
 * <h2>Iteration</h2>
 * Around the current iterate u* every equation row is replaced by its linearisation
 * {@code c = dG/du(u*)}, {@code b = c.u* - G(u*)} ({@link ImplicitOdeBatches#linearised}); the
 * Taylor and initial rows are linear already. The NeuRLP solution Phi(u*) of that linear
 * time-varying problem is the Gauss-Newton step; its fixed points are the NeuRLP solutions of
 * the nonlinear problem (second order in h, like the linear solver). A linear system
 * ({@link ImplicitOde#isLinear()}) is solved once, exactly.
 *
 * <p>Plain Gauss-Newton is not enough: the collocation least-squares problem is overdetermined,
 * so its residual is not zero at the solution and Gauss-Newton converges only linearly; on
 * Lorenz (sigma 10, rho 28, beta 8/3, over [0, 2]) one smooth, global error mode contracts by
 * about 0.67 per step at h = 0.01, and with a longer window it grows instead. The iteration is
 * therefore accelerated with {@link AndersonMixing} (depth 5) on the fixed-point map u = Phi(u),
 * which handles a few slow or unstable modes like GMRES would: Lorenz converges in about 15
 * solves at h = 0.01, Van der Pol in 2 or 3.
 *
 * <p><b>Stopping.</b> The update is {@code max|Phi(u) - u| / max|Phi(u)|} over all steps, variables
 * and derivatives up to each variable's order. The run stops when it is at most
 * {@link NonlinearOptions#tolerance()}. Unrefined linear solves carry rounding noise that grows
 * quickly as h shrinks (normal equations; with R = 1 the central rows scale as 1/h): on Lorenz the
 * update then stops decreasing near 5e-8 at h = 0.0025 and 3e-6 at h = 0.000625. The default
 * options refine every linear solve, and the updates reach 1e-13 down to h = 1.6e-4; as a
 * safeguard for other settings, when the update has not
 * halved for 4 iterations and its smallest value is at most
 * {@link NonlinearOptions#stallTolerance()}, the best iterate is accepted and
 * {@link NonlinearSolution#stalled()} says so; without progress for 8 iterations the run fails.
 *
 * <p><b>Acceptance.</b> A converged run is rejected when the least-squares fit gave way on the
 * initial values by more than {@link NonlinearOptions#initialTolerance()} (relative): that
 * happens when the grid does not resolve the solution. For x' = x^2, x(0) = 1 on [0, 2] the
 * iteration does converge, to a smooth curve through x(0) = 0.48 that blows up only after t = 2;
 * the check turns this into a clear failure.
 *
 * <h2>Starting guess: Runge-Kutta, with continuation in time as the fallback</h2>
 * A constant guess diverges on chaotic or strongly nonlinear problems. The first guess is the
 * classical 4th-order Runge-Kutta solution on the same grid, with the top derivatives obtained
 * from G(t, u) = 0 by a small Newton solve at every stage (so implicit forms such as
 * {@code (1 + x^2) x'' = ...} work). Its error is O(h^4), far below the O(h^2) distance to the
 * NeuRLP solution, so the iteration starts close to the fixed point it should find (the nonlinear
 * least-squares problem can have several) at the cost of one cheap explicit pass.
 *
 * <p>The Runge-Kutta guess can be poor where the explicit pass is unstable (stiff problems with a
 * large step), where it cannot be formed (dG/d(top derivatives) singular), near a blow-up, or far
 * into a chaotic trajectory. So the solve is organised as <b>continuation in time</b>: a run on
 * the grid prefix [t_0, t_m] that fails (no convergence, a non-finite value, a singular
 * linearised system, or the acceptance check) is retried on a window with half the extension
 * beyond the last accepted prefix; after a success the prefix is kept, the extension doubles,
 * and the new part of the guess is a Runge-Kutta pass from the accepted state at the end of the
 * prefix. When the first, whole-grid run succeeds (the usual case) this costs nothing extra. If
 * even a one-step extension fails, {@link NonConvergenceException} reports the last run. Every
 * window starts at t_0 with the same initial rows, so the last run is the iteration on the whole
 * collocation system.
 */
public final class NonlinearOdeSolver {
    private static final int ANDERSON_DEPTH = 5;
    private static final int STALL = 4;
    /** The Runge-Kutta guess stops (and the last point is held) once the state grows 100-fold. */
    private static final double RK_GROWTH = 100;

    private final NonlinearOptions options;
    private final OdeSolver linear;

    public NonlinearOdeSolver(NonlinearOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options: null");
        }
        this.options = options;
        this.linear = OdeSolver.named(options.solver(), options.neuRlp());
    }

    public NonlinearOptions options() {
        return options;
    }

    /**
     * Solves G(t, u) = 0 with the given initial values on the grid (which must start at the
     * initial time).
     *
     * @throws org.mnn.ode.InvalidProblemException for inconsistent input
     * @throws NonConvergenceException when Gauss-Newton fails even on the shortest window
     * @throws IllPosedProblemException when a linear system is singular
     */
    public NonlinearSolution solve(ImplicitOde ode, InitialValues initial, TimeGrid grid) {
        ImplicitOdeBatches.validate(ode, initial, grid);
        if (ode.isLinear()) {
            Solution sol = linear.solve(ImplicitOdeBatches.linear(ode, initial, grid));
            double[] res = residuals(ode, grid, sol.values(), grid.points());
            return new NonlinearSolution(sol, grid, 1, 1, 1, 0.0, false, 0.0, res[0], res[1]);
        }
        return new Run(ode, initial, grid).solve();
    }

    /** {2-norm, max-norm} of G_e(t_s, u_s) over the first {@code points} steps. */
    static double[] residuals(ImplicitOde ode, TimeGrid grid, double[] values, int points) {
        int dims = ode.dims();
        int r1 = ode.maxOrder() + 1;
        double[][] u = new double[dims][r1];
        double sum = 0;
        double max = 0;
        for (int s = 0; s < points; s++) {
            for (int d = 0; d < dims; d++) {
                System.arraycopy(values, (s * dims + d) * r1, u[d], 0, r1);
            }
            for (int e = 0; e < ode.equations(); e++) {
                double g = Math.abs(ode.residual(e, grid.time(s), u));
                sum += g * g;
                max = Math.max(max, g);
            }
        }
        return new double[] {Math.sqrt(sum), max};
    }

    /** The outcome of one Gauss-Newton run on a window. */
    private static final class Attempt {
        boolean converged;
        String reason;
        Solution solution;
        int iterations;
        double update = Double.NaN;
        int worstStep = -1;
        int worstDim = -1;
        int worstOrder = -1;
        boolean stalled;
        boolean initialFailure;
        double deviation;
        RuntimeException cause;

        Attempt copy() {
            Attempt c = new Attempt();
            c.converged = converged;
            c.reason = reason;
            c.solution = solution;
            c.iterations = iterations;
            c.update = update;
            c.worstStep = worstStep;
            c.worstDim = worstDim;
            c.worstOrder = worstOrder;
            c.stalled = stalled;
            c.initialFailure = initialFailure;
            c.deviation = deviation;
            c.cause = cause;
            return c;
        }
    }

    /** One solve: the state shared by the continuation windows. */
    private final class Run {
        private final ImplicitOde ode;
        private final InitialValues initial;
        private final TimeGrid grid;
        private final int dims;
        private final int order;
        private final int r1;
        private final int block;
        private final int[] orders;
        private final TopSolver top;
        /** Which entries of a step block are iterated: derivatives up to each variable's order. */
        private final boolean[] active;
        /** Converged values on [0, solved] (and the initial point), [N][D][R+1]. */
        private final double[] base;

        Run(ImplicitOde ode, InitialValues initial, TimeGrid grid) {
            this.ode = ode;
            this.initial = initial;
            this.grid = grid;
            this.dims = ode.dims();
            this.order = ode.maxOrder();
            this.r1 = order + 1;
            this.block = dims * r1;
            this.orders = new int[dims];
            for (int d = 0; d < dims; d++) {
                orders[d] = ode.order(d);
            }
            this.active = new boolean[block];
            for (int d = 0; d < dims; d++) {
                for (int k = 0; k <= orders[d]; k++) {
                    active[d * r1 + k] = true;
                }
            }
            this.top = ode.equations() == dims ? new TopSolver(ode, orders, r1) : null;
            this.base = new double[Math.multiplyExact(grid.points(), block)];
        }

        NonlinearSolution solve() {
            int last = grid.points() - 1;
            startPoint();
            int solved = 0;
            int extension = last;
            int total = 0;
            int windows = 0;
            while (true) {
                int end = Math.min(last, solved + extension);
                double[] guess = Arrays.copyOf(base, (end + 1) * block);
                rungeKutta(guess, solved, end);
                Attempt a = gaussNewton(guess, end + 1);
                windows++;
                total += a.iterations;
                if (a.converged) {
                    accept(a);
                }
                if (a.converged) {
                    double[] values = a.solution.values();
                    if (end == last) {
                        double[] res = residuals(ode, grid, values, grid.points());
                        return new NonlinearSolution(a.solution, grid, a.iterations, total, windows,
                                a.update, a.stalled, a.deviation, res[0], res[1]);
                    }
                    System.arraycopy(values, 0, base, 0, (end + 1) * block);
                    extension = 2 * (end - solved);
                    solved = end;
                } else if (end - solved <= 1) {
                    throw failure(a, end, solved);
                } else {
                    extension = (end - solved) / 2;
                }
            }
        }

        /** The initial point: given values, missing lower derivatives 0, top derivatives from G = 0. */
        private void startPoint() {
            for (int d = 0; d < dims; d++) {
                for (int k = 0; k < initial.count(d); k++) {
                    base[d * r1 + k] = initial.value(d, k);
                }
            }
            if (top != null) {
                double[][] u = new double[dims][r1];
                load(base, 0, u);
                if (top.solve(grid.time(0), u)) {
                    store(u, base, 0);
                }
            }
        }

        /**
         * Fills steps (from, to] of {@code guess} by classical RK4 from the state at step
         * {@code from}; where the pass fails (no top derivative, a non-finite state, or a state
         * grown more than {@link #RK_GROWTH}-fold, as when the explicit pass is unstable on a stiff
         * problem) the last good point is held.
         */
        private void rungeKutta(double[] guess, int from, int to) {
            double[][] y = new double[dims][r1];
            load(guess, from, y);
            boolean ok = top != null;
            double limit = RK_GROWTH * (1 + stateNorm(y));
            double[][] k1 = new double[dims][r1];
            double[][] k2 = new double[dims][r1];
            double[][] k3 = new double[dims][r1];
            double[][] k4 = new double[dims][r1];
            double[][] tmp = new double[dims][r1];
            for (int s = from; s < to; s++) {
                if (ok) {
                    double t = grid.time(s);
                    double h = grid.time(s + 1) - t;
                    ok = slope(t, y, k1)
                            && slope(t + h / 2, axpy(y, h / 2, k1, tmp), k2)
                            && slope(t + h / 2, axpy(y, h / 2, k2, tmp), k3)
                            && slope(t + h, axpy(y, h, k3, tmp), k4);
                    if (ok) {
                        for (int d = 0; d < dims; d++) {
                            for (int k = 0; k < orders[d]; k++) {
                                y[d][k] += h / 6 * (k1[d][k] + 2 * k2[d][k] + 2 * k3[d][k] + k4[d][k]);
                            }
                        }
                        // top derivative at the new point; the old one is the Newton start
                        ok = top.solve(grid.time(s + 1), y) && finite(y) && stateNorm(y) <= limit;
                    }
                }
                if (ok) {
                    store(y, guess, s + 1);
                } else {
                    System.arraycopy(guess, s * block, guess, (s + 1) * block, block);
                }
            }
        }

        /** max |u_d^(k)| over the state part (derivatives below each variable's order). */
        private double stateNorm(double[][] y) {
            double m = 0;
            for (int d = 0; d < dims; d++) {
                for (int k = 0; k < orders[d]; k++) {
                    m = Math.max(m, Math.abs(y[d][k]));
                }
            }
            return m;
        }

        /** The first-order form: d/dt u_d^(k) = u_d^(k+1), the top one from G = 0; false if unsolvable. */
        private boolean slope(double t, double[][] y, double[][] out) {
            if (!top.solve(t, y)) {
                return false;
            }
            for (int d = 0; d < dims; d++) {
                for (int k = 0; k < orders[d]; k++) {
                    out[d][k] = y[d][k + 1];
                }
            }
            return true;
        }

        /** tmp = y + a*k on the state part (derivatives below each order), top kept as Newton start. */
        private double[][] axpy(double[][] y, double a, double[][] k, double[][] tmp) {
            for (int d = 0; d < dims; d++) {
                for (int j = 0; j < orders[d]; j++) {
                    tmp[d][j] = y[d][j] + a * k[d][j];
                }
                tmp[d][orders[d]] = y[d][orders[d]];
            }
            return tmp;
        }

        private Attempt gaussNewton(double[] guess, int points) {
            Attempt a = new Attempt();
            AndersonMixing mixing = new AndersonMixing(ANDERSON_DEPTH, active);
            double[] x = guess;
            double best = Double.POSITIVE_INFINITY;
            Attempt bestAt = null;
            double mark = Double.POSITIVE_INFINITY;
            int sinceMark = 0;
            while (a.iterations < options.maxIterations()) {
                Solution sol;
                try {
                    sol = linear.solve(ImplicitOdeBatches.linearised(ode, initial, grid, points, x));
                } catch (IllPosedProblemException | IllegalArgumentException e) {
                    a.reason = "the linearised system could not be solved (" + e.getMessage() + ")";
                    a.cause = e;
                    return a;
                }
                a.iterations++;
                a.solution = sol;
                double[] g = sol.values();
                update(a, x, g, points);
                if (!Double.isFinite(a.update)) {
                    a.reason = "the iterate became non-finite";
                    return a;
                }
                if (a.update <= options.tolerance()) {
                    a.converged = true;
                    return a;
                }
                if (a.update < best) {
                    best = a.update;
                    bestAt = a.copy();
                }
                if (a.update < mark / 2) {
                    mark = a.update;
                    sinceMark = 0;
                } else if (++sinceMark >= STALL && best <= options.stallTolerance()) {
                    bestAt.converged = true;
                    bestAt.stalled = true;
                    bestAt.iterations = a.iterations;
                    return bestAt;
                } else if (sinceMark >= 2 * STALL || a.update > 1e6 * best) {
                    a.stalled = best <= 1e-3;
                    a.reason = a.stalled
                            ? String.format("the update stopped decreasing at %.3e, above the stall tolerance %.3g",
                                    best, options.stallTolerance())
                            : String.format("the iteration is not converging (smallest update %.3e)", best);
                    return a;
                }
                x = mixing.next(x, g);
            }
            a.reason = "the update stayed above the tolerance " + options.tolerance();
            return a;
        }

        /**
         * Rejects a converged run whose least-squares solution gave way on the initial values:
         * the largest |u_{0,d,k} - v_{d,k}| / (|v_{d,k}| + h_0 max(|u_{0,d,k+1}|, |u_{1,d,k+1}|))
         * (the miss relative to the value plus its change over the first step) must be at most
         * {@link NonlinearOptions#initialTolerance()}. For a resolved solution it is tiny; an
         * unresolved fast initial layer (a stiff problem) only moves the initial derivative by
         * less than one step's change. A grid that cannot resolve the solution at all makes the
         * fit trade the initial values away: x' = x^2, x(0) = 1 on [0, 2] "converges" to a smooth
         * curve through x(0) = 0.48 that blows up only after t = 2.
         */
        private void accept(Attempt a) {
            double[] v = a.solution.values();
            double h0 = grid.time(1) - grid.time(0);
            double worst = 0;
            for (int d = 0; d < dims; d++) {
                for (int k = 0; k < initial.count(d); k++) {
                    int at = d * r1 + k;
                    double change = h0 * Math.max(Math.abs(v[at + 1]), Math.abs(v[block + at + 1]));
                    double given = initial.value(d, k);
                    double miss = Math.abs(v[at] - given);
                    double ref = Math.abs(given) + change;
                    double dev = miss == 0 ? 0 : ref > 0 ? miss / ref : Double.POSITIVE_INFINITY;
                    if (dev > worst) {
                        worst = dev;
                        a.worstStep = 0;
                        a.worstDim = d;
                        a.worstOrder = k;
                    }
                }
            }
            a.deviation = worst;
            if (worst > options.initialTolerance()) {
                a.converged = false;
                a.initialFailure = true;
                a.reason = String.format("Gauss-Newton converged (%d iterations), but the least-squares solution "
                        + "misses the initial value of %s by %.3g%% (%s instead of %s; the limit is %.3g%%): the grid does "
                        + "not resolve the solution, which may blow up or change too fast for this step",
                        a.iterations, ode.variableName(a.worstDim) + "'".repeat(a.worstOrder), 100 * worst,
                        v[a.worstDim * r1 + a.worstOrder], initial.value(a.worstDim, a.worstOrder),
                        100 * options.initialTolerance());
            }
        }

        /** The relative max-norm update and where it is largest. */
        private void update(Attempt a, double[] old, double[] next, int points) {
            double diff = 0;
            double scale = 0;
            boolean nonFinite = false;
            for (int s = 0; s < points; s++) {
                for (int d = 0; d < dims; d++) {
                    int at = s * block + d * r1;
                    for (int k = 0; k <= orders[d]; k++) {
                        double v = next[at + k];
                        double delta = Math.abs(v - old[at + k]);
                        if (!Double.isFinite(v) || !Double.isFinite(delta)) {
                            if (!nonFinite) {
                                a.worstStep = s;
                                a.worstDim = d;
                                a.worstOrder = k;
                            }
                            nonFinite = true;
                            continue;
                        }
                        scale = Math.max(scale, Math.abs(v));
                        if (delta > diff && !nonFinite) {
                            diff = delta;
                            a.worstStep = s;
                            a.worstDim = d;
                            a.worstOrder = k;
                        }
                    }
                }
            }
            if (nonFinite) {
                a.update = Double.POSITIVE_INFINITY;
            } else {
                a.update = diff == 0 ? 0 : scale == 0 ? Double.MAX_VALUE : diff / scale;
            }
        }

        private NonConvergenceException failure(Attempt a, int end, int solved) {
            StringBuilder sb = new StringBuilder("the nonlinear solve failed on [")
                    .append(grid.start()).append(", ").append(grid.time(end)).append("]: ");
            double time = Double.NaN;
            if (a.initialFailure) {
                sb.append(a.reason);
                time = grid.start();
            } else {
                sb.append(a.reason).append(" after ").append(a.iterations).append(" iteration")
                        .append(a.iterations == 1 ? "" : "s");
                if (a.worstStep >= 0) {
                    time = grid.time(a.worstStep);
                    sb.append("; last relative update ").append(String.format("%.3e", a.update))
                            .append(", largest in ").append(ode.variableName(a.worstDim)).append("'".repeat(a.worstOrder))
                            .append(" at t = ").append(time);
                }
            }
            if (solved > 0) {
                sb.append("; a shorter window converged up to t = ").append(grid.time(solved));
            }
            if (a.initialFailure) {
                sb.append(". Try a smaller step or a shorter interval");
            } else if (a.stalled) {
                sb.append(". The linear systems are too ill-conditioned for this iteration to settle: a very small step,"
                        + " or a long interval of a chaotic system; try a larger step, a shorter interval or a larger"
                        + " stall tolerance");
            } else {
                sb.append(". Try a smaller step, more iterations (limit ").append(options.maxIterations())
                        .append(") or a larger tolerance (").append(options.tolerance()).append(")");
            }
            return new NonConvergenceException(sb.toString(), a.iterations, a.update, a.worstDim, a.worstOrder,
                    time, grid.time(end), grid.time(solved), a.cause);
        }

        private void load(double[] values, int s, double[][] u) {
            for (int d = 0; d < dims; d++) {
                System.arraycopy(values, s * block + d * r1, u[d], 0, r1);
            }
        }

        /** Stores derivatives 0..order(d) of each variable; higher ones (unused by G) are 0. */
        private void store(double[][] u, double[] values, int s) {
            for (int d = 0; d < dims; d++) {
                int at = s * block + d * r1;
                System.arraycopy(u[d], 0, values, at, orders[d] + 1);
                Arrays.fill(values, at + orders[d] + 1, at + r1, 0);
            }
        }

        private boolean finite(double[][] u) {
            for (int d = 0; d < dims; d++) {
                for (int k = 0; k <= orders[d]; k++) {
                    if (!Double.isFinite(u[d][k])) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    /**
     * Solves G(t, u) = 0 for the top derivatives u_d^(order(d)) given the lower ones, by Newton's
     * method on the D x D Jacobian dG_e/du_d^(order(d)) (partial pivoting). One step for
     * equations affine in the top derivatives, plus one to confirm.
     */
    private static final class TopSolver {
        private static final int MAX_ITERATIONS = 30;

        private final ImplicitOde ode;
        private final int[] orders;
        private final int dims;
        private final double[][] grad;
        private final double[][] jac;
        private final double[] rhs;

        TopSolver(ImplicitOde ode, int[] orders, int r1) {
            this.ode = ode;
            this.orders = orders;
            this.dims = orders.length;
            this.grad = new double[dims][r1];
            this.jac = new double[dims][dims];
            this.rhs = new double[dims];
        }

        /** Overwrites u[d][order(d)] with the solution, starting from its current value. */
        boolean solve(double t, double[][] u) {
            for (int it = 0; it < MAX_ITERATIONS; it++) {
                double size = 0;
                for (int e = 0; e < dims; e++) {
                    rhs[e] = -ode.residual(e, t, u);
                    ode.gradient(e, t, u, grad);
                    for (int d = 0; d < dims; d++) {
                        jac[e][d] = grad[d][orders[d]];
                    }
                }
                if (!gauss()) {
                    return false;
                }
                double step = 0;
                for (int d = 0; d < dims; d++) {
                    u[d][orders[d]] += rhs[d];
                    step = Math.max(step, Math.abs(rhs[d]));
                    size = Math.max(size, Math.abs(u[d][orders[d]]));
                }
                if (!Double.isFinite(step) || !Double.isFinite(size)) {
                    return false;
                }
                if (step <= 1e-13 * (1 + size)) {
                    return true;
                }
            }
            return false;
        }

        /** Solves jac x = rhs in place (x in rhs); false if singular. */
        private boolean gauss() {
            double norm = 0;
            for (double[] row : jac) {
                for (double v : row) {
                    norm = Math.max(norm, Math.abs(v));
                }
            }
            if (!(norm > 0) || !Double.isFinite(norm)) {
                return false;
            }
            for (int col = 0; col < dims; col++) {
                int p = col;
                for (int i = col + 1; i < dims; i++) {
                    if (Math.abs(jac[i][col]) > Math.abs(jac[p][col])) {
                        p = i;
                    }
                }
                if (Math.abs(jac[p][col]) <= 1e-14 * norm) {
                    return false;
                }
                double[] swap = jac[p];
                jac[p] = jac[col];
                jac[col] = swap;
                double r = rhs[p];
                rhs[p] = rhs[col];
                rhs[col] = r;
                for (int i = col + 1; i < dims; i++) {
                    double f = jac[i][col] / jac[col][col];
                    if (f != 0) {
                        for (int j = col; j < dims; j++) {
                            jac[i][j] -= f * jac[col][j];
                        }
                        rhs[i] -= f * rhs[col];
                    }
                }
            }
            for (int i = dims - 1; i >= 0; i--) {
                double s = rhs[i];
                for (int j = i + 1; j < dims; j++) {
                    s -= jac[i][j] * rhs[j];
                }
                rhs[i] = s / jac[i][i];
            }
            return true;
        }
    }
}
