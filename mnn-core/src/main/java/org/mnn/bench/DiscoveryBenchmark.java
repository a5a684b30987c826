package org.mnn.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.mnn.demo.KnownSystem;
import org.mnn.discover.Comparison;
import org.mnn.discover.Dataset;
import org.mnn.discover.DiscoveredModel;
import org.mnn.discover.Discovery;
import org.mnn.discover.SindyBaseline;
import org.mnn.discover.Threshold;

/**
 * Discovery accuracy and speed on systems with known equations, every method on the same noisy
 * data in one run: the SINDy baseline (finite differences, PySINDy's defaults), the same with
 * Savitzky-Golay smoothing, the MNN's selection stage alone (NeuRLP window fits on the data) and
 * the full MNN (with the consistency refinement). Each row: exact supports over the seeds, the
 * median and worst max relative error of the true coefficients, and the mean wall time.
 */
public final class DiscoveryBenchmark {

    /** A discovery method under test. */
    public record Method(String name, Function<KnownSystem, Function<Dataset, DiscoveredModel>> fit) { }

    public record Row(String system, double noise, String method, int exact, int seeds, double medianError,
                      double worstError, double meanSpurious, double meanMissed, double seconds) { }

    private DiscoveryBenchmark() { }

    public static List<Method> methods() {
        return List.of(
                new Method("SINDy (finite differences)", s -> d -> SindyBaseline.fit(d, s.library(), Threshold.absolute(0.1), 0.05, false)),
                new Method("SINDy + smoothing", s -> d -> SindyBaseline.fit(d, s.library(), Threshold.absolute(0.1), 0.05, true)),
                new Method("MNN, selection only", s -> d -> Discovery.builder().library(s.library())
                        .refinementIterations(0).build().fit(d)),
                new Method("MNN", s -> d -> Discovery.builder().library(s.library()).build().fit(d)));
    }

    /** Runs every method on every (system, noise, seed); {@code progress} gets one line per cell. */
    public static List<Row> run(List<KnownSystem> systems, double[] noises, int seeds, List<Method> methods,
                                PrintWriter progress) {
        List<Row> rows = new ArrayList<>();
        for (KnownSystem system : systems) {
            DiscoveredModel truth = system.truth();
            for (double noise : noises) {
                List<Dataset> data = new ArrayList<>();
                for (int seed = 0; seed < seeds; seed++) {
                    data.add(system.data(noise, 1000 + seed));
                }
                for (Method m : methods) {
                    double[] errors = new double[seeds];
                    int exact = 0;
                    double spurious = 0;
                    double missed = 0;
                    long start = System.nanoTime();
                    for (int seed = 0; seed < seeds; seed++) {
                        Comparison c = Comparison.of(m.fit().apply(system).apply(data.get(seed)), truth);
                        errors[seed] = c.maxRelativeError();
                        exact += c.exactSupport() ? 1 : 0;
                        spurious += c.spurious();
                        missed += c.missed();
                    }
                    double seconds = (System.nanoTime() - start) / 1e9 / seeds;
                    Arrays.sort(errors);
                    Row row = new Row(system.name(), noise, m.name(), exact, seeds, median(errors),
                            errors[seeds - 1], spurious / seeds, missed / seeds, seconds);
                    rows.add(row);
                    if (progress != null) {
                        progress.println(format(row));
                        progress.flush();
                    }
                }
            }
        }
        return rows;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    public static String header() {
        return "| system | noise | method | exact support | median max rel. error | worst | spurious (mean) | missed (mean) | seconds per run |\n"
                + "|---|---:|---|---:|---:|---:|---:|---:|---:|";
    }

    public static String format(Row r) {
        return String.format(Locale.ROOT, "| %s | %.0f%% | %s | %d/%d | %s | %s | %.1f | %.1f | %.2f |", r.system(),
                100 * r.noise(), r.method(), r.exact(), r.seeds(), percent(r.medianError()), percent(r.worstError()),
                r.meanSpurious(), r.meanMissed(), r.seconds());
    }

    private static String percent(double e) {
        return e >= 10 ? String.format(Locale.ROOT, "%.3g", e) : String.format(Locale.ROOT, "%.2f%%", 100 * e);
    }
}
