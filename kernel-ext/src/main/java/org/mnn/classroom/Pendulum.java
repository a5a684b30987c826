package org.mnn.classroom;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mnn.discover.DiscoveredModel;
import org.mnn.discover.Library;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Assignment "Find the law of this pendulum" ({@code notebooks/classroom/01-pendulum.ipynb}): the
 * measured swings of a damped pendulum, theta'' = -(g/L) sin(theta) - c theta', whose length and
 * friction the student has to find, and the checks of the answers. The true values live here, not
 * in the notebook.
 */
public final class Pendulum {

    static final double G = 9.81;
    static final double LENGTH = 0.5;
    static final double G_OVER_L = G / LENGTH;
    static final double DAMPING = 0.3;
    /** Two swings: released at 143 degrees, and pushed from -57 degrees. */
    private static final double[][] STARTS = {{2.5, 0}, {-1.0, 4.0}};
    private static final double STEP = 0.02;
    private static final int POINTS = 500;
    private static final double NOISE = 0.01;

    private Pendulum() {}

    /** The true law as a model over {theta, omega} (for the tests). */
    static DiscoveredModel truth() {
        List<String> vars = List.of("theta", "omega");
        Library lib = Library.of(vars, "theta", "omega", "sin(theta)");
        return new DiscoveredModel(vars, List.of(), lib, new double[][] {{0, 1, 0}, {0, -DAMPING, -G_OVER_L}});
    }

    /**
     * The measurements: columns {@code swing} (A or B), {@code t} (seconds, every 0.02 s for 10 s),
     * {@code theta} (angle, rad) and {@code omega} (angular velocity, rad/s), with measurement noise
     * of 1% of each signal's spread. The same numbers every time.
     */
    public static Table data() {
        StringColumn swing = StringColumn.create("swing");
        DoubleColumn t = DoubleColumn.create("t");
        DoubleColumn theta = DoubleColumn.create("theta");
        DoubleColumn omega = DoubleColumn.create("omega");
        SplittableRandom rnd = new SplittableRandom(2024);
        double[] times = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            times[i] = i * STEP;
        }
        List<double[][]> runs = new ArrayList<>();
        for (double[] start : STARTS) {
            runs.add(truth().simulate(start, times));
        }
        double[] sd = spread(runs);
        for (int r = 0; r < runs.size(); r++) {
            double[][] x = runs.get(r);
            for (int i = 0; i < POINTS; i++) {
                swing.append(r == 0 ? "A" : "B");
                t.append(Math.round(times[i] * 1e6) / 1e6);
                theta.append(x[i][0] + NOISE * sd[0] * rnd.nextGaussian());
                omega.append(x[i][1] + NOISE * sd[1] * rnd.nextGaussian());
            }
        }
        return Table.create("pendulum", swing, t, theta, omega);
    }

    private static double[] spread(List<double[][]> runs) {
        double[] sd = new double[2];
        for (int d = 0; d < 2; d++) {
            double sum = 0;
            double sq = 0;
            int n = 0;
            for (double[][] x : runs) {
                for (double[] row : x) {
                    sum += row[d];
                    sq += row[d] * row[d];
                    n++;
                }
            }
            double mean = sum / n;
            sd[d] = Math.sqrt(Math.max(sq / n - mean * mean, 0));
        }
        return sd;
    }

    /** Exercise 1: the discovered model has the pendulum's terms, no more, no fewer. */
    public static void checkLaw(DiscoveredModel model) {
        Check.report(lawOutcome(model));
    }

    static Check.Outcome lawOutcome(DiscoveredModel model) {
        return Check.modelOutcome("the pendulum's law", model, "theta: omega", "omega: omega, sin(theta)");
    }

    /** Exercise 2: g/L (1/s^2) within 1% and c (1/s) within 5%. */
    public static void checkParameters(double gOverL, double c) {
        Check.value("g/L", gOverL, G_OVER_L, 0.01);
        Check.value("c", c, DAMPING, 0.05);
    }

    /** Exercise 3: the length in metres, with g = 9.81 m/s^2, within 2%. */
    public static void checkLength(double metres) {
        Check.value("L", metres, LENGTH, 0.02);
    }
}
