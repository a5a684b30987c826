package org.mnn.discover;

import org.mnn.ode.text.Expression;

/** One candidate function of a library, named in the ODE text form ({@code x*z}, {@code x^2},
 * {@code sin(y)}, {@code 1} for the constant). */
public record Term(String name, Expression expression) {

    public double value(double t, double[] signals) {
        return expression.value(t, signals);
    }

    @Override
    public String toString() {
        return name;
    }
}
