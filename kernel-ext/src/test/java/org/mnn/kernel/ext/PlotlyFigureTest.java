package org.mnn.kernel.ext;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;

class PlotlyFigureTest {

    private static OdeSolution solve(String body, String init, String grid, Map<String, Double> params) {
        return OdeMagic.solve(new OdeArgs(init, grid, params, "ode", 1e-10, 50, true), body);
    }

    private static JsonArray traces(JsonObject figure) {
        return figure.getAsJsonArray("data");
    }

    private static JsonObject trace(JsonObject figure, int i) {
        return traces(figure).get(i).getAsJsonObject();
    }

    @Test
    void oneSecondOrderVariable() {
        OdeSolution s = solve("x'' + x = 0", "x(0) = 1, x'(0) = 0", "0:10:0.01", Map.of());
        assertThat(s.points()).isEqualTo(1001);
        assertThat(s.columns()).containsExactly("t", "x", "x'", "x''");
        assertThat(s.values("x")[1000]).isCloseTo(Math.cos(10), org.assertj.core.data.Offset.offset(1e-3));
        JsonObject fig = PlotlyFigure.of(s);
        assertThat(traces(fig)).hasSize(2);
        assertThat(trace(fig, 0).get("type").getAsString()).isEqualTo("scatter");
        assertThat(trace(fig, 0).getAsJsonArray("x")).hasSize(1001);
        assertThat(trace(fig, 0).getAsJsonArray("y")).hasSize(1001);
        assertThat(trace(fig, 1).get("xaxis").getAsString()).isEqualTo("x2");
        assertThat(trace(fig, 1).get("name").getAsString()).isEqualTo("x' vs x");
        assertThat(fig.getAsJsonObject("layout").getAsJsonObject("title").get("text").getAsString())
                .isEqualTo("x'' + x = 0");
    }

    @Test
    void twoVariablesGiveATwoDimensionalPhasePortrait() {
        OdeSolution s = solve("x' = a*x - b*x*y; y' = -c*y + d*x*y", "x(0) = 10, y(0) = 5", "0:5:0.01",
                Map.of("a", 1.1, "b", 0.4, "c", 0.4, "d", 0.1));
        JsonObject fig = PlotlyFigure.of(s);
        assertThat(traces(fig)).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(trace(fig, i).get("type").getAsString()).isEqualTo("scatter");
            assertThat(trace(fig, i).getAsJsonArray("x")).hasSize(501);
            assertThat(trace(fig, i).getAsJsonArray("y")).hasSize(501);
        }
        assertThat(trace(fig, 2).get("yaxis").getAsString()).isEqualTo("y2");
        assertThat(fig.getAsJsonObject("layout").has("xaxis2")).isTrue();
    }

    @Test
    void threeVariablesGiveAScatter3dWithLines() {
        OdeSolution s = solve("x' = s*(y - x); y' = x*(r - z) - y; z' = x*y - b*z", "x(0) = -8, y(0) = 8, z(0) = 27",
                "0:1:0.005", Map.of("s", 10.0, "r", 28.0, "b", 8.0 / 3));
        JsonObject fig = PlotlyFigure.of(s);
        assertThat(traces(fig)).hasSize(4);
        JsonObject phase = trace(fig, 3);
        assertThat(phase.get("type").getAsString()).isEqualTo("scatter3d");
        assertThat(phase.get("mode").getAsString()).isEqualTo("lines");
        for (String axis : List.of("x", "y", "z")) {
            assertThat(phase.getAsJsonArray(axis)).hasSize(201);
        }
        assertThat(fig.getAsJsonObject("layout").has("scene")).isTrue();
    }

    @Test
    void longGridsAreThinnedEvenlyKeepingBothEnds() {
        for (int n : new int[] {1, 2, 1001, PlotlyFigure.MAX_POINTS, PlotlyFigure.MAX_POINTS + 1, 100_000, 123_457}) {
            int[] idx = PlotlyFigure.picked(n);
            assertThat(idx.length).isLessThanOrEqualTo(PlotlyFigure.MAX_POINTS);
            assertThat(idx[0]).isZero();
            assertThat(idx[idx.length - 1]).isEqualTo(n - 1);
            if (n <= PlotlyFigure.MAX_POINTS) {
                assertThat(idx).hasSize(n);
            } else {
                assertThat(idx.length).isGreaterThan(PlotlyFigure.MAX_POINTS / 2);
            }
            for (int i = 1; i < idx.length; i++) {
                assertThat(idx[i]).isGreaterThan(idx[i - 1]);
            }
        }
        OdeSolution s = solve("x' = -x", "x(0) = 1", "0:50:0.001", Map.of());
        JsonObject fig = PlotlyFigure.of(s);
        assertThat(s.points()).isEqualTo(50_001);
        assertThat(trace(fig, 0).getAsJsonArray("x").size()).isLessThanOrEqualTo(PlotlyFigure.MAX_POINTS);
        assertThat(trace(fig, 0).getAsJsonArray("x").get(trace(fig, 0).getAsJsonArray("x").size() - 1).getAsDouble())
                .isEqualTo(50.0);
    }

    @Test
    void theBundleCarriesHtmlPlotlyJsonPngAndText() {
        OdeSolution s = solve("x' = -x", "x(0) = 1", "0:1:0.1", Map.of());
        DisplayData d = OdeDisplay.bundle(s, true);
        assertThat(d.getData(MIMEType.parse(OdeDisplay.PLOTLY_MIME))).isInstanceOf(JsonObject.class);
        assertThat(d.getData(MIMEType.TEXT_PLAIN).toString()).startsWith("OdeSolution[x' = -x; 11 points");
        byte[] png = Base64.getDecoder().decode(d.getData(MIMEType.IMAGE_PNG).toString());
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(d.getData(MIMEType.TEXT_HTML).toString()).contains("Plotly.newPlot");
        assertThat(OdeDisplay.bundle(s, false).hasDataForType(MIMEType.IMAGE_PNG)).isFalse();
    }

    @Test
    void theLibraryIsEmbeddedOnceAndCannotCloseTheScript() {
        JsonObject fig = new JsonObject();
        fig.add("data", new JsonArray());
        JsonObject layout = new JsonObject();
        layout.addProperty("title", "</script><b>");
        fig.add("layout", layout);
        String with = PlotlyHtml.html(fig, true);
        String without = PlotlyHtml.html(fig, false);
        assertThat(with).contains(PlotlyHtml.LIBRARY_MARKER).contains("plotly.js v4.1.2");
        assertThat(with.length()).isGreaterThan(4_000_000);
        assertThat(without).doesNotContain(PlotlyHtml.LIBRARY_MARKER).doesNotContain("cdn");
        assertThat(without).doesNotContain("</script><b>");
        assertThat(without.split("</script>", -1)).hasSize(2);
    }
}
