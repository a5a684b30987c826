package org.mnn.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.mnn.ode.OdeBatch;
import org.mnn.solver.BandedNeuRlpSolver;
import org.mnn.solver.NeuRlpOptions;
import org.mnn.solver.OdeSolver;
import org.mnn.solver.Solution;

/**
 * Error versus step size of NeuRLP on u'' + u = 0, u(0) = 0, u'(0) = 1, t in [0, 10]: the
 * largest |u - sin t| over the grid, in the default configuration and without slack or central
 * rows, next to method.md's published table ("Accuracy to expect", h >= 0.01). Prints a table and
 * draws a log-log chart (JFreeChart, rendered headless).
 */
public final class AccuracyStudy {
    /** Step sizes studied. */
    public static final double[] STEPS = {0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001};
    /** method.md, "Accuracy to expect": alpha = 0 with central rows (the defaults), h = 0.1 ... 0.01. */
    static final double[] PUBLISHED_DEFAULT = {1.55e-2, 3.93e-3, 6.31e-4, 1.58e-4};
    /** method.md: no eps, no central rows. */
    static final double[] PUBLISHED_PLAIN = {2.37e-2, 6.05e-3, 9.78e-4, 2.45e-4};

    public static final String TITLE = "NeuRLP on u'' + u = 0: max error vs step";
    static final String DEFAULT_LABEL = "defaults (slack, alpha = 0, central rows)";
    static final String PLAIN_LABEL = "without slack or central rows";

    /**
     * One step size: grid points, measured errors of both configurations, and method.md's
     * numbers (NaN where it publishes none).
     */
    public record Row(double h, int points, double defaultError, double plainError, double publishedDefault,
                      double publishedPlain) {
    }

    private AccuracyStudy() {
    }

    /** u'' + u = 0, u(0) = 0, u'(0) = 1 on [0, 10] with uniform step h (10/h + 1 points). */
    public static OdeBatch harmonic(double h) {
        int n = (int) Math.round(10 / h) + 1;
        return OdeBatch.builder(1, n, 1, 2)
                .coefficients(new double[] {1, 0, 1}, false)
                .rhs(new double[] {0}, false)
                .initialValues(1, 2, new double[] {0, 1})
                .uniformStep(h)
                .build();
    }

    /** max over the grid of |u(t_i) - sin t_i|. */
    public static double maxError(OdeSolver solver, double h) {
        OdeBatch b = harmonic(h);
        Solution s = solver.solve(b);
        double err = 0;
        for (int i = 0; i < b.points(); i++) {
            err = Math.max(err, Math.abs(s.u(0, i, 0, 0) - Math.sin(i * h)));
        }
        return err;
    }

    /** Measures every step size in {@link #STEPS} in both configurations. */
    public static List<Row> run() {
        OdeSolver defaults = new BandedNeuRlpSolver(NeuRlpOptions.defaults());
        OdeSolver plain = new BandedNeuRlpSolver(NeuRlpOptions.withoutSlackOrCentralRows());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < STEPS.length; i++) {
            double h = STEPS[i];
            rows.add(new Row(h, harmonic(h).points(), maxError(defaults, h), maxError(plain, h),
                    i < PUBLISHED_DEFAULT.length ? PUBLISHED_DEFAULT[i] : Double.NaN,
                    i < PUBLISHED_PLAIN.length ? PUBLISHED_PLAIN[i] : Double.NaN));
        }
        return rows;
    }

    /** The rows as a plain-text table with the observed order between consecutive steps. */
    public static void printTable(List<Row> rows, PrintWriter out) {
        out.println("u'' + u = 0, u(0) = 0, u'(0) = 1, t in [0, 10]: max |u - sin t| over the grid");
        out.println("defaults = NeuRlpOptions.defaults() (slack, alpha = 0, central rows); "
                + "plain = NeuRlpOptions.withoutSlackOrCentralRows()");
        out.println("method.md = its table \"Accuracy to expect\" (h >= 0.01); "
                + "order = log(e(previous h) / e(h)) / log(previous h / h)");
        out.printf("%7s %6s | %10s %10s %6s | %10s %10s %6s%n", "h", "N", "defaults", "method.md", "order",
                "plain", "method.md", "order");
        Row previous = null;
        for (Row r : rows) {
            out.println(String.format(Locale.ROOT, "%7s %6d | %10.3e %10s %6s | %10.3e %10s %6s", fmt(r.h()), r.points(),
                    r.defaultError(), sci(r.publishedDefault()),
                    previous == null ? "" : order(previous.h(), previous.defaultError(), r.h(), r.defaultError()),
                    r.plainError(), sci(r.publishedPlain()),
                    previous == null ? "" : order(previous.h(), previous.plainError(), r.h(), r.plainError()))
                    .stripTrailing());
            previous = r;
        }
        out.flush();
    }

    private static String fmt(double h) {
        return String.valueOf(h);
    }

    private static String sci(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2e", v);
    }

    private static String order(double h0, double e0, double h1, double e1) {
        return String.format(Locale.ROOT, "%.2f", Math.log(e0 / e1) / Math.log(h0 / h1));
    }

    /**
     * The log-log chart: one series per configuration with markers, a dashed h^2 reference line
     * parallel to them below the defaults, legend at the bottom.
     */
    public static JFreeChart chart(List<Row> rows) {
        XYSeries defaults = new XYSeries(DEFAULT_LABEL);
        XYSeries plain = new XYSeries(PLAIN_LABEL);
        XYSeries reference = new XYSeries("h\u00b2 reference (second order)");
        double c = 0.35 * rows.get(0).defaultError() / (rows.get(0).h() * rows.get(0).h());
        for (Row r : rows) {
            defaults.add(r.h(), r.defaultError());
            plain.add(r.h(), r.plainError());
            reference.add(r.h(), c * r.h() * r.h());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(defaults);
        data.addSeries(plain);
        data.addSeries(reference);

        Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
        Font ticks = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        LogAxis x = new LogAxis("step h");
        LogAxis y = new LogAxis("max |u(t) - sin t| on [0, 10]");
        for (LogAxis axis : new LogAxis[] {x, y}) {
            axis.setBase(10);
            axis.setLabelFont(label);
            axis.setTickLabelFont(ticks);
            axis.setMinorTickMarksVisible(true);
            axis.setMinorTickCount(9);
            axis.setTickUnit(new NumberTickUnit(1.0)); // one label per decade (exponent step 1)
        }
        x.setNumberFormatOverride(new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        x.setSmallestValue(1e-4);
        y.setSmallestValue(1e-12);

        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0x1f, 0x77, 0xb4));
        renderer.setSeriesPaint(1, new Color(0xd6, 0x27, 0x28));
        renderer.setSeriesPaint(2, Color.DARK_GRAY);
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        renderer.setSeriesStroke(2, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {8f, 6f}, 0f));
        renderer.setSeriesShape(0, new Ellipse2D.Double(-4.5, -4.5, 9, 9));
        renderer.setSeriesShape(1, new Rectangle2D.Double(-4, -4, 8, 8));
        renderer.setSeriesShapesVisible(2, false);
        renderer.setDefaultLegendTextFont(ticks);

        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xcc, 0xcc, 0xcc));
        plot.setRangeGridlinePaint(new Color(0xcc, 0xcc, 0xcc));
        plot.setDomainMinorGridlinesVisible(true);
        plot.setRangeMinorGridlinesVisible(true);
        plot.setDomainMinorGridlinePaint(new Color(0xee, 0xee, 0xee));
        plot.setRangeMinorGridlinePaint(new Color(0xee, 0xee, 0xee));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);

        JFreeChart chart = new JFreeChart(TITLE, new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setItemFont(ticks);
        return chart;
    }

    /**
     * Renders {@link #chart} as a PNG of width x height pixels to {@code file} (headless: sets
     * {@code java.awt.headless} unless already set; needs fontconfig and a font such as DejaVu).
     */
    public static void writePng(List<Row> rows, Path file, int width, int height) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        JFreeChart chart = chart(rows);
        try (OutputStream os = Files.newOutputStream(file)) {
            ChartUtils.writeChartAsPNG(os, chart, width, height);
        }
    }
}
