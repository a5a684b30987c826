package org.mnn.solver;

import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;

/** Hipparchus Dormand-Prince 8(5,3) (rtol 1e-10, atol 1e-12) sampled on a grid, for the nonlinear tests. */
final class NonlinearReference {
    private NonlinearReference() { }

    /** y(t_s) for every grid time, integrating from t_0 with y(t_0) = y0. */
    static double[][] sample(OrdinaryDifferentialEquation f, double[] y0, double[] times) {
        DormandPrince853Integrator integrator = new DormandPrince853Integrator(1e-12, 1, 1e-12, 1e-10);
        double[][] out = new double[times.length][];
        double[] y = y0.clone();
        out[0] = y.clone();
        for (int s = 1; s < times.length; s++) {
            y = integrator.integrate(f, new ODEState(times[s - 1], y), times[s]).getPrimaryState();
            out[s] = y.clone();
        }
        return out;
    }

    /** x' = sigma (y - x), y' = x (rho - z) - y, z' = x y - beta z with 10, 28, 8/3. */
    static final OrdinaryDifferentialEquation LORENZ = new OrdinaryDifferentialEquation() {
        @Override
        public int getDimension() {
            return 3;
        }

        @Override
        public double[] computeDerivatives(double t, double[] y) {
            return new double[] {10 * (y[1] - y[0]), y[0] * (28 - y[2]) - y[1], y[0] * y[1] - 8.0 / 3 * y[2]};
        }
    };

    /** x'' = mu (1 - x^2) x' - x with mu = 1, as (x, x'). */
    static final OrdinaryDifferentialEquation VAN_DER_POL = new OrdinaryDifferentialEquation() {
        @Override
        public int getDimension() {
            return 2;
        }

        @Override
        public double[] computeDerivatives(double t, double[] y) {
            return new double[] {y[1], (1 - y[0] * y[0]) * y[1] - y[0]};
        }
    };
}
