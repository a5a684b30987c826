package org.mnn.solver;

/**
 * Gauss-Newton on the NeuRLP collocation system did not converge: the update stayed above the
 * tolerance for the allowed iterations, kept growing, became non-finite, or the linearised system
 * was singular, even on the shortest continuation window. The message and the accessors name the
 * iteration count, the last relative update and where (variable, derivative, time) the update
 * was largest.
 */
public class NonConvergenceException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int iterations;
    private final double updateNorm;
    private final int variable;
    private final int derivative;
    private final double time;
    private final double windowEnd;
    private final double solvedUntil;

    NonConvergenceException(String message, int iterations, double updateNorm, int variable,
                            int derivative, double time, double windowEnd, double solvedUntil,
                            Throwable cause) {
        super(message);
        this.iterations = iterations;
        this.updateNorm = updateNorm;
        this.variable = variable;
        this.derivative = derivative;
        this.time = time;
        this.windowEnd = windowEnd;
        this.solvedUntil = solvedUntil;
        if (cause != null) {
            initCause(cause);
        }
    }

    /** Linear solves in the last, failed Gauss-Newton run. */
    public int iterations() { return iterations; }

    /** The last relative max-norm update (may be infinite or NaN; NaN if no update was made). */
    public double updateNorm() { return updateNorm; }

    /** Index of the variable where the last update was largest (-1 if unknown). */
    public int variable() { return variable; }

    /** Derivative order of that entry (-1 if unknown). */
    public int derivative() { return derivative; }

    /** Time of that entry (NaN if unknown). */
    public double time() { return time; }

    /** End of the time window of the failed run. */
    public double windowEnd() { return windowEnd; }

    /** The time up to which a prefix of the grid had converged (the grid start if none). */
    public double solvedUntil() { return solvedUntil; }
}
