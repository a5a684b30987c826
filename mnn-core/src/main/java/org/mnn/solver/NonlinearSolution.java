package org.mnn.solver;

import org.mnn.ode.TimeGrid;

/**
 * The result of {@link NonlinearOdeSolver#solve}: the converged NeuRLP solution (the last linear
 * solve, whose values are the converged iterate) and how it was reached.
 */
public final class NonlinearSolution {
    private final Solution solution;
    private final TimeGrid grid;
    private final int iterations;
    private final int totalIterations;
    private final int windows;
    private final double updateNorm;
    private final double residualNorm;
    private final double maxResidual;
    private final boolean stalled;
    private final double initialDeviation;

    NonlinearSolution(Solution solution, TimeGrid grid, int iterations, int totalIterations, int windows,
                      double updateNorm, boolean stalled, double initialDeviation, double residualNorm,
                      double maxResidual) {
        this.stalled = stalled;
        this.initialDeviation = initialDeviation;
        this.solution = solution;
        this.grid = grid;
        this.iterations = iterations;
        this.totalIterations = totalIterations;
        this.windows = windows;
        this.updateNorm = updateNorm;
        this.residualNorm = residualNorm;
        this.maxResidual = maxResidual;
    }

    /** The NeuRLP solution (batch of one item) on the whole grid. */
    public Solution solution() { return solution; }

    public TimeGrid grid() { return grid; }

    /** u_d^(k)(t_s). */
    public double u(int s, int d, int k) {
        return solution.u(0, s, d, k);
    }

    /**
     * Linear solves of the final Gauss-Newton run on the whole grid (1 for a linear system, which
     * is solved exactly in one step).
     */
    public int iterations() { return iterations; }

    /** Linear solves in all, counting continuation windows and failed attempts. */
    public int totalIterations() { return totalIterations; }

    /** Gauss-Newton runs: 1 when the whole grid converged from the first guess. */
    public int windows() { return windows; }

    /**
     * The last relative max-norm update, at most the tolerance (0 for a linear system, which needs
     * no update after its one solve).
     */
    public double updateNorm() { return updateNorm; }

    /**
     * Whether the iteration stopped at the rounding-noise level of the linear solves (the update
     * stopped decreasing below {@link NonlinearOptions#stallTolerance()}) rather than at the
     * tolerance; {@link #updateNorm()} is then the smallest update seen.
     */
    public boolean stalled() { return stalled; }

    /**
     * How far the least-squares solution gives way on the initial values: the largest
     * |u_d^(k)(t_0) - v_{d,k}| relative to |v_{d,k}| plus the change of u_d^(k) over the first
     * step; at most {@link NonlinearOptions#initialTolerance()} (0 for a linear system, where it
     * is not checked).
     */
    public double initialDeviation() { return initialDeviation; }

    /** sqrt(sum_{s,e} G_e(t_s, u_s)^2): the nonlinear equation-row residual at the solution. */
    public double residualNorm() { return residualNorm; }

    /** max_{s,e} |G_e(t_s, u_s)|. */
    public double maxResidual() { return maxResidual; }

    @Override
    public String toString() {
        return "NonlinearSolution[" + grid.points() + " points, " + iterations + " iterations ("
                + totalIterations + " in " + windows + " runs), update " + String.format("%.2e", updateNorm)
                + (stalled ? " (rounding-noise floor)" : "") + ", residual " + String.format("%.3e", residualNorm) + "]";
    }
}
