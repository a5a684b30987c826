package org.mnn.kernel.ext;

import java.util.List;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.CellMagic;
import org.mnn.ode.InvalidProblemException;
import org.mnn.ode.text.OdeSystem;
import org.mnn.solver.NonlinearSolution;
import org.mnn.solver.TextProblem;

/**
 * {@code %%ode --init TEXT --t START:STOP:STEP [--param k=v] [--name VAR]} with the equations as
 * the cell body: solves as {@code mnn solve} does ({@link TextProblem}), stores an
 * {@link OdeSolution} in the notebook variable VAR (default {@code ode}) and shows it as a plot.
 */
public final class OdeMagic implements CellMagic<Object, BaseKernel> {

    @Override
    public Object eval(BaseKernel kernel, List<String> args, String body) {
        OdeArgs a = OdeArgs.parse(args);
        OdeSolution solution = solve(a, body);
        NotebookVariables.define(kernel, a.name(), OdeSolution.class, solution);
        kernel.display(OdeDisplay.bundle(solution, a.png()));
        return null;
    }

    /** Parses and solves; bad input becomes a {@link MagicUsageException} that names the option. */
    public static OdeSolution solve(OdeArgs a, String body) {
        if (body == null || body.isBlank()) {
            throw new MagicUsageException("%%ode: the cell body is empty: expected the equations, e.g. x'' + x = 0");
        }
        TextProblem problem;
        try {
            problem = TextProblem.parse(body, a.init(), a.grid(), a.params());
        } catch (TextProblem.InvalidInputException e) {
            // the message says it all: no cause, so that the cell's traceback stays short
            String option = e.option().equals("--ode") ? "equations (cell body)" : e.option();
            throw new MagicUsageException("%%ode: invalid " + option + ": " + e.detail());
        }
        NonlinearSolution result;
        try {
            result = problem.solve(TextProblem.options(a.tolerance(), a.maxIterations()));
        } catch (TextProblem.InvalidInputException e) {
            throw new MagicUsageException("%%ode: invalid " + e.option() + ": " + e.detail() + "; "
                    + OdeArgs.expected(e.option()));
        } catch (InvalidProblemException e) {
            throw new MagicUsageException("%%ode: invalid problem: " + e.getMessage());
        }
        OdeSystem system = problem.system();
        return OdeSolution.of(body, system, result);
    }
}
