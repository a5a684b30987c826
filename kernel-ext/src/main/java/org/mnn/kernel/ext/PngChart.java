package org.mnn.kernel.ext;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A static picture of an {@link OdeSolution} (JFreeChart, works headless): the time series and,
 * for two or three variables, the phase portrait (for three, its projection on the first two).
 */
public final class PngChart {
    public static final int WIDTH = 1000;
    public static final int HEIGHT = 420;
    /** At most this many points per line are drawn (evenly picked): enough for a picture. */
    static final int MAX_POINTS = 4000;

    private PngChart() {
    }

    public static BufferedImage image(OdeSolution s) {
        if (!java.awt.GraphicsEnvironment.isHeadless() && System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        double[] t = s.times();
        int stride = Math.max(1, (t.length + MAX_POINTS - 1) / MAX_POINTS);
        XYSeriesCollection series = new XYSeriesCollection();
        for (String v : s.variables()) {
            series.addSeries(series(v, t, s.values0(v), stride));
        }
        JFreeChart left = ChartFactory.createXYLineChart("time series", "t", String.join(", ", s.variables()),
                series, PlotOrientation.VERTICAL, true, false, false);
        List<String> phase = PlotlyFigure.phaseColumns(s);
        JFreeChart right = null;
        if (phase.size() >= 2) {
            XYSeriesCollection p = new XYSeriesCollection();
            p.addSeries(series(phase.get(1) + " vs " + phase.get(0), s.values0(phase.get(0)),
                    s.values0(phase.get(1)), stride));
            String title = phase.size() == 3 ? "phase portrait (projection on " + phase.get(0) + ", "
                    + phase.get(1) + ")" : "phase portrait";
            right = ChartFactory.createXYLineChart(title, phase.get(0), phase.get(1), p,
                    PlotOrientation.VERTICAL, false, false, false);
        }
        style(left);
        if (right != null) {
            style(right);
        }
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            if (right == null) {
                left.draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
            } else {
                int split = (int) (WIDTH * 0.58);
                left.draw(g, new Rectangle2D.Double(0, 0, split, HEIGHT));
                right.draw(g, new Rectangle2D.Double(split, 0, WIDTH - split, HEIGHT));
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    public static byte[] png(OdeSolution s) {
        return ImageDisplay.png(image(s));
    }

    private static void style(JFreeChart chart) {
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        for (int i = 0; i < plot.getSeriesCount(); i++) {
            plot.getRenderer().setSeriesStroke(i, new BasicStroke(1.6f));
        }
    }

    private static XYSeries series(String name, double[] x, double[] y, int stride) {
        XYSeries series = new XYSeries(name, false, true);
        for (int i = 0; i < x.length; i += stride) {
            series.add(x[i], Double.isFinite(y[i]) ? y[i] : Double.NaN);
        }
        int last = x.length - 1;
        if (last % stride != 0) {
            series.add(x[last], y[last]);
        }
        return series;
    }
}
