package org.mnn.kernel.ext;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * Plotly figure JSON ({@code {"data": [...], "layout": {...}}}) for an {@link OdeSolution}, written
 * with Gson: on the left the time series of every variable (one {@code scatter} trace each); on the
 * right a phase portrait: {@code scatter} of y against x for two variables (or x' against x for one
 * variable of order two or more), {@code scatter3d} with mode {@code lines} for three. Grids of
 * more than {@link #MAX_POINTS} points are thinned evenly (first and last point kept), so that a
 * notebook does not carry megabytes of JSON per plot; the variable keeps every point.
 */
public final class PlotlyFigure {
    /** At most this many points per trace. */
    public static final int MAX_POINTS = 20_000;

    private PlotlyFigure() {
    }

    /** The grid indices a trace plots: all of them up to {@link #MAX_POINTS}, else every k-th and the last. */
    static int[] picked(int n) {
        int stride = Math.max(1, (n + MAX_POINTS - 3) / (MAX_POINTS - 1)); // ceil((n - 1) / (MAX - 1))
        int count = (n - 1) / stride + 1;
        boolean addLast = (n - 1) % stride != 0;
        int[] idx = new int[count + (addLast ? 1 : 0)];
        for (int i = 0; i < count; i++) {
            idx[i] = i * stride;
        }
        if (addLast) {
            idx[count] = n - 1;
        }
        return idx;
    }

    /** Which columns the phase portrait plots: none, two (2-D) or three (3-D). */
    public static List<String> phaseColumns(OdeSolution s) {
        List<String> vars = s.variables();
        if (vars.size() == 2 || vars.size() == 3) {
            return vars;
        }
        if (vars.size() == 1 && s.columns().contains(vars.get(0) + "'") && s.columns().contains(vars.get(0) + "''")) {
            return List.of(vars.get(0), vars.get(0) + "'");
        }
        return List.of();
    }

    public static JsonObject of(OdeSolution s) {
        JsonArray data = new JsonArray();
        double[] t = s.times();
        int[] idx = picked(t.length);
        for (String v : s.variables()) {
            JsonObject trace = new JsonObject();
            trace.addProperty("type", "scatter");
            trace.addProperty("mode", "lines");
            trace.addProperty("name", v);
            trace.add("x", array(t, idx));
            trace.add("y", array(s.values0(v), idx));
            trace.addProperty("xaxis", "x");
            trace.addProperty("yaxis", "y");
            data.add(trace);
        }
        JsonObject layout = new JsonObject();
        layout.add("title", title(s.equations().replace("\n", "; ")));
        JsonObject xaxis = axis("t");
        JsonObject yaxis = axis(String.join(", ", s.variables()));
        xaxis.addProperty("anchor", "y");
        yaxis.addProperty("anchor", "x");
        List<String> phase = phaseColumns(s);
        if (phase.size() == 2) {
            JsonObject trace = new JsonObject();
            trace.addProperty("type", "scatter");
            trace.addProperty("mode", "lines");
            trace.addProperty("name", phase.get(1) + " vs " + phase.get(0));
            trace.add("x", array(s.values0(phase.get(0)), idx));
            trace.add("y", array(s.values0(phase.get(1)), idx));
            trace.addProperty("xaxis", "x2");
            trace.addProperty("yaxis", "y2");
            data.add(trace);
            xaxis.add("domain", range(0, 0.55));
            JsonObject x2 = axis(phase.get(0));
            x2.add("domain", range(0.65, 1));
            x2.addProperty("anchor", "y2");
            JsonObject y2 = axis(phase.get(1));
            y2.addProperty("anchor", "x2");
            layout.add("xaxis2", x2);
            layout.add("yaxis2", y2);
        } else if (phase.size() == 3) {
            JsonObject trace = new JsonObject();
            trace.addProperty("type", "scatter3d");
            trace.addProperty("mode", "lines");
            trace.addProperty("name", "phase portrait");
            trace.add("x", array(s.values0(phase.get(0)), idx));
            trace.add("y", array(s.values0(phase.get(1)), idx));
            trace.add("z", array(s.values0(phase.get(2)), idx));
            trace.addProperty("scene", "scene");
            data.add(trace);
            xaxis.add("domain", range(0, 0.5));
            JsonObject scene = new JsonObject();
            JsonObject domain = new JsonObject();
            domain.add("x", range(0.55, 1));
            domain.add("y", range(0, 1));
            scene.add("domain", domain);
            scene.add("xaxis", axis(phase.get(0)));
            scene.add("yaxis", axis(phase.get(1)));
            scene.add("zaxis", axis(phase.get(2)));
            layout.add("scene", scene);
        }
        layout.add("xaxis", xaxis);
        layout.add("yaxis", yaxis);
        layout.addProperty("height", 450);
        JsonObject figure = new JsonObject();
        figure.add("data", data);
        figure.add("layout", layout);
        return figure;
    }

    static JsonObject title(String text) {
        JsonObject title = new JsonObject();
        title.addProperty("text", text);
        return title;
    }

    static JsonObject axis(String titleText) {
        JsonObject axis = new JsonObject();
        axis.add("title", title(titleText));
        return axis;
    }

    private static JsonArray range(double a, double b) {
        JsonArray r = new JsonArray();
        r.add(a);
        r.add(b);
        return r;
    }

    static JsonArray array(double[] values, int[] idx) {
        JsonArray a = new JsonArray(idx.length);
        for (int i : idx) {
            double v = values[i];
            if (Double.isFinite(v)) {
                a.add(v);
            } else {
                a.add((String) null); // JSON has no NaN/Infinity: a gap in the line
            }
        }
        return a;
    }
}
