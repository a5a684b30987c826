package org.mnn.kernel.ext;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.mnn.discover.DiscoveredModel;
import org.mnn.discover.Trajectory;

/**
 * Displays of a {@link DiscoveredModel}: the equations as {@code text/latex} (an aligned system,
 * typeset by MathJax) with {@code text/plain}, and the fit as a Plotly figure: the data and the
 * model simulated from the trajectory's first sample. No HTML in the equation bundle, because
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
        return data;
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
