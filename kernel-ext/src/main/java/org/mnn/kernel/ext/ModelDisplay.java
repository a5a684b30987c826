package org.mnn.kernel.ext;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.mnn.discover.DiscoveredModel;
import org.mnn.discover.Trajectory;

/**
 * Displays of a {@link DiscoveredModel}: the equations as {@code text/latex} (an aligned system,
 * typeset by MathJax) with {@code text/plain}, and the fit as a Plotly figure: the data and the
 * model simulated from the trajectory's first sample, with a static PNG of the same. No HTML in the equation bundle, because
 * JupyterLab ranks HTML above LaTeX (field notes).
 */
public final class ModelDisplay {
    private ModelDisplay() {
    }

    public static DisplayData equations(DiscoveredModel model, int digits) {
        DisplayData data = new DisplayData();
        data.putText(String.join("\n", model.equations(digits)));
        data.putLatex("$$" + model.latex(digits) + "$$");
        return data;
    }

    /**
     * Data (markers) and the model's simulation (lines) over one trajectory; null when the model's
     * solution blows up there (the scores say so).
     */
    public static DisplayData fit(DiscoveredModel model, Trajectory tr, String title) {
        double[][] sim;
        try {
            sim = model.simulate(tr.states()[0], tr.times(), tr.inputs());
        } catch (IllegalStateException e) {
            return null;
        }
        int[] idx = PlotlyFigure.picked(tr.size());
        JsonArray traces = new JsonArray();
        for (int d = 0; d < model.variables().size(); d++) {
            String v = model.variables().get(d);
            traces.add(trace(v + " (data)", "markers", tr.times(), tr.state(d), idx));
            int dd = d;
            double[] s = java.util.Arrays.stream(sim).mapToDouble(r -> r[dd]).toArray();
            traces.add(trace(v + " (model)", "lines", tr.times(), s, idx));
        }
        JsonObject layout = new JsonObject();
        layout.add("title", PlotlyFigure.title(title));
        layout.add("xaxis", PlotlyFigure.axis("t"));
        layout.addProperty("height", 400);
        JsonObject figure = new JsonObject();
        figure.add("data", traces);
        figure.add("layout", layout);
        DisplayData data = new DisplayData();
        data.putText(title + " (" + tr.size() + " samples; see the Plotly figure)");
        data.putData(OdeDisplay.PLOTLY_MIME, figure);
        data.putHTML(PlotlyHtml.html(figure));
        data.putData("image/png", java.util.Base64.getEncoder().encodeToString(fitPng(model, tr, sim, title)));
        return data;
    }

    /** The same fit as a static picture (JFreeChart, headless), so that it survives export and
     * a saved notebook shows it without running scripts: data as dots, the model as lines. */
    /** Data dots per variable in the fit's PNG, at most. */
    static final int FIT_PNG_MARKERS = 1500;

    static byte[] fitPng(DiscoveredModel model, Trajectory tr, double[][] sim, String title) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        org.jfree.data.xy.XYSeriesCollection series = new org.jfree.data.xy.XYSeriesCollection();
        org.jfree.chart.renderer.xy.XYLineAndShapeRenderer renderer = new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer();
        // dots: at most FIT_PNG_MARKERS per variable (a picture, and a small one); lines: up to MAX_POINTS
        int dots = Math.max(1, (tr.size() + FIT_PNG_MARKERS - 1) / FIT_PNG_MARKERS);
        int stride = Math.max(1, (tr.size() + PngChart.MAX_POINTS - 1) / PngChart.MAX_POINTS);
        java.awt.Color[] palette = {new java.awt.Color(0x1f77b4), new java.awt.Color(0xff7f0e),
            new java.awt.Color(0x2ca02c), new java.awt.Color(0xd62728), new java.awt.Color(0x9467bd)};
        for (int d = 0; d < model.variables().size(); d++) {
            String v = model.variables().get(d);
            org.jfree.data.xy.XYSeries data = new org.jfree.data.xy.XYSeries(v + " (data)", false, true);
            org.jfree.data.xy.XYSeries fit = new org.jfree.data.xy.XYSeries(v + " (model)", false, true);
            for (int i = 0; i < tr.size(); i += dots) {
                data.add(tr.times()[i], tr.states()[i][d]);
            }
            for (int i = 0; i < tr.size(); i += stride) {
                fit.add(tr.times()[i], Double.isFinite(sim[i][d]) ? sim[i][d] : Double.NaN);
            }
            java.awt.Color colour = palette[d % palette.length];
            int k = series.getSeriesCount();
            series.addSeries(data);
            series.addSeries(fit);
            renderer.setSeriesLinesVisible(k, false);
            renderer.setSeriesShapesVisible(k, true);
            renderer.setSeriesShape(k, new java.awt.geom.Ellipse2D.Double(-1.5, -1.5, 3, 3));
            renderer.setSeriesPaint(k, new java.awt.Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 110));
            renderer.setSeriesLinesVisible(k + 1, true);
            renderer.setSeriesShapesVisible(k + 1, false);
            renderer.setSeriesPaint(k + 1, colour.darker());
            renderer.setSeriesStroke(k + 1, new java.awt.BasicStroke(1.6f));
        }
        org.jfree.chart.axis.NumberAxis x = new org.jfree.chart.axis.NumberAxis("t");
        x.setAutoRangeIncludesZero(false);
        org.jfree.chart.axis.NumberAxis y = new org.jfree.chart.axis.NumberAxis(String.join(", ", model.variables()));
        y.setAutoRangeIncludesZero(false);
        org.jfree.chart.plot.XYPlot plot = new org.jfree.chart.plot.XYPlot(series, x, y, renderer);
        plot.setSeriesRenderingOrder(org.jfree.chart.plot.SeriesRenderingOrder.FORWARD);   // lines over dots
        plot.setBackgroundPaint(java.awt.Color.WHITE);
        plot.setDomainGridlinePaint(new java.awt.Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlinePaint(new java.awt.Color(0xDD, 0xDD, 0xDD));
        org.jfree.chart.JFreeChart chart = new org.jfree.chart.JFreeChart(title,
                new java.awt.Font("DejaVu Sans", java.awt.Font.BOLD, 14), plot, true);
        chart.setBackgroundPaint(java.awt.Color.WHITE);
        return ImageDisplay.png(chart.createBufferedImage(PngChart.WIDTH, PngChart.HEIGHT));
    }

    private static JsonObject trace(String name, String mode, double[] x, double[] y, int[] idx) {
        JsonObject tr = new JsonObject();
        tr.addProperty("type", "scatter");
        tr.addProperty("mode", mode);
        tr.addProperty("name", name);
        tr.add("x", PlotlyFigure.array(x, idx));
        tr.add("y", PlotlyFigure.array(y, idx));
        if (mode.equals("markers")) {
            JsonObject marker = new JsonObject();
            marker.addProperty("size", 3);
            tr.add("marker", marker);
        }
        return tr;
    }
}
