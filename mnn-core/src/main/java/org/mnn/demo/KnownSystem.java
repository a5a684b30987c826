package org.mnn.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.mnn.discover.Dataset;
import org.mnn.discover.DiscoveredModel;
import org.mnn.discover.Library;
import org.mnn.discover.Trajectory;

/**
 * A system with known equations, for demos and benchmarks: its true model (a {@link DiscoveredModel}
 * over a library, so the truth and a discovery are compared term by term), an initial state and
 * a sampling grid. Data are integrated with Hipparchus through {@link DiscoveredModel#simulate}
 * and get Gaussian noise of a given fraction of each coordinate's standard deviation.
 */
public record KnownSystem(String name, List<String> variables, String library, Map<String, Map<String, Double>> terms,
                          double[] x0, double dt, int points) {

    /** sigma 10, rho 28, beta 8/3 from (-8, 8, 27), dt 0.01, 10,000 points. */
    public static KnownSystem lorenz() {
        return new KnownSystem("lorenz", List.of("x", "y", "z"), "poly:2", equations(
                "x", Map.of("x", -10.0, "y", 10.0),
                "y", Map.of("x", 28.0, "y", -1.0, "x*z", -1.0),
                "z", Map.of("z", -8.0 / 3.0, "x*y", 1.0)),
                new double[] {-8, 8, 27}, 0.01, 10_000);
    }

    /** x'' + 0.2 x' + 4 x = 0 as a first-order system. */
    public static KnownSystem dampedOscillator() {
        return new KnownSystem("damped-oscillator", List.of("x", "v"), "poly:2", equations(
                "x", Map.of("v", 1.0),
                "v", Map.of("x", -4.0, "v", -0.2)),
                new double[] {2, 0}, 0.01, 2_000);
    }

    /** x' = 1.0 x - 0.5 x y, y' = -1.5 y + 0.75 x y (period about 4.5). */
    public static KnownSystem lotkaVolterra() {
        return new KnownSystem("lotka-volterra", List.of("x", "y"), "poly:2", equations(
                "x", Map.of("x", 1.0, "x*y", -0.5),
                "y", Map.of("y", -1.5, "x*y", 0.75)),
                new double[] {4, 1}, 0.01, 2_000);
    }

    /** Van der Pol with mu = 1: x' = y, y' = -x + y - x^2 y. */
    public static KnownSystem vanDerPol() {
        return new KnownSystem("van-der-pol", List.of("x", "y"), "poly:3", equations(
                "x", Map.of("y", 1.0),
                "y", Map.of("x", -1.0, "y", 1.0, "x^2*y", -1.0)),
                new double[] {2, 0}, 0.01, 2_000);
    }

    /**
     * Roessler with a = b = 0.2, c = 5.7 from (1, 1, 0), dt 0.02, 5,000 points: dz/dt's constant
     * 0.2 is only about 4% of dz/dt's rms (z's spikes dominate it) but keeps z from decaying
     * between spikes, a test of small but necessary terms.
     */
    public static KnownSystem roessler() {
        return new KnownSystem("roessler", List.of("x", "y", "z"), "poly:2", equations(
                "x", Map.of("y", -1.0, "z", -1.0),
                "y", Map.of("x", 1.0, "y", 0.2),
                "z", Map.of("1", 0.2, "z", -5.7, "x*z", 1.0)),
                new double[] {1, 1, 0}, 0.02, 5_000);
    }

    public static List<KnownSystem> all() {
        return List.of(lorenz(), dampedOscillator(), lotkaVolterra(), vanDerPol(), roessler());
    }

    public static KnownSystem byName(String name) {
        return all().stream().filter(s -> s.name.equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown system " + name + "; known: "
                        + all().stream().map(KnownSystem::name).toList()));
    }

    private static Map<String, Map<String, Double>> equations(Object... pairs) {
        Map<String, Map<String, Double>> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            Map<String, Double> row = (Map<String, Double>) pairs[i + 1];
            m.put((String) pairs[i], row);
        }
        return m;
    }

    /** The true equations over this system's library. */
    public DiscoveredModel truth() {
        Library lib = Library.parse(library, variables);
        double[][] xi = new double[variables.size()][lib.size()];
        for (int d = 0; d < variables.size(); d++) {
            for (Map.Entry<String, Double> t : terms.get(variables.get(d)).entrySet()) {
                int k = lib.names().indexOf(t.getKey());
                if (k < 0) {
                    throw new IllegalStateException("term " + t.getKey() + " is not in " + library);
                }
                xi[d][k] = t.getValue();
            }
        }
        return new DiscoveredModel(variables, List.of(), lib, xi);
    }

    public double[] times() {
        double[] t = new double[points];
        for (int i = 0; i < points; i++) {
            t[i] = i * dt;
        }
        return t;
    }

    /** The clean trajectory. */
    public double[][] clean() {
        return truth().simulate(x0, times());
    }

    /** Data with Gaussian noise of {@code noise} times each coordinate's standard deviation. */
    public Dataset data(double noise, long seed) {
        double[][] x = clean();
        double[][] noisy = addNoise(x, noise, seed);
        return Dataset.of(name, variables, Trajectory.of(name, times(), noisy));
    }

    static double[][] addNoise(double[][] x, double noise, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int dims = x[0].length;
        double[] sd = new double[dims];
        for (int d = 0; d < dims; d++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[d] / x.length;
            }
            double var = 0;
            for (double[] row : x) {
                var += (row[d] - mean) * (row[d] - mean) / x.length;
            }
            sd[d] = Math.sqrt(var);
        }
        List<double[]> out = new ArrayList<>();
        for (double[] row : x) {
            double[] r = row.clone();
            for (int d = 0; d < dims; d++) {
                r[d] += noise * sd[d] * gaussian(rnd);
            }
            out.add(r);
        }
        return out.toArray(double[][]::new);
    }

    /** Box-Muller from SplittableRandom, which (unlike java.util.Random) is reproducible and fast. */
    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
