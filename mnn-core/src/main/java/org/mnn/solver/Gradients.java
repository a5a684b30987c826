package org.mnn.solver;

/**
 * dL/d(parameters) of a batch, from {@link Solution#backward}. Each array has the layout of the
 * corresponding {@link org.mnn.ode.OdeBatch} array (a parameter shared over steps or items gets
 * the sum of its uses).
 */
public record Gradients(double[] coefficients, double[] rhs, double[] initialValues, double[] steps) {
}
