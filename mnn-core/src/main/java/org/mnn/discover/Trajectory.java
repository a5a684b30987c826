package org.mnn.discover;

import java.util.Arrays;

/**
 * One measured trajectory: N time stamps (strictly increasing, possibly uneven), the state
 * variables {@code states[i][d]} and the measured external inputs {@code inputs[i][j]} (forcing,
 * control; zero columns when there are none) at each time stamp. The label names it in messages
 * (for CSV data: the file and, with several experiments, the trajectory's key).
 */
public record Trajectory(String label, double[] times, double[][] states, double[][] inputs) {

    public Trajectory {
        if (times.length < 2) {
            throw new IllegalArgumentException(label + ": a trajectory needs at least 2 time stamps, got " + times.length);
        }
        if (states.length != times.length || inputs.length != times.length) {
            throw new IllegalArgumentException(label + ": " + times.length + " time stamps but " + states.length
                    + " state rows and " + inputs.length + " input rows");
        }
        for (int i = 0; i < times.length; i++) {
            if (!Double.isFinite(times[i])) {
                throw new IllegalArgumentException(label + ": time stamp " + i + " is " + times[i]);
            }
            if (i > 0 && !(times[i] > times[i - 1])) {
                throw new IllegalArgumentException(label + ": time stamps must increase strictly, but t[" + i + "] = "
                        + times[i] + " follows t[" + (i - 1) + "] = " + times[i - 1]);
            }
            requireFinite(states[i], states[0].length, "state", i);
            requireFinite(inputs[i], inputs[0].length, "input", i);
        }
    }

    /** A trajectory without inputs. */
    public static Trajectory of(String label, double[] times, double[][] states) {
        return new Trajectory(label, times, states, new double[times.length][0]);
    }

    private void requireFinite(double[] row, int width, String what, int i) {
        if (row.length != width) {
            throw new IllegalArgumentException(label + ": " + what + " row " + i + " has " + row.length
                    + " values, expected " + width);
        }
        for (int j = 0; j < row.length; j++) {
            if (!Double.isFinite(row[j])) {
                throw new IllegalArgumentException(label + ": " + what + " " + j + " at time stamp " + i + " is " + row[j]);
            }
        }
    }

    public int size() { return times.length; }
    public int dims() { return states[0].length; }
    public int inputCount() { return inputs[0].length; }

    /** Column d of the states. */
    public double[] state(int d) {
        return Arrays.stream(states).mapToDouble(r -> r[d]).toArray();
    }
}
