package org.mnn.solver;

/**
 * A system of ODEs in residual (implicit) form, what the nonlinear solver needs to know about it:
 *
 * <pre>
 *   G_e(t, u) = 0,   e = 0..E-1,   u[d][k] = u_d^(k), d = 0..D-1, k = 0..maxOrder()
 * </pre>
 *
 * Variable d appears with derivatives up to {@link #order(int)}; the arrays passed in always have
 * {@code maxOrder() + 1} columns. Implementations must be safe to call from several threads and
 * should not allocate in {@link #residual} and {@link #gradient} (they run once per grid point and
 * iteration). {@link org.mnn.ode.text.OdeSystem} (the parsed text form) is one implementation;
 * this interface keeps the solver package independent of the parser.
 */
public interface ImplicitOde {
    /** D, the number of state variables. */
    int dims();

    /** E, the number of equations (E = D for the systems the solver integrates forward). */
    int equations();

    /** Order of variable d: the highest derivative of it that occurs (at least 1). */
    int order(int d);

    /** A display name of variable d for messages; the default is u1, u2, ... */
    default String variableName(int d) {
        return "u" + (d + 1);
    }

    /** R = max_d order(d). */
    default int maxOrder() {
        int r = 0;
        for (int d = 0; d < dims(); d++) {
            r = Math.max(r, order(d));
        }
        return r;
    }

    /**
     * Whether every G_e is affine in all u_d^(k) (coefficients may depend on t). Then one linear
     * NeuRLP solve is exact and no iteration is needed. The conservative default is false.
     */
    default boolean isLinear() {
        return false;
    }

    /** G_e(t, u), with {@code u[d][k]} = u_d^(k), k = 0..maxOrder(). */
    double residual(int e, double t, double[][] u);

    /**
     * Fills {@code out[d][k]} = dG_e/du_d^(k) at (t, u); {@code out} has the shape of u and is
     * overwritten completely.
     */
    void gradient(int e, double t, double[][] u, double[][] out);
}
