package org.mnn.classroom;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mnn.discover.DiscoveredModel;

/**
 * Automatic checks for the classroom notebooks ({@code notebooks/classroom/}): each prints one clear
 * line per answer, {@code ✓} right, {@code ✗} wrong with a hint, {@code ○} not answered yet, and
 * never throws on an unanswered exercise ({@code Double.NaN}, {@code null} or an empty answer left
 * in a {@code // TODO}). The public methods print and return nothing, so a check as a cell's last
 * statement shows only its message; the {@code *Outcome} methods return the verdict instead (for
 * tests and for assignment-specific checks).
 *
 * <p>Every verdict is remembered under its name for {@link #summary()}; checking a name again (a
 * cell run again) replaces its earlier verdict.
 */
public final class Check {

    /** The state of one answer. */
    public enum Status { PASS, FAIL, MISSING }

    /** One verdict: the answer's name, its status and the message shown to the student. */
    public record Outcome(String name, Status status, String message) {
        public boolean passed() { return status == Status.PASS; }

        @Override
        public String toString() { return message; }
    }

    private static final Map<String, Status> VERDICTS = new LinkedHashMap<>();
    private static PrintStream out = null;

    private Check() {}

    /** Where messages go (default System.out at the time of printing); for tests. */
    static synchronized void printTo(PrintStream stream) { out = stream; }

    // ---------------------------------------------------------------- values

    /** A number within {@code relativeTolerance} (e.g. 0.02 for 2%) of the expected value. */
    public static void value(String name, double answer, double expected, double relativeTolerance) {
        report(valueOutcome(name, answer, expected, relativeTolerance));
    }

    /** As {@link #value(String, double, double, double)}, for a boxed answer that may be null. */
    public static void value(String name, Double answer, double expected, double relativeTolerance) {
        report(valueOutcome(name, answer == null ? Double.NaN : answer, expected, relativeTolerance));
    }

    public static Outcome valueOutcome(String name, double answer, double expected, double relativeTolerance) {
        if (Double.isNaN(answer)) {
            return missing(name, "replace Double.NaN in the TODO with your value");
        }
        String shown = name + " = " + number(answer);
        if (Double.isInfinite(answer)) {
            return fail(name, shown + " is not a finite number");
        }
        double tolerance = Math.abs(relativeTolerance * expected);
        if (Math.abs(answer - expected) <= tolerance || answer == expected) {
            return pass(name, shown + " (within " + percent(relativeTolerance) + " of the expected value)");
        }
        if (expected != 0 && answer != 0 && Math.signum(answer) != Math.signum(expected)) {
            return fail(name, shown + " has the wrong sign");
        }
        String direction = answer > expected ? "too high" : "too low";
        return fail(name, shown + " is " + direction + " (more than " + percent(relativeTolerance)
                + " off the expected value)");
    }

    // ---------------------------------------------------------------- choices

    /** A word or short phrase, compared ignoring case and surrounding blanks; any of {@code accepted}
     * is right. */
    public static void choice(String question, String answer, String... accepted) {
        report(choiceOutcome(question, answer, accepted));
    }

    public static Outcome choiceOutcome(String question, String answer, String... accepted) {
        if (answer == null || answer.isBlank()) {
            return missing(question, "write your answer between the quotes in the TODO");
        }
        for (String a : accepted) {
            if (a.strip().equalsIgnoreCase(answer.strip())) {
                return pass(question, question + ": \"" + answer.strip() + "\"");
            }
        }
        return fail(question, question + ": \"" + answer.strip() + "\" is not right; look at your results again");
    }

    // ---------------------------------------------------------------- models

    /**
     * The terms a discovered model has in each equation against the expected ones, one string per
     * equation: {@code "x: v"}, {@code "v: v, sin(x)"} (the variable, a colon, the terms as the
     * library names them, comma separated; an empty list for an equation that should be zero). Says
     * which terms are missing (and whether the library lacks them or the threshold removed them) and
     * which are extra.
     */
    public static void model(DiscoveredModel found, String... equations) {
        report(modelOutcome("model", found, equations));
    }

    /** As {@link #model(DiscoveredModel, String...)}, under a name of its own (several models in one
     * notebook). */
    public static void model(String name, DiscoveredModel found, String... equations) {
        report(modelOutcome(name, found, equations));
    }

    public static Outcome modelOutcome(String name, DiscoveredModel found, String... equations) {
        if (found == null) {
            return missing(name, "the model is still null: run the discovery in the TODO");
        }
        Map<String, List<String>> expected = parseEquations(equations);
        List<String> problems = new ArrayList<>();
        List<String> libraryNames = found.library().names();
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            String variable = e.getKey();
            int d = found.variables().indexOf(variable);
            if (d < 0) {
                problems.add("the model has no variable " + variable + " (its variables: "
                        + String.join(", ", found.variables()) + ")");
                continue;
            }
            double[] row = found.coefficients()[d];
            Set<String> has = new LinkedHashSet<>();
            for (int k = 0; k < row.length; k++) {
                if (row[k] != 0) {
                    has.add(libraryNames.get(k));
                }
            }
            List<String> notInLibrary = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            for (String term : e.getValue()) {
                if (!libraryNames.contains(term)) {
                    notInLibrary.add(term);
                } else if (!has.contains(term)) {
                    removed.add(term);
                }
            }
            List<String> extra = new ArrayList<>();
            for (String term : has) {
                if (!e.getValue().contains(term)) {
                    extra.add(term);
                }
            }
            String where = "d" + variable + "/dt";
            if (!notInLibrary.isEmpty()) {
                problems.add(where + " needs " + String.join(", ", notInLibrary)
                        + ", which your library does not have: add " + (notInLibrary.size() == 1 ? "it" : "them")
                        + " to the library");
            }
            if (!removed.isEmpty()) {
                problems.add(where + " is missing " + String.join(", ", removed)
                        + " (in the library, but removed: is the threshold too high?)");
            }
            if (!extra.isEmpty()) {
                problems.add(where + " has " + (extra.size() == 1 ? "a term" : "terms") + " it should not have: "
                        + String.join(", ", extra) + " (a threshold too low, or a library that does not fit?)");
            }
        }
        if (problems.isEmpty()) {
            return pass(name, name + ": every equation has exactly the right terms");
        }
        return fail(name, name + ": " + String.join("; ", problems));
    }

    /** {@code "v: v, sin(x)"} to v -> [v, sin(x)]; the terms as written (no canonical form). */
    static Map<String, List<String>> parseEquations(String... equations) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String eq : equations) {
            int colon = eq.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("expected \"variable: term, term\", got \"" + eq + "\"");
            }
            List<String> terms = new ArrayList<>();
            for (String t : eq.substring(colon + 1).split(",")) {
                if (!t.isBlank()) {
                    terms.add(t.strip());
                }
            }
            m.put(eq.substring(0, colon).strip(), terms);
        }
        return m;
    }

    // ---------------------------------------------------------------- the summary

    /** How many of the answers checked in this session are right, wrong and not answered yet. */
    public static void summary() {
        PrintStream p = stream();
        p.println(summaryLine());
    }

    static synchronized String summaryLine() {
        int pass = 0;
        int fail = 0;
        int missing = 0;
        for (Status s : VERDICTS.values()) {
            switch (s) {
                case PASS -> pass++;
                case FAIL -> fail++;
                default -> missing++;
            }
        }
        int all = pass + fail + missing;
        if (all == 0) {
            return "no answers checked yet";
        }
        String line = String.format(Locale.ROOT, "%d of %d answers right", pass, all);
        if (fail > 0) {
            line += ", " + fail + " still wrong";
        }
        if (missing > 0) {
            line += ", " + missing + " not answered yet";
        }
        return (pass == all ? "✓ " : "") + line + (pass == all ? ": well done!" : "");
    }

    /** Forgets every verdict (a fresh summary). */
    public static synchronized void reset() {
        VERDICTS.clear();
    }

    // ---------------------------------------------------------------- helpers

    /** Prints the outcome and remembers it for the summary. */
    public static synchronized void report(Outcome o) {
        VERDICTS.put(o.name(), o.status());
        stream().println(o.message());
    }

    private static synchronized PrintStream stream() {
        return out != null ? out : System.out;
    }

    static Outcome pass(String name, String text) {
        return new Outcome(name, Status.PASS, "✓ " + text);
    }

    static Outcome fail(String name, String text) {
        return new Outcome(name, Status.FAIL, "✗ " + text);
    }

    static Outcome missing(String name, String hint) {
        return new Outcome(name, Status.MISSING, "○ " + name + ": not answered yet (" + hint + ")");
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+(e|$)", "$1");
    }

    static String percent(double fraction) {
        return number(100 * fraction) + "%";
    }
}
