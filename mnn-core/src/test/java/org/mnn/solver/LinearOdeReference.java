package org.mnn.solver;

import org.hipparchus.ode.DenseOutputModel;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.mnn.ode.OdeBatch;

/**
 * A linear ODE system with time-varying coefficients, given as functions of t,
 *
 * <pre>
 *   sum_{d,k} c_{e,d,k}(t) u_d^(k)(t) = b_e(t),   e = 0..D-1,  k = 0..R,
 *   u_d^(k)(t0) = v[d][k],                        k &lt; R,
 * </pre>
 *
 * that can be sampled onto any grid as a one-item {@link OdeBatch} (initial values at the first
 * grid point, derivatives 0..R-1) and integrated with Hipparchus's Dormand-Prince 8(5,3) as a
 * reference. For Hipparchus the system is rewritten in first-order form with state
 * {@code y[d*R + k] = u_d^(k)}, k &lt; R, solving the D x D system of top-order coefficients
 * {@code c_{e,d,R}(t)} for the highest derivatives (so they need not be 1 or diagonal).
 */
final class LinearOdeReference {
    /** c_{e,d,k}(t). */
    interface Coefficient {
        double at(double t, int e, int d, int k);
    }

    /** b_e(t). */
    interface Rhs {
        double at(double t, int e);
    }

    final String name;
    final int dims;
    final int order;
    final double t0;
    final double t1;
    private final Coefficient c;
    private final Rhs b;
    private final double[][] initial;

    LinearOdeReference(String name, int dims, int order, double t0, double t1,
                       Coefficient c, Rhs b, double[][] initial) {
        if (initial.length != dims) {
            throw new IllegalArgumentException("initial values: one row per dimension expected");
        }
        for (double[] row : initial) {
            if (row.length != order) {
                throw new IllegalArgumentException("initial values: derivatives 0..R-1 expected per dimension");
            }
        }
        this.name = name;
        this.dims = dims;
        this.order = order;
        this.t0 = t0;
        this.t1 = t1;
        this.c = c;
        this.b = b;
        this.initial = initial;
    }

    @Override
    public String toString() {
        return name;
    }

    /** The problem sampled on {@code times} (times[0] = t0), per-step coefficients and rhs. */
    OdeBatch batch(double[] times) {
        int n = times.length;
        int r1 = order + 1;
        double[] coef = new double[n * dims * dims * r1];
        double[] rhs = new double[n * dims];
        for (int s = 0; s < n; s++) {
            for (int e = 0; e < dims; e++) {
                rhs[s * dims + e] = b.at(times[s], e);
                for (int d = 0; d < dims; d++) {
                    for (int k = 0; k <= order; k++) {
                        coef[((s * dims + e) * dims + d) * r1 + k] = c.at(times[s], e, d, k);
                    }
                }
            }
        }
        double[] iv = new double[dims * order];
        for (int d = 0; d < dims; d++) {
            System.arraycopy(initial[d], 0, iv, d * order, order);
        }
        double[] steps = new double[n - 1];
        for (int s = 0; s < n - 1; s++) {
            steps[s] = times[s + 1] - times[s];
        }
        return OdeBatch.builder(1, n, dims, order)
                .coefficients(coef, true)
                .rhs(rhs)
                .initialValues(1, order, iv)
                .steps(steps, false)
                .build();
    }

    /** The first-order form y' = f(t, y) for Hipparchus. */
    private final class FirstOrder implements OrdinaryDifferentialEquation {
        @Override
        public int getDimension() {
            return dims * order;
        }

        @Override
        public double[] computeDerivatives(double t, double[] y) {
            double[] top = topDerivatives(t, y);
            double[] dy = new double[dims * order];
            for (int d = 0; d < dims; d++) {
                for (int k = 0; k < order - 1; k++) {
                    dy[d * order + k] = y[d * order + k + 1];
                }
                dy[d * order + order - 1] = top[d];
            }
            return dy;
        }
    }

    /** Solves sum_d c_{e,d,R} u_d^(R) = b_e - sum_{d,k<R} c_{e,d,k} u_d^(k) for u^(R). */
    double[] topDerivatives(double t, double[] y) {
        double[][] a = new double[dims][dims + 1];
        for (int e = 0; e < dims; e++) {
            double r = b.at(t, e);
            for (int d = 0; d < dims; d++) {
                a[e][d] = c.at(t, e, d, order);
                for (int k = 0; k < order; k++) {
                    r -= c.at(t, e, d, k) * y[d * order + k];
                }
            }
            a[e][dims] = r;
        }
        return gaussSolve(a);
    }

    /** Gaussian elimination with partial pivoting on an augmented n x (n+1) matrix. */
    private static double[] gaussSolve(double[][] a) {
        int n = a.length;
        for (int col = 0; col < n; col++) {
            int p = col;
            for (int i = col + 1; i < n; i++) {
                if (Math.abs(a[i][col]) > Math.abs(a[p][col])) {
                    p = i;
                }
            }
            if (a[p][col] == 0) {
                throw new IllegalStateException("singular top-order coefficient matrix");
            }
            double[] tmp = a[p];
            a[p] = a[col];
            a[col] = tmp;
            for (int i = col + 1; i < n; i++) {
                double f = a[i][col] / a[col][col];
                for (int j = col; j <= n; j++) {
                    a[i][j] -= f * a[col][j];
                }
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = a[i][n];
            for (int j = i + 1; j < n; j++) {
                s -= a[i][j] * x[j];
            }
            x[i] = s / a[i][i];
        }
        return x;
    }

    /** A reference trajectory: dense output of one Dormand-Prince 8(5,3) integration over [t0, t1]. */
    Trajectory integrate(double relTol, double absTol) {
        double[] y0 = new double[dims * order];
        for (int d = 0; d < dims; d++) {
            System.arraycopy(initial[d], 0, y0, d * order, order);
        }
        double span = t1 - t0;
        DormandPrince853Integrator integrator =
                new DormandPrince853Integrator(1e-10 * span, span, absTol, relTol);
        DenseOutputModel model = new DenseOutputModel();
        integrator.addStepHandler(model);
        integrator.integrate(new FirstOrder(), new ODEState(t0, y0), t1);
        return new Trajectory(model);
    }

    /** Dense output of a reference integration: u_d and u_d' at any t in [t0, t1]. */
    final class Trajectory {
        private final DenseOutputModel model;

        private Trajectory(DenseOutputModel model) {
            this.model = model;
        }

        /**
         * {@code [D][2]}: u_d(t) and u_d'(t). For R = 1 the derivative is taken from the ODE at the
         * interpolated state rather than from the interpolant's derivative.
         */
        double[][] valueAndSlope(double t) {
            ODEStateAndDerivative st = model.getInterpolatedState(t);
            double[] y = st.getPrimaryState();
            double[] top = order == 1 ? topDerivatives(t, y) : null;
            double[][] out = new double[dims][2];
            for (int d = 0; d < dims; d++) {
                out[d][0] = y[d * order];
                out[d][1] = order == 1 ? top[d] : y[d * order + 1];
            }
            return out;
        }
    }

    /** Grids over [t0, t1] with 50 base steps, refined by inserting midpoints. */
    static double[] refine(double[] times) {
        double[] out = new double[2 * times.length - 1];
        for (int i = 0; i + 1 < times.length; i++) {
            out[2 * i] = times[i];
            out[2 * i + 1] = 0.5 * (times[i] + times[i + 1]);
        }
        out[out.length - 1] = times[times.length - 1];
        return out;
    }

    static double[] uniformGrid(double t0, double t1, int steps) {
        double[] t = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            t[i] = t0 + (t1 - t0) * i / steps;
        }
        t[steps] = t1;
        return t;
    }

    /** t = t0 + T (3^x - 1) / 2 at x = i/steps: steps grow smoothly by a factor 3 from start to end. */
    static double[] gradedGrid(double t0, double t1, int steps) {
        double[] t = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            double x = (double) i / steps;
            t[i] = t0 + (t1 - t0) * (Math.pow(3, x) - 1) / 2;
        }
        t[steps] = t1;
        return t;
    }

    /** Steps proportional to 1 + 2U, U uniform on [0, 1) from a fixed seed: ratios up to 3. */
    static double[] randomGrid(double t0, double t1, int steps, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        double[] h = new double[steps];
        double sum = 0;
        for (int i = 0; i < steps; i++) {
            h[i] = 1 + 2 * rnd.nextDouble();
            sum += h[i];
        }
        double[] t = new double[steps + 1];
        t[0] = t0;
        for (int i = 0; i < steps; i++) {
            t[i + 1] = t[i] + (t1 - t0) * h[i] / sum;
        }
        t[steps] = t1;
        return t;
    }

    static double maxStep(double[] times) {
        double m = 0;
        for (int i = 0; i + 1 < times.length; i++) {
            m = Math.max(m, times[i + 1] - times[i]);
        }
        return m;
    }
}
