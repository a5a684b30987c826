package org.mnn.solver;

import org.mnn.ode.OdeBatch;

/**
 * The NeuRLP solution of a batch: u and its derivatives 0..R at every step, the slack eps, the
 * per-family residual norms, and the factorisation needed for {@link #backward}.
 */
public final class Solution {
    private final OdeBatch batch;
    private final NeuRlpOptions options;
    private final double[] u;
    private final double[] eps;
    private final SystemFactor factor;
    private double[] residualNorms;

    Solution(OdeBatch batch, NeuRlpOptions options, double[] u, double[] eps, SystemFactor factor) {
        this.batch = batch;
        this.options = options;
        this.u = u;
        this.eps = eps;
        this.factor = factor;
    }

    public OdeBatch batch() { return batch; }
    public NeuRlpOptions options() { return options; }

    /** All values, {@code [B][N][D][R+1]} (shared, not copied). */
    public double[] values() { return u; }

    /** u_d^(k)(t_s) of batch item {@code item}. */
    public double u(int item, int s, int d, int k) {
        return u[index(item, s, d, k)];
    }

    public int index(int item, int s, int d, int k) {
        return ((item * batch.points() + s) * batch.dims() + d) * (batch.order() + 1) + k;
    }

    /** u_d^(k) at every step of one item. */
    public double[] trajectory(int item, int d, int k) {
        double[] out = new double[batch.points()];
        for (int s = 0; s < out.length; s++) {
            out[s] = u(item, s, d, k);
        }
        return out;
    }

    /** The slack of one item (0 without slack). */
    public double eps(int item) {
        return eps[item];
    }

    /** ||A_f z - beta_f||_2 over the rows of one family (unweighted), computed on first use. */
    public double residualNorm(int item, RowFamily family) {
        synchronized (this) {
            if (residualNorms == null) {
                residualNorms = Adjoint.residualNorms(this);
            }
        }
        return residualNorms[item * RowFamily.values().length + family.ordinal()];
    }

    /**
     * The backward pass: given dL/du ({@code [B][N][D][R+1]}) and optionally dL/deps ({@code [B]},
     * or null), returns dL/d(coefficients, rhs, initial values, steps), reusing the forward
     * factorisation.
     */
    public Gradients backward(double[] dLdu, double[] dLdeps) {
        return backward(dLdu, dLdeps, null);
    }

    /**
     * The backward pass writing into {@code into}'s arrays (overwritten; they must have the
     * batch's layouts), so that a training loop allocates no gradient arrays per step; with
     * {@code into == null} new arrays are allocated. Returns the gradients.
     */
    public Gradients backward(double[] dLdu, double[] dLdeps, Gradients into) {
        if (dLdu.length != u.length) {
            throw new IllegalArgumentException("dL/du: expected " + u.length + " values [B][N][D][R+1], got " + dLdu.length);
        }
        if (dLdeps != null && dLdeps.length != eps.length) {
            throw new IllegalArgumentException("dL/deps: expected " + eps.length + " values [B], got " + dLdeps.length);
        }
        factor.checkValid();
        Gradients out = into != null ? into : new Gradients(new double[batch.coefficients().length],
                new double[batch.rhs().length], new double[batch.initialValues().length], new double[batch.steps().length]);
        requireLength("coefficients", out.coefficients(), batch.coefficients().length);
        requireLength("rhs", out.rhs(), batch.rhs().length);
        requireLength("initial values", out.initialValues(), batch.initialValues().length);
        requireLength("steps", out.steps(), batch.steps().length);
        Adjoint.gradients(this, dLdu, dLdeps, out);
        return out;
    }

    private static void requireLength(String field, double[] a, int expected) {
        if (a.length != expected) {
            throw new IllegalArgumentException("gradient buffer for " + field + ": expected " + expected
                    + " values (the batch's layout), got " + a.length);
        }
    }

    SystemFactor factor() { return factor; }
    double[] epsArray() { return eps; }
}
