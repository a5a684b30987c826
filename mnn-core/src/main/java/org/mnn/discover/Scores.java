package org.mnn.discover;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How well a discovered model fits its data.
 *
 * <ul>
 *   <li>Derivative R^2, per variable and overall: the model's rates on the smoothed states
 *       against the smoothed slopes (each signal smoothed by {@link LocalPolynomial} with the
 *       width generalised cross-validation picks), {@code 1 - SS_res / SS_tot}; overall pools
 *       the sums of squares of all variables. It measures the equations locally, on the data
 *       the model was fitted to.</li>
 *   <li>Hold-out simulation ({@link Holdout}), with a {@link DatasetSplit}: the model is
 *       integrated from the first held-out sample of every trajectory over its held-out times
 *       (inputs as measured) and compared with the data there. The relative RMSE of a variable
 *       is its RMSE over the standard deviation of that variable over the whole dataset (fitted
 *       and held-out samples). The valid time is how long after the first held-out sample the
 *       normalised error {@code sqrt(mean_d ((sim_d - data_d) / std_d)^2)} first exceeds
 *       {@value #VALID_TIME_LEVEL}; if it never does, the whole held-out span.</li>
 * </ul>
 *
 * <p>For chaotic systems (Lorenz) any error, even that of the first sample's noise, grows
 * exponentially with the horizon, so a long hold-out gives a relative RMSE near sqrt(2) (two
 * unrelated points on the attractor) even for the true equations: compare such models by their
 * valid time, or hold out a short horizon.
 *
 * @param derivativeR2 per variable, in the model's variable order
 * @param holdout      null when nothing was held out
 */
public record Scores(List<String> variables, double[] derivativeR2, double derivativeR2Overall, Holdout holdout) {

    /** The normalised error that ends the valid time: 20% of the data's standard deviation. */
    public static final double VALID_TIME_LEVEL = 0.2;

    /**
     * The hold-out simulation's errors. Over several trajectories: RMSEs pool all held-out samples,
     * the valid time and the horizon are the shortest.
     *
     * @param fraction     of each trajectory held out
     * @param points       held-out samples in all
     * @param horizon      time from the first to the last held-out sample
     * @param relativeRmse per variable: RMSE / std of the variable; +infinity if the simulation failed
     * @param validTime    time until the normalised error first exceeds {@link #VALID_TIME_LEVEL}
     * @param exceeded     whether it did within the horizon (else validTime == horizon)
     * @param failure      why the simulation failed (it blew up), else null
     */
    public record Holdout(double fraction, int points, double horizon, double[] relativeRmse, double relativeRmseOverall,
                          double validTime, boolean exceeded, String failure) { }

    /** The derivative R^2 on {@code data} only (nothing held out). */
    public static Scores of(DiscoveredModel model, Dataset data) {
        double[][] sums = derivativeSums(model, data);
        return new Scores(model.variables(), r2(sums), r2Overall(sums), null);
    }

    /** The derivative R^2 on the training part and the hold-out simulation on the test part. */
    public static Scores of(DiscoveredModel model, DatasetSplit split) {
        double[][] sums = derivativeSums(model, split.train());
        return new Scores(model.variables(), r2(sums), r2Overall(sums), holdout(model, split));
    }

    /** {@code [D][2]}: residual and total sums of squares of the slopes per variable. */
    private static double[][] derivativeSums(DiscoveredModel model, Dataset data) {
        int dims = data.variables().size();
        requireMatch(model, data);
        double[][] sums = new double[dims][2];
        for (Trajectory tr : data.trajectories()) {
            int n = tr.size();
            int signals = dims + tr.inputCount();
            double[][] values = new double[n][signals];
            double[][] slopes = new double[n][signals];
            for (int s = 0; s < signals; s++) {
                double[] x = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = s < dims ? tr.states()[i][s] : tr.inputs()[i][s - dims];
                }
                LocalPolynomial.Fit fit = LocalPolynomial.chooseByGcv(tr.times(), x, 3).fit(tr.times(), x);
                for (int i = 0; i < n; i++) {
                    values[i][s] = fit.values()[i];
                    slopes[i][s] = fit.slopes()[i];
                }
            }
            double[] mean = new double[dims];
            for (double[] row : slopes) {
                for (int d = 0; d < dims; d++) {
                    mean[d] += row[d] / n;
                }
            }
            for (int i = 0; i < n; i++) {
                double[] rates = model.rates(tr.times()[i], Arrays.copyOf(values[i], dims),
                        Arrays.copyOfRange(values[i], dims, signals));
                for (int d = 0; d < dims; d++) {
                    double r = rates[d] - slopes[i][d];
                    double c = slopes[i][d] - mean[d];
                    sums[d][0] += r * r;
                    sums[d][1] += c * c;
                }
            }
        }
        return sums;
    }

    private static double[] r2(double[][] sums) {
        return Arrays.stream(sums).mapToDouble(s -> 1 - s[0] / s[1]).toArray();
    }

    private static double r2Overall(double[][] sums) {
        double res = 0;
        double tot = 0;
        for (double[] s : sums) {
            res += s[0];
            tot += s[1];
        }
        return 1 - res / tot;
    }

    private static Holdout holdout(DiscoveredModel model, DatasetSplit split) {
        Dataset test = split.test();
        requireMatch(model, test);
        int dims = test.variables().size();
        double[] sd = standardDeviations(split);
        double[] sse = new double[dims];
        int points = 0;
        double horizon = Double.POSITIVE_INFINITY;
        double validTime = Double.POSITIVE_INFINITY;
        boolean exceeded = false;
        for (Trajectory tr : test.trajectories()) {
            double[] t = tr.times();
            double span = t[t.length - 1] - t[0];
            horizon = Math.min(horizon, span);
            points += tr.size();
            double[][] sim;
            try {
                sim = model.simulate(tr.states()[0], t, tr.inputs());
            } catch (IllegalStateException e) {
                double[] inf = new double[dims];
                Arrays.fill(inf, Double.POSITIVE_INFINITY);
                return new Holdout(split.fraction(), test.totalPoints(), horizon, inf, Double.POSITIVE_INFINITY,
                        Double.NaN, true, tr.label() + ": " + e.getMessage());
            }
            double valid = span;
            boolean over = false;
            for (int i = 0; i < t.length; i++) {
                double norm = 0;
                for (int d = 0; d < dims; d++) {
                    double e = sim[i][d] - tr.states()[i][d];
                    sse[d] += e * e;
                    norm += (e / sd[d]) * (e / sd[d]) / dims;
                }
                if (!over && Math.sqrt(norm) > VALID_TIME_LEVEL) {
                    over = true;
                    valid = t[i] - t[0];
                }
            }
            exceeded |= over;
            validTime = Math.min(validTime, valid);
        }
        double[] rel = new double[dims];
        double overall = 0;
        for (int d = 0; d < dims; d++) {
            rel[d] = Math.sqrt(sse[d] / points) / sd[d];
            overall += rel[d] * rel[d] / dims;
        }
        return new Holdout(split.fraction(), points, horizon, rel, Math.sqrt(overall), validTime, exceeded, null);
    }

    /** Per variable over every sample of both parts; 1 for a constant variable. */
    private static double[] standardDeviations(DatasetSplit split) {
        double[] sd = Dataset.standardDeviations(List.of(split.train(), split.test()));
        for (int d = 0; d < sd.length; d++) {
            if (!(sd[d] > 0)) {
                sd[d] = 1;
            }
        }
        return sd;
    }

    private static void requireMatch(DiscoveredModel model, Dataset data) {
        if (!model.variables().equals(data.variables()) || !model.inputs().equals(data.inputs())) {
            throw new IllegalArgumentException("the model's variables " + model.variables() + " and inputs "
                    + model.inputs() + " are not the data's " + data.variables() + " and " + data.inputs());
        }
    }

    /** Human-readable lines, numbers with {@code digits} significant digits. */
    public List<String> describe(int digits) {
        List<String> out = new ArrayList<>();
        String g = "%." + Math.max(digits, 1) + "g";
        StringBuilder sb = new StringBuilder("derivative R^2 (model rates vs smoothed slopes, fitted data):");
        for (int d = 0; d < variables.size(); d++) {
            sb.append(' ').append(variables.get(d)).append(' ').append(fmt(g, derivativeR2[d])).append(',');
        }
        out.add(sb.append(" overall ").append(fmt(g, derivativeR2Overall)).toString());
        if (holdout != null) {
            Holdout h = holdout;
            sb = new StringBuilder(String.format(Locale.ROOT, "hold-out simulation (last %s%% of each trajectory, %d points,"
                    + " horizon %s): relative RMSE", percent(h.fraction()), h.points(), fmt(g, h.horizon())));
            for (int d = 0; d < variables.size(); d++) {
                sb.append(' ').append(variables.get(d)).append(' ').append(fmt(g, h.relativeRmse()[d])).append(',');
            }
            out.add(sb.append(" overall ").append(fmt(g, h.relativeRmseOverall())).toString());
            if (h.failure() != null) {
                out.add("hold-out simulation failed: " + h.failure());
            } else {
                out.add("valid time (simulated error first above " + fmt("%.2g", VALID_TIME_LEVEL) + " std): "
                        + fmt(g, h.validTime()) + (h.exceeded() ? "" : " (never exceeded: the whole hold-out)"));
            }
        }
        return out;
    }

    private static String percent(double fraction) {
        String s = String.format(Locale.ROOT, "%.4f", 100 * fraction);
        return s.replaceAll("\\.?0+$", "");
    }

    private static String fmt(String format, double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : (Double.isNaN(v) ? "n/a" : "inf");
    }

    /**
     * {@code {"derivative_r2": {"x": .., "overall": ..}, "holdout": {"fraction", "points", "horizon",
     * "relative_rmse": {"x": .., "overall": ..}, "valid_time", "valid_time_level", "exceeded", "failure"}}};
     * non-finite numbers as null; no "holdout" when nothing was held out.
     */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.add("derivative_r2", perVariable(derivativeR2, derivativeR2Overall));
        if (holdout != null) {
            JsonObject h = new JsonObject();
            h.add("fraction", number(holdout.fraction()));
            h.addProperty("points", holdout.points());
            h.add("horizon", number(holdout.horizon()));
            h.add("relative_rmse", perVariable(holdout.relativeRmse(), holdout.relativeRmseOverall()));
            h.add("valid_time", number(holdout.validTime()));
            h.add("valid_time_level", number(VALID_TIME_LEVEL));
            h.addProperty("exceeded", holdout.exceeded());
            h.add("failure", holdout.failure() == null ? JsonNull.INSTANCE : new JsonPrimitive(holdout.failure()));
            o.add("holdout", h);
        }
        return o;
    }

    private JsonObject perVariable(double[] values, double overall) {
        JsonObject o = new JsonObject();
        for (int d = 0; d < variables.size(); d++) {
            o.add(variables.get(d), number(values[d]));
        }
        o.add("overall", number(overall));
        return o;
    }

    static JsonElement number(double v) {
        return Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE;
    }
}
