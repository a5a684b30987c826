package org.mnn.solver;

/**
 * Settings of {@link NonlinearOdeSolver}. Immutable; the {@code with...} methods return modified
 * copies.
 *
 * <ul>
 *   <li>{@code tolerance} (default 1e-10): the iteration stops when the relative max-norm update
 *       {@code max|u_new - u_old| / max|u_new|} (over every step, variable and derivative up to
 *       the variable's order) is at most this;</li>
 *   <li>{@code stallTolerance} (default 1e-5): when the update stops decreasing (rounding noise of
 *       the linear solves, which grows as the step shrinks) the best iterate is accepted if its
 *       update is at most this, else the run fails;</li>
 *   <li>{@code initialTolerance} (default 1e-2): a converged solution is rejected when it misses
 *       a given initial value by more than this, relative to the value plus its change over the first
 *       step (the grid does not resolve the solution);</li>
 *   <li>{@code maxIterations} (default 50): linear solves allowed per run (one run per
 *       continuation window);</li>
 *   <li>{@code neuRlp} (default {@link NeuRlpOptions#defaults()} with up to 3 refinement steps):
 *       the linear solver's rows and weights. Refinement matters here: without it the rounding of
 *       the normal equations stalls Gauss-Newton on Lorenz near a relative update of 1e-6 and the
 *       error stops falling below h = 6e-4 (9e-4 at h = 3e-4); with it the updates reach 1e-13 in
 *       fewer iterations and the error keeps falling (1.8e-4 at h = 3e-4, 5.7e-5 at 1.6e-4).</li>
 *   <li>{@code solver} (default {@code cpu}): which {@link OdeSolver} does the linear solves
 *       ({@link OdeSolver#named}).</li>
 * </ul>
 */
public final class NonlinearOptions {
    private final NeuRlpOptions neuRlp;
    private final double tolerance;
    private final int maxIterations;
    private final double stallTolerance;
    private final double initialTolerance;
    private final String solver;

    private NonlinearOptions(NeuRlpOptions neuRlp, double tolerance, int maxIterations, double stallTolerance,
                             double initialTolerance) {
        this(neuRlp, tolerance, maxIterations, stallTolerance, initialTolerance, "cpu");
    }

    private NonlinearOptions(NeuRlpOptions neuRlp, double tolerance, int maxIterations, double stallTolerance,
                             double initialTolerance, String solver) {
        this.solver = solver;
        this.initialTolerance = initialTolerance;
        this.neuRlp = neuRlp;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.stallTolerance = stallTolerance;
    }

    public static NonlinearOptions defaults() {
        return new NonlinearOptions(NeuRlpOptions.defaults().withRefinement(3), 1e-10, 50, 1e-5, 1e-2);
    }

    public NonlinearOptions withTolerance(double tol) {
        if (!(tol > 0) || !Double.isFinite(tol)) {
            throw new IllegalArgumentException("tolerance: expected a positive finite number, got " + tol);
        }
        return new NonlinearOptions(neuRlp, tol, maxIterations, stallTolerance, initialTolerance, solver);
    }

    public NonlinearOptions withMaxIterations(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("max iterations: expected at least 1, got " + n);
        }
        return new NonlinearOptions(neuRlp, tolerance, n, stallTolerance, initialTolerance, solver);
    }

    public NonlinearOptions withNeuRlp(NeuRlpOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("NeuRLP options: null");
        }
        return new NonlinearOptions(options, tolerance, maxIterations, stallTolerance, initialTolerance, solver);
    }

    public NonlinearOptions withStallTolerance(double tol) {
        if (!(tol > 0) || !Double.isFinite(tol)) {
            throw new IllegalArgumentException("stall tolerance: expected a positive finite number, got " + tol);
        }
        return new NonlinearOptions(neuRlp, tolerance, maxIterations, tol, initialTolerance, solver);
    }

    public NonlinearOptions withInitialTolerance(double tol) {
        if (!(tol > 0)) {
            throw new IllegalArgumentException("initial tolerance: expected a positive number, got " + tol);
        }
        return new NonlinearOptions(neuRlp, tolerance, maxIterations, stallTolerance, tol, solver);
    }

    /**
     * The linear solver by name ({@link OdeSolver#named}: {@code cpu}, the default, or
     * {@code nd4j}); validated here.
     */
    public NonlinearOptions withSolver(String name) {
        OdeSolver.named(name, neuRlp);
        return new NonlinearOptions(neuRlp, tolerance, maxIterations, stallTolerance, initialTolerance,
                name.trim().toLowerCase(java.util.Locale.ROOT));
    }

    /** The linear solver's name ({@link OdeSolver#names()}: cpu, nd4j, ...). */
    public String solver() { return solver; }
    public NeuRlpOptions neuRlp() { return neuRlp; }
    public double initialTolerance() { return initialTolerance; }
    public double stallTolerance() { return stallTolerance; }
    public double tolerance() { return tolerance; }
    public int maxIterations() { return maxIterations; }

    @Override
    public String toString() {
        return "Nonlinear(tolerance=" + tolerance + ", maxIterations=" + maxIterations + ", solver=" + solver + ", "
                + neuRlp + ")";
    }
}
