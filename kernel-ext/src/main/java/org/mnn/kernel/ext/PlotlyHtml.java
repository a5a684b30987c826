package org.mnn.kernel.ext;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Plotly figure as {@code text/html}: a {@code <div>} and a small script that draws into it once
 * {@code window.Plotly} is there. plotly.js itself (plotly.js-dist-min 4.1.2, MIT, shipped in this
 * jar) is embedded inline, once per kernel session, in the first plot's HTML; no CDN is used, so
 * plots render offline. A notebook saved with that first output renders all its plots when reopened.
 */
public final class PlotlyHtml {
    public static final String PLOTLY_VERSION = "4.1.2";
    static final String LIBRARY_RESOURCE = "plotly-" + PLOTLY_VERSION + ".min.js";
    /** Marks the output that carries the library (tests look for it). */
    public static final String LIBRARY_MARKER = "mnn-plotly-library";

    private static final AtomicBoolean EMBEDDED = new AtomicBoolean();
    private static volatile String library;

    private PlotlyHtml() {
    }

    /** The HTML for a figure; carries plotly.js when no earlier output of this session did. */
    public static String html(JsonObject figure) {
        boolean embed = EMBEDDED.compareAndSet(false, true);
        try {
            return html(figure, embed);
        } catch (RuntimeException | Error e) {
            if (embed) {
                EMBEDDED.set(false);
            }
            throw e;
        }
    }

    /** The library's script element, for {@code %mnn --plotly}; later plots then do not embed it. */
    public static String libraryHtmlNow() {
        String html = libraryHtml();
        EMBEDDED.set(true);
        return html;
    }

    /** Whether an output of this session carries plotly.js already. */
    public static boolean isEmbedded() {
        return EMBEDDED.get();
    }

    /** Makes the next plot embed plotly.js again (after its output was cleared, say). */
    public static void embedAgain() {
        EMBEDDED.set(false);
    }

    static String html(JsonObject figure, boolean embedLibrary) {
        String id = "mnn-plot-" + UUID.randomUUID();
        // Gson escapes <, > and & as \\u003c...: the JSON cannot close the script element
        String json = new Gson().toJson(figure);
        StringBuilder sb = new StringBuilder();
        if (embedLibrary) {
            sb.append(libraryHtml());
        }
        sb.append("<div id=\"").append(id).append("\" style=\"width:100%;min-height:450px;\"></div>\n")
          .append("<script type=\"text/javascript\">\n(function () {\n")
          .append("  var id = '").append(id).append("', tries = 0;\n")
          .append("  var fig = ").append(json).append(";\n")
          .append("  function draw() {\n")
          .append("    var el = document.getElementById(id);\n")
          .append("    if (!el) { return; }\n")
          .append("    if (window.Plotly) { window.Plotly.newPlot(el, fig.data, fig.layout, {responsive: true}); }\n")
          .append("    else if (tries++ < 100) { setTimeout(draw, 100); }\n")
          .append("    else { el.textContent = 'plotly.js is not loaded in this page: run %mnn --plotly and then this cell again.'; }\n")
          .append("  }\n  draw();\n})();\n</script>\n");
        return sb.toString();
    }

    /** A script element that defines window.Plotly unless the page has it. */
    public static String libraryHtml() {
        return "<script type=\"text/javascript\" id=\"" + LIBRARY_MARKER + "\">\nif (!window.Plotly) {\n"
                + library() + "\n}\n</script>\n";
    }

    static String library() {
        String lib = library;
        if (lib == null) {
            try (InputStream in = PlotlyHtml.class.getResourceAsStream(LIBRARY_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("plotly.js is missing from the kernel extension's jar: "
                            + LIBRARY_RESOURCE);
                }
                lib = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("</script", "<\\/script");
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + LIBRARY_RESOURCE, e);
            }
            library = lib;
        }
        return lib;
    }
}
