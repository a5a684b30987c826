package org.mnn.classroom;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mnn.demo.KnownSystem;
import org.mnn.discover.Comparison;

/**
 * Assignment "What noise breaks discovery?" ({@code notebooks/classroom/02-noise.ipynb}): the
 * student runs MNN discovery and the least-squares (SINDy) baseline on Lorenz data at the noise
 * levels {@link #NOISES} and finds, for each method, the first level at which the discovered
 * terms are no longer exactly the true ones. The checks judge the answers against the student's own
 * results (so they hold whatever the numbers are), after checking that the results are complete.
 * Exact terms alone may not separate the methods; a model is <em>usable</em> when its terms are
 * exact and no true coefficient is off by more than {@link #ERROR_LIMIT}.
 */
public final class NoiseStudy {

    /** The noise levels to study, as fractions of each coordinate's standard deviation. */
    public static final List<Double> NOISES = List.of(0.0, 0.02, 0.05, 0.1, 0.2);

    /** A model whose largest relative coefficient error is above this (10%) is not usable. */
    public static final double ERROR_LIMIT = 0.1;

    private NoiseStudy() {}

    /** The Lorenz system (sigma 10, rho 28, beta 8/3) sampled every 0.01 for 2,000 points. */
    public static KnownSystem system() {
        KnownSystem s = KnownSystem.lorenz();
        return new KnownSystem(s.name(), s.variables(), s.library(), s.terms(), s.x0(), s.dt(), 2_000);
    }

    /** Exercise 1: a result for every noise level of {@link #NOISES}. */
    public static void checkResults(String method, Map<Double, Comparison> results) {
        Check.report(resultsOutcome(method, results));
    }

    static Check.Outcome resultsOutcome(String method, Map<Double, Comparison> results) {
        String name = method + " results";
        if (results == null || results.isEmpty()) {
            return Check.missing(name, "the TODO loop has not filled " + method + "'s results yet");
        }
        List<Double> absent = new ArrayList<>();
        for (double n : NOISES) {
            if (!results.containsKey(n) || results.get(n) == null) {
                absent.add(n);
            }
        }
        if (!absent.isEmpty()) {
            return Check.fail(name, name + ": no result for noise " + join(absent) + " (run every level of NoiseStudy.NOISES)");
        }
        return Check.pass(name, name + ": all " + NOISES.size() + " noise levels ran");
    }

    /**
     * Exercise 2: the first noise level of {@link #NOISES} at which {@code method}'s terms are not
     * exactly the true ones (a spurious or a missed term), or {@code Double.POSITIVE_INFINITY} if
     * that never happens.
     */
    public static void checkBreakingNoise(String method, double answer, Map<Double, Comparison> results) {
        Check.report(breakingOutcome(method, answer, results));
    }

    static Check.Outcome breakingOutcome(String method, double answer, Map<Double, Comparison> results) {
        return firstFailureOutcome("noise that breaks " + method, method, answer, results, false);
    }

    /**
     * Exercise 3: the first noise level of {@link #NOISES} at which {@code method}'s model is not
     * usable: wrong terms, or a true coefficient off by more than {@link #ERROR_LIMIT} (10%);
     * {@code Double.POSITIVE_INFINITY} if it stays usable at every level.
     */
    public static void checkFirstUnusable(String method, double answer, Map<Double, Comparison> results) {
        Check.report(unusableOutcome(method, answer, results));
    }

    static Check.Outcome unusableOutcome(String method, double answer, Map<Double, Comparison> results) {
        return firstFailureOutcome("first noise where " + method + " is not usable", method, answer, results, true);
    }

    private static Check.Outcome firstFailureOutcome(String name, String method, double answer,
                                                     Map<Double, Comparison> results, boolean withError) {
        Check.Outcome complete = resultsOutcome(method, results);
        if (!complete.passed()) {
            return Check.missing(name, "complete " + method + "'s results first");
        }
        if (Double.isNaN(answer)) {
            return Check.missing(name, "replace Double.NaN in the TODO with a noise level, "
                    + "or Double.POSITIVE_INFINITY if that never happens");
        }
        double expected = firstFailure(results, withError);
        String what = withError ? "a spurious or missed term or an error above " + Check.percent(ERROR_LIMIT)
                : "a spurious or missed term";
        if (answer == expected) {
            return Check.pass(name, name + ": " + level(answer));
        }
        if (Double.isInfinite(answer)) {
            return Check.fail(name, name + ": it does happen; look for the first row with " + what);
        }
        if (!NOISES.contains(answer)) {
            return Check.fail(name, name + ": " + Check.number(answer) + " is not one of the levels studied ("
                    + join(NOISES) + ")");
        }
        return Check.fail(name, name + ": " + level(answer) + " is not the first level with " + what
                + (answer > expected ? " (look at lower noise)" : " (at that level all is still fine)"));
    }

    /** Exercise 4: "MNN", "SINDy" or "neither": which stays usable (right terms, errors within
     * {@link #ERROR_LIMIT}) up to higher noise. */
    public static void checkMoreRobust(String answer, Map<Double, Comparison> mnn, Map<Double, Comparison> sindy) {
        Check.report(robustOutcome(answer, mnn, sindy));
    }

    static Check.Outcome robustOutcome(String answer, Map<Double, Comparison> mnn, Map<Double, Comparison> sindy) {
        String question = "the more robust method";
        if (!resultsOutcome("MNN", mnn).passed() || !resultsOutcome("SINDy", sindy).passed()) {
            return Check.missing(question, "complete both methods' results first");
        }
        double a = firstFailure(mnn, true);
        double b = firstFailure(sindy, true);
        if (a > b) {
            return Check.choiceOutcome(question, answer, "MNN");
        }
        if (b > a) {
            return Check.choiceOutcome(question, answer, "SINDy", "least squares", "baseline");
        }
        return Check.choiceOutcome(question, answer, "neither", "same", "both");
    }

    /** The first level (in the order of NOISES) whose comparison is not exact (or, withError, has
     * an error above ERROR_LIMIT), else +infinity. */
    static double firstFailure(Map<Double, Comparison> results, boolean withError) {
        for (double n : NOISES) {
            Comparison c = results.get(n);
            if (!c.exactSupport() || (withError && !(c.maxRelativeError() <= ERROR_LIMIT))) {
                return n;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static String level(double noise) {
        return Double.isInfinite(noise) ? "never, at none of the levels" : "noise " + Check.number(noise)
                + String.format(Locale.ROOT, " (%s%%)", Check.number(100 * noise));
    }

    private static String join(List<Double> values) {
        return String.join(", ", values.stream().map(Check::number).toList());
    }
}
