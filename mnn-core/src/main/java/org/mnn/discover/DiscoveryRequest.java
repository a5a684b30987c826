package org.mnn.discover;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mnn.discover.data.DataChecks;

/**
 * One discovery as the command line ({@code mnn discover}) and the notebook ({@code %discover})
 * run it, so that the same options mean the same thing in both: the library, the threshold, the
 * window, and the fraction of every trajectory held out for the simulation score. Options are
 * validated here, with {@link InvalidOptionException} naming the option.
 */
public record DiscoveryRequest(String library, Threshold threshold, int window, double holdout) {

    /** The default threshold, as text: terms contributing less than 5% of their equation. */
    public static final String DEFAULT_THRESHOLD = "rel:0.05";

    /** A bad option value; {@link #option()} is its name as the user typed it (e.g. --threshold). */
    public static final class InvalidOptionException extends IllegalArgumentException {
        private final String option;

        public InvalidOptionException(String option, String detail) {
            super("invalid " + option + ": " + detail);
            this.option = option;
        }

        public String option() { return option; }
    }

    /** The discovered model with the data it came from and its scores. */
    public record Result(Dataset data, Dataset train, DiscoveredModel model, Scores scores, DiscoveryRequest request) {

        /** A line on the data and the fit, e.g. for the command line after the equations. */
        public String summary() {
            int runs = data.trajectories().size();
            return String.format(Locale.ROOT, "data: %s, %d rows in %d %s; fitted on %d rows, library %s (%d terms),"
                            + " threshold %s, %d terms found", data.source(), data.totalPoints(), runs,
                    runs == 1 ? "trajectory" : "trajectories", train.totalPoints(), request.library(),
                    model.library().size(), request.threshold(), model.termCount());
        }

        /** The summary, then the scores. */
        public List<String> report(int digits) {
            List<String> lines = new ArrayList<>();
            lines.add(summary());
            lines.addAll(scores.describe(digits));
            return lines;
        }
    }

    /** Validates options given as text; the threshold is {@code T} or {@code abs:T} (|xi| &lt; T) or
     * {@code rel:T} (contribution &lt; T). */
    public static DiscoveryRequest of(String library, String threshold, int window, double holdout) {
        if (library == null || library.isBlank()) {
            throw new InvalidOptionException("--library", "empty; expected e.g. poly:2");
        }
        if (window < 3) {
            throw new InvalidOptionException("--window", "expected at least 3 samples, got " + window);
        }
        if (!(holdout >= 0 && holdout < 1)) {
            throw new InvalidOptionException("--holdout", "expected a fraction in [0, 1), got " + holdout);
        }
        return new DiscoveryRequest(library, parseThreshold(threshold), window, holdout);
    }

    static Threshold parseThreshold(String text) {
        String s = text == null ? DEFAULT_THRESHOLD : text.strip();
        boolean relative = false;
        if (s.startsWith("rel:")) {
            relative = true;
            s = s.substring(4);
        } else if (s.startsWith("abs:")) {
            s = s.substring(4);
        }
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new InvalidOptionException("--threshold", "expected a number T, abs:T or rel:T, got '" + text + "'");
        }
        try {
            return relative ? Threshold.relative(v) : Threshold.absolute(v);
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("--threshold", e.getMessage());
        }
    }

    /**
     * Splits off the hold-out, checks the library against the data and fits.
     *
     * @throws InvalidOptionException for a library that does not parse over the data's signals
     * @throws org.mnn.discover.data.DataException for too few rows for the library
     */
    public Result run(Dataset data) {
        Library lib;
        try {
            lib = Library.parse(library, data.signals());
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("--library", e.getMessage());
        }
        DatasetSplit split = holdout > 0 ? DatasetSplit.byTime(data, holdout) : null;
        Dataset train = split != null ? split.train() : data;
        DataChecks.requireRowsForTerms(train, lib, library, split != null ? "training rows" : "rows");
        DiscoveredModel model = Discovery.builder().library(library).threshold(threshold).window(window).build().fit(train);
        Scores scores = split != null ? Scores.of(model, split) : Scores.of(model, train);
        return new Result(data, train, model, scores, this);
    }
}
