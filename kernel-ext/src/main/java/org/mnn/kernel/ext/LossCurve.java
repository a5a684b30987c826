package org.mnn.kernel.ext;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.mnn.train.LossHistory;

/**
 * A loss curve (train and, where there is one, validation loss per epoch) as a display bundle:
 * {@code text/html} (Plotly), {@code application/vnd.plotly.v1+json}, {@code text/plain} and, when
 * asked for, {@code image/png} (JFreeChart). Used by {@link TrainingCurve} (live) and for a
 * {@link LossHistory} shown as a cell's value (static).
 *
 * @param title   the plot's title
 * @param epochs  epoch numbers, from 1
 * @param train   train loss per epoch
 * @param validation validation loss per epoch ({@code NaN} without validation)
 * @param logY    log-scale y axis: {@code null} chooses it (all losses positive and spanning at
 *                least a factor of 20)
 */
public record LossCurve(String title, int[] epochs, double[] train, double[] validation, Boolean logY) {

    /** At most this many points per trace in the figure (evenly picked, the last epoch always kept). */
    public static final int MAX_POINTS = 5000;

    /** A snapshot of {@code history} (consistent even while training records more epochs). */
    public static LossCurve of(LossHistory history, String title, Boolean logY) {
        List<Double> tr = history.trainLosses();
        List<Double> va = history.validationLosses();
        int n = Math.min(tr.size(), va.size());
        int[] epochs = new int[n];
        double[] train = new double[n];
        double[] validation = new double[n];
        for (int i = 0; i < n; i++) {
            epochs[i] = i + 1;
            train[i] = tr.get(i);
            validation[i] = va.get(i);
        }
        return new LossCurve(title, epochs, train, validation, logY);
    }

    public int size() {
        return epochs.length;
    }

    public boolean hasValidation() {
        for (double v : validation) {
            if (Double.isFinite(v)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the y axis is logarithmic: as asked, or chosen from the data. */
    public boolean logScale() {
        if (logY != null) {
            return logY;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double[] series : new double[][] {train, validation}) {
            for (double v : series) {
                if (Double.isNaN(v)) {
                    continue;
                }
                if (!(v > 0) || Double.isInfinite(v)) {
                    return false;
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return max > 0 && max / min >= 20;
    }

    /** The Plotly figure: a line per loss against the epoch. */
    public JsonObject figure() {
        int[] idx = picked(size());
        JsonArray data = new JsonArray();
        data.add(trace("train", train, idx));
        if (hasValidation()) {
            data.add(trace("validation", validation, idx));
        }
        JsonObject layout = new JsonObject();
        layout.add("title", text(title + " (" + summaryLine() + ")"));
        JsonObject x = new JsonObject();
        x.add("title", text("epoch"));
        if (size() <= 1) {
            JsonArray range = new JsonArray();
            range.add(0);
            range.add(Math.max(2, size() + 1));
            x.add("range", range);
        }
        JsonObject y = new JsonObject();
        y.add("title", text("loss"));
        y.addProperty("type", logScale() ? "log" : "linear");
        layout.add("xaxis", x);
        layout.add("yaxis", y);
        layout.addProperty("height", 380);
        JsonObject figure = new JsonObject();
        figure.add("data", data);
        figure.add("layout", layout);
        return figure;
    }

    /** "epoch 12: train 0.0123, validation 0.0150, best validation 0.0140 at 9" or "no epoch yet" */
    public String summaryLine() {
        int n = size();
        if (n == 0) {
            return "no epoch yet";
        }
        StringBuilder sb = new StringBuilder();
        sb.append("epoch ").append(n).append(": train ").append(number(train[n - 1]));
        boolean val = hasValidation();
        if (val) {
            sb.append(", validation ").append(number(validation[n - 1]));
        }
        double[] monitored = val ? validation : train;
        int best = -1;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(monitored[i]) && (best < 0 || monitored[i] < monitored[best])) {
                best = i;
            }
        }
        if (best >= 0) {
            sb.append(", best ").append(val ? "validation " : "train ").append(number(monitored[best]))
              .append(" at ").append(best + 1);
        }
        return sb.toString();
    }

    /** {@code text/plain}: the title, the summary and the last few epochs. */
    public String text() {
        StringBuilder sb = new StringBuilder(title).append(": ").append(summaryLine());
        int n = size();
        boolean val = hasValidation();
        for (int i = Math.max(0, n - 5); i < n; i++) {
            sb.append('\n').append(String.format(Locale.ROOT, "  epoch %5d  train %s", epochs[i], number(train[i])));
            if (val) {
                sb.append("  validation ").append(number(validation[i]));
            }
        }
        return sb.toString();
    }

    /**
     * The display bundle.
     *
     * @param html the {@code text/html} to use (live curves pass HTML without plotly.js; static ones
     *             {@link PlotlyHtml#html(JsonObject)})
     * @param png  whether to add the static picture
     */
    public DisplayData bundle(JsonObject figure, String html, boolean png) {
        DisplayData data = new DisplayData();
        data.putText(text());
        data.putData(OdeDisplay.PLOTLY_MIME, figure);
        if (png) {
            data.putData("image/png", Base64.getEncoder().encodeToString(png()));
        }
        data.putHTML(html);
        return data;
    }

    /** A static bundle that embeds plotly.js if no output of this session has. */
    public DisplayData bundle() {
        JsonObject figure = figure();
        return bundle(figure, PlotlyHtml.html(figure), true);
    }

    public BufferedImage image() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        XYSeriesCollection series = new XYSeriesCollection();
        boolean log = logScale();
        series.addSeries(series("train", train, log));
        if (hasValidation()) {
            series.addSeries(series("validation", validation, log));
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title + " (" + summaryLine() + ")", "epoch", "loss",
                series, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        if (log && size() > 0) {
            LogAxis axis = new LogAxis("loss");
            axis.setSmallestValue(1e-300);
            plot.setRangeAxis(axis);
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        for (int i = 0; i < plot.getSeriesCount(); i++) {
            plot.getRenderer().setSeriesStroke(i, new BasicStroke(1.6f));
        }
        chart.getTitle().setFont(chart.getTitle().getFont().deriveFont(14f));
        return chart.createBufferedImage(800, 350);
    }

    public byte[] png() {
        return ImageDisplay.png(image());
    }

    /** Indices plotted: all up to {@link #MAX_POINTS}, else evenly spaced ones and the last. */
    static int[] picked(int n) {
        if (n <= MAX_POINTS) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        List<Integer> idx = new ArrayList<>();
        double stride = (n - 1) / (double) (MAX_POINTS - 1);
        int last = -1;
        for (int k = 0; k < MAX_POINTS; k++) {
            int i = (int) Math.round(k * stride);
            if (i != last) {
                idx.add(i);
                last = i;
            }
        }
        if (last != n - 1) {
            idx.add(n - 1);
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    private JsonObject trace(String name, double[] values, int[] idx) {
        JsonObject trace = new JsonObject();
        trace.addProperty("type", "scatter");
        trace.addProperty("mode", size() == 1 ? "markers" : "lines");
        trace.addProperty("name", name);
        JsonArray x = new JsonArray(idx.length);
        JsonArray y = new JsonArray(idx.length);
        for (int i : idx) {
            x.add(epochs[i]);
            if (Double.isFinite(values[i])) {
                y.add(values[i]);
            } else {
                y.add((String) null); // JSON has no NaN: a gap
            }
        }
        trace.add("x", x);
        trace.add("y", y);
        return trace;
    }

    private static XYSeries series(String name, double[] values, boolean log) {
        XYSeries s = new XYSeries(name, false, true);
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            s.add(i + 1, Double.isFinite(v) && (!log || v > 0) ? v : Double.NaN);
        }
        return s;
    }

    private static JsonObject text(String s) {
        JsonObject o = new JsonObject();
        o.addProperty("text", s);
        return o;
    }

    /** Four significant digits, scientific outside [1e-3, 1e5). */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity");
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
