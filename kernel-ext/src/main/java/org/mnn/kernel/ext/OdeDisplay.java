package org.mnn.kernel.ext;

import java.util.Base64;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * The display bundle of an {@link OdeSolution}: {@code text/html} (Plotly, see {@link PlotlyHtml}),
 * {@code application/vnd.plotly.v1+json} (the figure as a Gson object, for JupyterLab, VS Code and
 * nteract), {@code image/png} (JFreeChart, survives export) and {@code text/plain}.
 */
public final class OdeDisplay {
    public static final String PLOTLY_MIME = "application/vnd.plotly.v1+json";

    private OdeDisplay() {
    }

    public static DisplayData bundle(OdeSolution s, boolean png) {
        DisplayData data = new DisplayData();
        data.putText(s.toString());
        var figure = PlotlyFigure.of(s);
        data.putData(PLOTLY_MIME, figure);
        if (png) {
            data.putData("image/png", Base64.getEncoder().encodeToString(PngChart.png(s)));
        }
        data.putHTML(PlotlyHtml.html(figure));
        return data;
    }
}
