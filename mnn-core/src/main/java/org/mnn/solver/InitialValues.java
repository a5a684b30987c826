package org.mnn.solver;

/**
 * Initial values of an {@link ImplicitOde} at one time: derivatives 0..count(d)-1 of every variable
 * d. {@link org.mnn.ode.text.InitialConditions} (the parsed text form) is one implementation;
 * {@link #of} builds one from arrays.
 */
public interface InitialValues {
    /** The common time of all values. */
    double time();

    /** K_d: derivatives 0..K_d-1 of variable d are given. */
    int count(int d);

    /** u_d^(k) at {@link #time()}, for k &lt; count(d). */
    double value(int d, int k);

    /** Values {@code values[d][k]} = u_d^(k)(time); row d may be shorter than the order of d. */
    static InitialValues of(double time, double[][] values) {
        double[][] copy = new double[values.length][];
        for (int d = 0; d < values.length; d++) {
            copy[d] = values[d].clone();
        }
        return new InitialValues() {
            @Override
            public double time() {
                return time;
            }

            @Override
            public int count(int d) {
                return copy[d].length;
            }

            @Override
            public double value(int d, int k) {
                return copy[d][k];
            }
        };
    }
}
