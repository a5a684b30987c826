package org.mnn.ode.text;

import java.util.ArrayList;
import java.util.List;
import org.mnn.solver.InitialValues;

/**
 * Initial values such as {@code x(0) = 1, x'(0) = 0} for an {@link OdeSystem}: for each
 * variable d the consecutive derivatives 0..count(d)-1 at one common time. Immutable.
 */
public final class InitialConditions implements InitialValues {
    private final double time;
    private final List<String> variables;
    private final double[][] values;

    InitialConditions(double time, List<String> variables, double[][] values) {
        this.time = time;
        this.variables = variables;
        this.values = values;
    }

    /**
     * Parses items {@code name primes (time) = value} separated by commas, semicolons or new
     * lines. Time and value are constant expressions (numbers, pi, e, functions, the system's
     * parameters). Empty text gives no initial values at time 0.
     *
     * @throws OdeSyntaxException with line and column for an unknown variable, a derivative at
     *         or above the variable's order, a gap, a duplicate or differing times
     */
    public static InitialConditions parse(String text, OdeSystem system) {
        return new InitialConditionParser(system).parse(text);
    }

    /** The common time of all values (0 when none are given). */
    public double time() {
        return time;
    }

    /** K_d: derivatives 0..K_d-1 of variable d are given. */
    public int count(int d) {
        return values[d].length;
    }

    /** u_d^(k) at {@link #time()}, for k &lt; count(d). */
    public double value(int d, int k) {
        return values[d][k];
    }

    /** Canonical text, e.g. {@code x(0) = 1, x'(0) = 0}; re-parses to the same values. */
    @Override
    public String toString() {
        List<String> items = new ArrayList<>();
        for (int d = 0; d < values.length; d++) {
            for (int k = 0; k < values[d].length; k++) {
                items.add(variables.get(d) + "'".repeat(k) + "(" + Printer.number(time) + ") = "
                        + Printer.number(values[d][k]));
            }
        }
        return String.join(", ", items);
    }
}
