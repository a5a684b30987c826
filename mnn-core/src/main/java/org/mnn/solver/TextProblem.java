package org.mnn.solver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.mnn.ode.InvalidProblemException;
import org.mnn.ode.TimeGrid;
import org.mnn.ode.text.InitialConditions;
import org.mnn.ode.text.OdeParser;
import org.mnn.ode.text.OdeSyntaxException;
import org.mnn.ode.text.OdeSystem;

/**
 * An initial value problem given as text, the way {@code mnn solve} and the notebook magic
 * {@code %%ode} take it: the equations, the initial values, the time grid {@code START:STOP:STEP}
 * and named constants. {@link #parse} checks each piece and names the one that is wrong;
 * {@link #solve} runs {@link NonlinearOdeSolver} (one NeuRLP solve for a linear system).
 */
public final class TextProblem {

    /** Which input was wrong ({@code --ode}, {@code --init}, {@code --t}, ...) and why. */
    public static final class InvalidInputException extends IllegalArgumentException {
        private final String option;
        private final String detail;

        public InvalidInputException(String option, String detail, Throwable cause) {
            super("invalid " + option + ": " + detail, cause);
            this.option = option;
            this.detail = detail;
        }

        /** The option that names the input, e.g. {@code --init}. */
        public String option() { return option; }

        /** What was wrong with it (the parser's message, possibly several lines). */
        public String detail() { return detail; }
    }

    private final OdeSystem system;
    private final InitialConditions initial;
    private final TimeGrid grid;

    private TextProblem(OdeSystem system, InitialConditions initial, TimeGrid grid) {
        this.system = system;
        this.initial = initial;
        this.grid = grid;
    }

    /**
     * Parses the equations (with {@code params} as named constants), then the initial values,
     * then the grid.
     *
     * @throws InvalidInputException naming {@code --ode}, {@code --init} or {@code --t}
     */
    public static TextProblem parse(String ode, String init, String grid, Map<String, Double> params) {
        OdeSystem system;
        try {
            system = OdeParser.parse(ode, params == null ? Map.of() : params);
        } catch (OdeSyntaxException e) {
            throw new InvalidInputException("--ode", e.getMessage(), e);
        }
        InitialConditions initial;
        try {
            initial = InitialConditions.parse(init, system);
        } catch (OdeSyntaxException e) {
            throw new InvalidInputException("--init", e.getMessage(), e);
        }
        TimeGrid times;
        try {
            times = TimeGrid.parse(grid);
        } catch (InvalidProblemException e) {
            throw new InvalidInputException("--t", e.getMessage(), e);
        }
        return new TextProblem(system, initial, times);
    }

    /**
     * The solver options for a tolerance and an iteration budget.
     *
     * The linear solver is the one named by the system property {@value OdeSolver#PROPERTY}
     * (cpu when unset).
     *
     * @throws InvalidInputException naming {@code --tol}, {@code --max-iter} or {@code --solver}
     */
    public static NonlinearOptions options(double tolerance, int maxIterations) {
        NonlinearOptions options = NonlinearOptions.defaults();
        try {
            options = options.withTolerance(tolerance);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--tol", e.getMessage(), e);
        }
        try {
            options = options.withMaxIterations(maxIterations);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--max-iter", e.getMessage(), e);
        }
        String solver = System.getProperty(OdeSolver.PROPERTY, "cpu");
        try {
            return options.withSolver(solver);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidInputException("--solver", "system property " + OdeSolver.PROPERTY
                    + ": " + e.getMessage().replaceFirst("^solver: ", ""), e);
        }
    }

    public OdeSystem system() { return system; }

    public InitialConditions initial() { return initial; }

    public TimeGrid grid() { return grid; }

    /**
     * Solves with NeuRLP.
     *
     * @throws InvalidProblemException the problem as a whole is not solvable as posed
     * @throws NonConvergenceException a nonlinear solve did not converge
     * @throws IllPosedProblemException a linear solve met a singular system
     */
    public NonlinearSolution solve(NonlinearOptions options) {
        return new NonlinearOdeSolver(options).solve(system, initial, grid);
    }

    /**
     * Column names of a solution table: {@code t}, then every variable with its derivatives up to
     * its order ({@code x, x', x''}).
     */
    public static List<String> columns(OdeSystem system) {
        List<String> names = new ArrayList<>();
        names.add("t");
        for (int d = 0; d < system.dims(); d++) {
            for (int k = 0; k <= system.order(d); k++) {
                names.add(system.variableName(d) + "'".repeat(k));
            }
        }
        return Collections.unmodifiableList(names);
    }
}
