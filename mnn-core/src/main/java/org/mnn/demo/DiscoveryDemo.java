package org.mnn.demo;

import java.util.ArrayList;
import java.util.List;
import org.mnn.discover.Comparison;
import org.mnn.discover.Dataset;
import org.mnn.discover.DiscoveredModel;
import org.mnn.discover.Discovery;
import org.mnn.discover.Threshold;

/**
 * Equation discovery on a {@link KnownSystem}: its data (optionally noisy, optionally fewer
 * points), MNN discovery over the system's library with the default threshold (relative 0.05), and the
 * found model against the truth term by term.
 */
public final class DiscoveryDemo {
    private DiscoveryDemo() { }

    /**
     * @param points samples (at the system's step), or null for the system's default
     */
    public record Config(KnownSystem system, double noise, long seed, Integer points, Threshold threshold, int window) {
        public static Config of(KnownSystem system) {
            return new Config(system, 0, 1, null, Threshold.relative(0.05), 50);
        }

        public Config withNoise(double n) { return new Config(system, n, seed, points, threshold, window); }
        public Config withSeed(long s) { return new Config(system, noise, s, points, threshold, window); }
        public Config withPoints(Integer p) { return new Config(system, noise, seed, p, threshold, window); }

        /** The system with this config's number of points. */
        public KnownSystem sampled() {
            KnownSystem s = system;
            return points == null ? s : new KnownSystem(s.name(), s.variables(), s.library(), s.terms(), s.x0(), s.dt(), points);
        }
    }

    /** One coefficient of the truth's or the found model's support: true and found values. */
    public record TermError(String variable, String term, double truth, double found) {
        /** |found - truth| / |truth|; 1 for a missed term, infinity for a spurious one. */
        public double relativeError() {
            return truth != 0 ? Math.abs(found - truth) / Math.abs(truth) : Double.POSITIVE_INFINITY;
        }
    }

    public record Result(Config config, Dataset data, DiscoveredModel found, DiscoveredModel truth, Comparison comparison,
                         List<TermError> terms, double seconds) { }

    public static Result run(Config c) {
        KnownSystem system = c.sampled();
        Dataset data = system.data(c.noise(), c.seed());
        long start = System.nanoTime();
        DiscoveredModel found = Discovery.builder().library(system.library()).threshold(c.threshold()).window(c.window())
                .build().fit(data);
        double seconds = (System.nanoTime() - start) / 1e9;
        DiscoveredModel truth = system.truth();
        return new Result(c, data, found, truth, Comparison.of(found, truth), termErrors(found, truth), seconds);
    }

    /** Every term that the truth or the found model uses, equation by equation in library order. */
    public static List<TermError> termErrors(DiscoveredModel found, DiscoveredModel truth) {
        double[][] a = found.coefficients();
        double[][] b = truth.coefficients();
        List<String> names = truth.library().names();
        List<TermError> out = new ArrayList<>();
        for (int d = 0; d < b.length; d++) {
            for (int k = 0; k < b[d].length; k++) {
                if (a[d][k] != 0 || b[d][k] != 0) {
                    out.add(new TermError(truth.variables().get(d), names.get(k), b[d][k], a[d][k]));
                }
            }
        }
        return out;
    }
}
