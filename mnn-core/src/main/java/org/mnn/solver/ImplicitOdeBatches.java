package org.mnn.solver;

import org.mnn.ode.InvalidProblemException;
import org.mnn.ode.OdeBatch;
import org.mnn.ode.TimeGrid;

/**
 * Turns an {@link ImplicitOde} with {@link InitialValues} on a {@link TimeGrid} into the one-item
 * linear {@link OdeBatch} that NeuRLP solves: R = max order, per-step coefficients and
 * right-hand side, initial values at the first grid point (S_iv = 1, K_d = count(d)).
 *
 * <p>Around an iterate u* (values {@code [N][D][R+1]}, the layout of {@link Solution#values()}),
 * equation e at step s is linearised as
 *
 * <pre>
 *   c[s,e,d,k] = dG_e/du_d^(k)(t_s, u*_s),     b[s,e] = sum_{d,k} c[s,e,d,k] u*_{s,d,k} - G_e(t_s, u*_s)
 * </pre>
 *
 * (one Gauss-Newton step on the least-squares collocation system). For a linear system this is
 * exact for any u*; with u* = 0 it is c = gradient, b = -G(t, 0), which is {@link #linear}.
 */
public final class ImplicitOdeBatches {
    private ImplicitOdeBatches() { }

    /** The linear problem: coefficients dG/du at (t_s, 0), rhs -G(t_s, 0). Meant for linear systems. */
    public static OdeBatch linear(ImplicitOde ode, InitialValues initial, TimeGrid grid) {
        return linearised(ode, initial, grid, grid.points(), null);
    }

    /**
     * The linearisation around {@code iterate} on the first {@code points} grid points.
     *
     * @param iterate u* as {@code [points][D][R+1]} (longer arrays are fine, the prefix is used);
     *                null means u* = 0
     * @throws InvalidProblemException for inconsistent sizes, an initial value beyond a
     *         variable's order, an initial time different from the grid start, or a non-finite
     *         coefficient (the message names the step, time and equation)
     */
    public static OdeBatch linearised(ImplicitOde ode, InitialValues initial, TimeGrid grid, int points, double[] iterate) {
        validate(ode, initial, grid);
        if (points < 2 || points > grid.points()) {
            throw new IllegalArgumentException("points: expected 2.." + grid.points() + ", got " + points);
        }
        int dims = ode.dims();
        int eqs = ode.equations();
        int order = ode.maxOrder();
        int r1 = order + 1;
        int block = dims * r1;
        if (iterate != null && iterate.length < (long) points * block) {
            throw new IllegalArgumentException("iterate: expected at least " + (long) points * block
                    + " values [N][D][R+1], got " + iterate.length);
        }
        double[] coef = new double[Math.multiplyExact(points, eqs * block)];
        double[] rhs = new double[Math.multiplyExact(points, eqs)];
        double[][] u = new double[dims][r1];
        double[][] g = new double[dims][r1];
        for (int s = 0; s < points; s++) {
            double t = grid.time(s);
            if (iterate != null) {
                for (int d = 0; d < dims; d++) {
                    System.arraycopy(iterate, s * block + d * r1, u[d], 0, r1);
                }
            }
            for (int e = 0; e < eqs; e++) {
                ode.gradient(e, t, u, g);
                double lin = 0;
                int base = (s * eqs + e) * block;
                for (int d = 0; d < dims; d++) {
                    for (int k = 0; k < r1; k++) {
                        double c = g[d][k];
                        coef[base + d * r1 + k] = c;
                        if (iterate != null && c != 0) {
                            lin += c * u[d][k];
                        }
                    }
                }
                double b = lin - ode.residual(e, t, u);
                if (!Double.isFinite(b) || !finite(coef, base, block)) {
                    throw new InvalidProblemException("equation " + (e + 1) + " at step " + s + " (t = " + t
                            + "): the " + (iterate == null ? "coefficients or right-hand side are"
                                    : "linearisation around the current iterate is") + " not finite");
                }
                rhs[s * eqs + e] = b;
            }
        }
        int kMax = 0;
        int[] counts = new int[dims];
        for (int d = 0; d < dims; d++) {
            counts[d] = initial.count(d);
            kMax = Math.max(kMax, counts[d]);
        }
        double[] iv = new double[dims * kMax];
        for (int d = 0; d < dims; d++) {
            for (int k = 0; k < counts[d]; k++) {
                iv[d * kMax + k] = initial.value(d, k);
            }
        }
        return OdeBatch.builder(1, points, dims, order)
                .equations(eqs)
                .coefficients(coef, true)
                .rhs(rhs, true)
                .initialValues(1, counts, iv)
                .steps(grid.steps(points), false)
                .build();
    }

    /**
     * Checks that the initial values fit the system and the grid: one count per variable, at most
     * the variable's order, and (when any value is given) the initial time equal to the grid
     * start up to 1e-9 of the first step.
     */
    public static void validate(ImplicitOde ode, InitialValues initial, TimeGrid grid) {
        int dims = ode.dims();
        if (dims < 1) {
            throw new InvalidProblemException("the system has no variables");
        }
        if (ode.equations() < 1) {
            throw new InvalidProblemException("the system has no equations");
        }
        boolean any = false;
        for (int d = 0; d < dims; d++) {
            int k = initial.count(d);
            if (k < 0 || k > ode.order(d)) {
                throw new InvalidProblemException("initial values of variable " + (d + 1) + ": expected 0.."
                        + ode.order(d) + " derivatives (its order), got " + k);
            }
            for (int j = 0; j < k; j++) {
                if (!Double.isFinite(initial.value(d, j))) {
                    throw new InvalidProblemException("initial value of derivative " + j + " of variable " + (d + 1)
                            + " is not finite: " + initial.value(d, j));
                }
            }
            any |= k > 0;
        }
        double t0 = grid.start();
        if (any && Math.abs(initial.time() - t0) > 1e-9 * (grid.time(1) - t0)) {
            throw new InvalidProblemException("the initial conditions are given at t = " + initial.time()
                    + " but the time grid starts at t = " + t0 + "; start the grid at the initial time");
        }
    }

    private static boolean finite(double[] a, int from, int n) {
        for (int i = from; i < from + n; i++) {
            if (!Double.isFinite(a[i])) {
                return false;
            }
        }
        return true;
    }
}
