package org.mnn.ode;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A strictly increasing grid of N &ge; 2 time points t_0 &lt; ... &lt; t_{N-1}, uniform or not.
 * Immutable.
 *
 * <p>{@link #parse} reads the command-line form {@code START:STOP:STEP}: the points
 * {@code START + i*STEP} up to STOP inclusive. When STEP divides STOP - START (up to 1e-6 of a
 * step, so that {@code 0:1:0.1} has 11 points) the last point is STOP exactly;
 * otherwise a final shorter step ends the grid at STOP ({@code 0:1:0.3} is 0, 0.3, 0.6, 0.9, 1).
 * Points are computed as {@code START + i*STEP}, not by accumulating steps.
 */
public final class TimeGrid {
    /** The most points a grid may have (about 400 MB of times; solver memory is far larger). */
    public static final int MAX_POINTS = 50_000_000;

    private static final Pattern NUMBER =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final double[] times;
    private final boolean uniform;

    private TimeGrid(double[] times, boolean uniform) {
        this.times = times;
        this.uniform = uniform;
    }

    /**
     * Parses {@code START:STOP:STEP} (decimal numbers, optional exponent, blanks around them
     * allowed).
     *
     * @throws InvalidProblemException naming the part that is wrong: not three parts, a part that
     *         is not a finite number, STEP &le; 0, STOP &le; START, or more than
     *         {@link #MAX_POINTS} points
     */
    public static TimeGrid parse(String text) {
        if (text == null) {
            throw new InvalidProblemException("time grid: missing; expected START:STOP:STEP, e.g. 0:10:0.01");
        }
        String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            throw new InvalidProblemException("time grid '" + text + "': expected START:STOP:STEP (three numbers"
                    + " separated by ':'), e.g. 0:10:0.01; got " + parts.length + " part" + (parts.length == 1 ? "" : "s"));
        }
        double start = number(text, "START", parts[0]);
        double stop = number(text, "STOP", parts[1]);
        double step = number(text, "STEP", parts[2]);
        return uniform(start, stop, step, text);
    }

    /** The grid START, START + STEP, ..., STOP (see the class comment for a STEP that does not divide). */
    public static TimeGrid uniform(double start, double stop, double step) {
        return uniform(start, stop, step, start + ":" + stop + ":" + step);
    }

    private static TimeGrid uniform(double start, double stop, double step, String text) {
        String where = "time grid '" + text + "': ";
        if (!Double.isFinite(start) || !Double.isFinite(stop) || !Double.isFinite(step)) {
            throw new InvalidProblemException(where + "START, STOP and STEP must be finite numbers");
        }
        if (!(step > 0)) {
            throw new InvalidProblemException(where + "STEP must be positive, got " + step);
        }
        if (!(stop > start)) {
            throw new InvalidProblemException(where + "STOP must be greater than START, got START = "
                    + start + ", STOP = " + stop);
        }
        double steps = (stop - start) / step;
        long whole = Math.round(steps);
        boolean divides = Math.abs(steps - whole) <= 1e-6 && whole >= 1;
        double full = divides ? whole : Math.floor(steps);
        double count = full + (divides ? 1 : 2);
        if (count > MAX_POINTS) {
            throw new InvalidProblemException(where + "about " + String.format("%.3g", count)
                    + " points, more than the limit of " + MAX_POINTS + "; use a larger STEP or a shorter interval");
        }
        int n = (int) count;
        double[] t = new double[n];
        for (int i = 0; i < n - 1; i++) {
            t[i] = start + i * step;
        }
        t[n - 1] = stop;
        // a non-dividing STEP can leave a final step so short that rounding breaks monotonicity
        if (n >= 3 && !(t[n - 1] > t[n - 2])) {
            t = Arrays.copyOf(t, n - 1);
            t[n - 2] = stop;
        }
        return new TimeGrid(t, divides);
    }

    /**
     * A grid through the given times (copied), which must be finite and strictly increasing.
     *
     * @throws InvalidProblemException with the index of the first offending time
     */
    public static TimeGrid of(double... times) {
        if (times == null || times.length < 2) {
            throw new InvalidProblemException("time grid: expected at least 2 points, got "
                    + (times == null ? 0 : times.length));
        }
        if (times.length > MAX_POINTS) {
            throw new InvalidProblemException("time grid: " + times.length + " points, more than the limit of " + MAX_POINTS);
        }
        for (int i = 0; i < times.length; i++) {
            if (!Double.isFinite(times[i])) {
                throw new InvalidProblemException("time grid: times[" + i + "] = " + times[i]
                        + " is not a finite number");
            }
            if (i > 0 && !(times[i] > times[i - 1])) {
                throw new InvalidProblemException("time grid: times[" + i + "] = " + times[i]
                        + " is not greater than times[" + (i - 1) + "] = " + times[i - 1]
                        + "; times must be strictly increasing");
            }
        }
        return new TimeGrid(times.clone(), false);
    }

    private static double number(String text, String name, String part) {
        String p = part.strip();
        if (!NUMBER.matcher(p).matches()) {
            throw new InvalidProblemException("time grid '" + text + "': " + name + " '" + part
                    + "' is not a number; expected START:STOP:STEP, e.g. 0:10:0.01");
        }
        double v = Double.parseDouble(p);
        if (!Double.isFinite(v)) {
            throw new InvalidProblemException("time grid '" + text + "': " + name + " '" + part + "' is out of range");
        }
        return v;
    }

    /** N, the number of points. */
    public int points() {
        return times.length;
    }

    /** t_i. */
    public double time(int i) {
        return times[i];
    }

    public double start() {
        return times[0];
    }

    public double stop() {
        return times[times.length - 1];
    }

    /** A copy of the times. */
    public double[] times() {
        return times.clone();
    }

    /** The N-1 step sizes h_s = t_{s+1} - t_s (a new array, as {@link OdeBatch} wants them). */
    public double[] steps() {
        return steps(times.length);
    }

    /** The step sizes of the first {@code points} points (a prefix of the grid). */
    public double[] steps(int points) {
        double[] h = new double[points - 1];
        for (int s = 0; s < h.length; s++) {
            h[s] = times[s + 1] - times[s];
        }
        return h;
    }

    /** Whether the grid came from START:STOP:STEP with a STEP that divides the interval. */
    public boolean isUniform() {
        return uniform;
    }

    @Override
    public String toString() {
        return "TimeGrid[" + times.length + " points, " + start() + " .. " + stop() + (uniform ? ", uniform" : "") + "]";
    }
}
