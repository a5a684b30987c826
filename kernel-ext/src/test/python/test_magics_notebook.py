"""The MNN notebook extension end to end: executes kernel-ext/src/test/notebooks/magics.ipynb
headless with nbclient (Debian: python3-nbclient) against the installed kernelspec "mnn" and checks
what each cell left: %mnn's summary, the %%ode plots (text/html with plotly.js embedded once,
application/vnd.plotly.v1+json with the expected traces and lengths, image/png, text/plain), the
solution as a variable, and a bad-argument cell that fails with the option named while the next
cell still runs; the live training curve (one output replaced in place by throttled
update_display_data messages, counted here, ending with every epoch), a LossHistory as a value,
and Tablesaw tables as escaped, truncated HTML. Run by environment/kernel-tests.sh (through
run_suite.py).
"""

import base64
import unittest
from pathlib import Path

import nbclient
import nbformat

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "magics.ipynb"
PLOTLY = "application/vnd.plotly.v1+json"
LIBRARY_MARKER = "mnn-plotly-library"


class CountingClient(nbclient.NotebookClient):
    """Counts the update_display_data messages each cell received (nbclient applies, not keeps, them)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.updates = {}

    def process_message(self, msg, cell, cell_index):
        if msg["msg_type"] == "update_display_data":
            self.updates[cell_index] = self.updates.get(cell_index, 0) + 1
        return super().process_message(msg, cell, cell_index)


class MagicsNotebookTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        nb = nbformat.read(str(NOTEBOOK), as_version=4)
        client = CountingClient(nb, timeout=300, kernel_name="mnn", allow_errors=True)
        client.execute()
        cls.cells = [c for c in nb.cells if c.cell_type == "code"]
        cls.updates = {id(nb.cells[i]): n for i, n in client.updates.items()}

    def cell(self, starts_with):
        found = [c for c in self.cells if c.source == starts_with] or \
            [c for c in self.cells if c.source.startswith(starts_with)]
        self.assertEqual(len(found), 1, f"one code cell starting with {starts_with!r}")
        return found[0]

    def outputs(self, cell, output_type):
        return [o for o in cell.outputs if o.output_type == output_type]

    def errors(self, cell):
        return self.outputs(cell, "error")

    def plot(self, cell):
        self.assertEqual(self.errors(cell), [], "no error")
        shown = self.outputs(cell, "display_data")
        self.assertEqual(len(shown), 1, "one display_data output")
        data = shown[0].data
        for mime in ("text/html", PLOTLY, "image/png", "text/plain"):
            self.assertIn(mime, data)
        self.assertIsInstance(data[PLOTLY], dict, "the Plotly figure is JSON, not a string")
        png = base64.b64decode(data["image/png"])
        self.assertTrue(png.startswith(b"\x89PNG\r\n\x1a\n"), "a PNG image")
        self.assertGreater(len(png), 5000)
        self.assertIn("Plotly.newPlot", data["text/html"])
        self.assertNotIn("cdn.", data["text/html"].lower().split("plotly.js v4.1.2")[0])
        return data

    def result_text(self, cell):
        results = self.outputs(cell, "execute_result")
        self.assertEqual(len(results), 1, f"an execute_result in {cell.source!r}: {cell.outputs}")
        return results[0].data["text/plain"]

    def test_mnn_line_magic_shows_versions_and_magics(self):
        cell = self.cell("%mnn")
        self.assertEqual(self.errors(cell), [])
        text = "".join(o.data.get("text/plain", "") for o in self.outputs(cell, "display_data"))
        for expected in ("MNN ", "Java 17", "thread", "%%ode", "--init", "--t START:STOP:STEP"):
            self.assertIn(expected, text)

    def test_two_variables_plot_time_series_and_2d_phase_portrait(self):
        data = self.plot(self.cell("%%ode --init \"x(0) = 10, y(0) = 5\""))
        traces = data[PLOTLY]["data"]
        self.assertEqual([t["type"] for t in traces], ["scatter"] * 3)
        for t in traces:
            self.assertEqual(len(t["x"]), 501)
            self.assertEqual(len(t["y"]), 501)
        self.assertEqual([t["name"] for t in traces[:2]], ["x", "y"])
        self.assertEqual(traces[2]["xaxis"], "x2")
        self.assertIn("501 points", data["text/plain"])

    def test_three_variables_plot_a_scatter3d_phase_portrait(self):
        data = self.plot(self.cell("%%ode --init \"x(0) = -8"))
        traces = data[PLOTLY]["data"]
        self.assertEqual([t["type"] for t in traces], ["scatter", "scatter", "scatter", "scatter3d"])
        self.assertEqual(traces[3]["mode"], "lines")
        for axis in "xyz":
            self.assertEqual(len(traces[3][axis]), 401)
        self.assertIn("scene", data[PLOTLY]["layout"])

    def test_plotly_js_is_embedded_once_in_the_first_plot(self):
        first = self.plot(self.cell("%%ode --init \"x(0) = 10"))
        later = self.plot(self.cell("%%ode --init \"x(0) = -8"))
        self.assertIn(LIBRARY_MARKER, first["text/html"])
        self.assertIn("plotly.js v4.1.2", first["text/html"])
        self.assertNotIn(LIBRARY_MARKER, later["text/html"])
        self.assertLess(len(later["text/html"]), 200_000)

    def test_solutions_are_variables_of_later_cells(self):
        self.assertEqual(self.result_text(self.cell("ode.points()")), "501")
        self.assertEqual(self.result_text(self.cell("lorenz.values(\"z\").length")), "401")

    def test_bad_argument_fails_its_cell_naming_the_option_and_the_kernel_lives_on(self):
        cell = self.cell("%%ode --init \"x(0) = 1, x'(0) = 0\" --t 0:10\n")
        errors = self.errors(cell)
        self.assertEqual(len(errors), 1, cell.outputs)
        self.assertIn("invalid --t", errors[0].evalue)
        self.assertIn("START:STOP:STEP", errors[0].evalue)
        self.assertEqual(self.outputs(cell, "display_data"), [])
        self.assertEqual(self.result_text(self.cell("1 + 1")), "2")

    def test_a_solution_as_a_value_renders_through_the_extension(self):
        cell = self.cell("lorenz")
        results = self.outputs(cell, "execute_result")
        self.assertEqual(len(results), 1, cell.outputs)
        data = results[0].data
        for mime in ("text/html", PLOTLY, "image/png", "text/plain"):
            self.assertIn(mime, data)
        self.assertEqual(data[PLOTLY]["data"][3]["type"], "scatter3d")
        self.assertNotIn(LIBRARY_MARKER, data["text/html"])

    def test_a_failing_renderer_is_an_error_in_its_cell_and_the_kernel_lives_on(self):
        self.assertEqual(self.errors(self.cell("class Boom {}")), [])
        errors = self.errors(self.cell("new Boom()"))
        self.assertEqual(len(errors), 1)
        self.assertIn("renderer failed on purpose", errors[0].evalue)
        self.assertEqual(self.result_text(self.cell("ode.values(\"y\").length + lorenz.points()")), "902")

    def curve(self, data, epochs):
        """A loss-curve bundle holding every one of `epochs` epochs."""
        for mime in ("text/html", PLOTLY, "text/plain", "image/png"):
            self.assertIn(mime, data)
        traces = data[PLOTLY]["data"]
        self.assertEqual(traces[0]["name"], "train")
        self.assertEqual(traces[0]["x"], list(range(1, epochs + 1)))
        self.assertEqual(len(traces[0]["y"]), epochs)
        self.assertIn(f"epoch {epochs}:", data["text/plain"])
        self.assertIn("Plotly.newPlot", data["text/html"])
        self.assertTrue(base64.b64decode(data["image/png"]).startswith(b"\x89PNG"))
        return traces

    def test_a_live_training_curve_updates_in_place_throttled_and_ends_with_every_epoch(self):
        cell = self.cell("var h2 = new org.mnn.train.LossHistory();")
        self.assertEqual(self.errors(cell), [])
        shown = self.outputs(cell, "display_data")
        self.assertEqual(len(shown), 1, "one output, updated in place")
        traces = self.curve(shown[0].data, 60)
        self.assertEqual([t["name"] for t in traces], ["train", "validation"])
        self.assertAlmostEqual(traces[0]["y"][-1], 2.718281828459045 ** -6, places=12)
        self.assertNotIn(LIBRARY_MARKER, shown[0].data["text/html"], "plotly.js came with the first plot")
        # 60 epochs in about 1.2 s: the first epoch, at most ~5 a second, and the last at the end
        updates = self.updates.get(id(cell), 0)
        self.assertGreaterEqual(updates, 3, "updates while the cell ran")
        self.assertLessEqual(updates, 15, "throttled, not one per epoch")

    def test_a_real_training_run_is_drawn_live(self):
        cell = self.cell("var history = new org.mnn.train.LossHistory();")
        self.assertEqual(self.errors(cell), [])
        shown = self.outputs(cell, "display_data")
        self.assertEqual(len(shown), 1, cell.outputs)
        traces = self.curve(shown[0].data, 120)
        self.assertEqual(len(traces), 1, "no validation set: one trace")
        self.assertIn("sine fit", shown[0].data["text/plain"])
        self.assertGreaterEqual(self.updates.get(id(cell), 0), 2)
        publications, epochs = self.result_text(self.cell("curve.publications()")).strip('"').split()
        self.assertEqual(epochs, "120")
        self.assertLess(int(publications), 60, "throttled")

    def test_a_loss_history_as_a_value_is_a_static_curve(self):
        results = self.outputs(self.cell("h2"), "execute_result")
        self.assertEqual(len(results), 1)
        self.curve(results[0].data, 60)

    def test_a_tablesaw_table_renders_as_a_truncated_html_table(self):
        results = self.outputs(self.cell("ode.table("), "execute_result")
        self.assertEqual(len(results), 1)
        html, text = results[0].data["text/html"], results[0].data["text/plain"]
        self.assertIn("lotka-volterra: 501 rows x 5 columns", html)
        self.assertEqual(html.count("<tr>"), 1 + 50 + 1, "header, 50 rows, the note")
        self.assertIn("... 451 more rows", html)
        self.assertIn(">0.49</td>", html, "t = 0.49 as 0.49, not 0.49000000000000005")
        self.assertTrue(text.startswith("lotka-volterra: 501 rows x 5 columns\n"))
        self.assertTrue(text.endswith("... 451 more rows"))

    def test_table_cells_are_escaped(self):
        results = self.outputs(self.cell("tech.tablesaw.api.Table.create(\"<i>"), "execute_result")
        self.assertEqual(len(results), 1)
        html = results[0].data["text/html"]
        self.assertNotIn("<script>", html)
        self.assertNotIn("<i>", html)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", html)
        self.assertIn("a &amp; b", html)
        self.assertIn(">0.333333</td>", html)
        self.assertIn(">1e-09</td>", html)

    def test_discover_shows_latex_equations_scores_and_the_fit(self):
        cell = self.cell("%discover /tmp/mnn-magics-osc.csv")
        self.assertEqual(self.errors(cell), [], "no error")
        shown = self.outputs(cell, "display_data")
        self.assertEqual(len(shown), 3, "equations, report, fit")
        latex = shown[0].data["text/latex"]
        self.assertIn("\\begin{aligned}", latex)
        self.assertIn("\\dot{x} &= 1.0000\\,v", latex)
        self.assertIn("\\dot{v} &= -4.0000\\,x - 0.2000\\,v", latex)
        self.assertNotIn("text/html", shown[0].data, "JupyterLab would prefer HTML to the LaTeX")
        self.assertIn("dv/dt = -4.0000*x - 0.2000*v", shown[0].data["text/plain"])
        self.assertIn("derivative R^2", shown[1].data["text/plain"])
        self.assertIn("hold-out simulation", shown[1].data["text/plain"])
        figure = shown[2].data[PLOTLY]
        self.assertEqual([t["name"] for t in figure["data"]], ["x (data)", "x (model)", "v (data)", "v (model)"])
        self.assertEqual(len(figure["data"][1]["x"]), 1000)
        self.assertTrue(base64.b64decode(shown[2].data["image/png"]).startswith(b"\x89PNG"), "a static PNG too")

    def test_a_discovered_model_is_a_variable_and_renders_as_latex(self):
        self.assertAlmostEqual(float(self.result_text(self.cell('osc_model.coefficient("v", "x")'))), -4.0, delta=1e-6)
        cell = self.cell("%discover table")
        self.assertEqual(self.errors(cell), [], "no error")
        self.assertIn("\\dot{v} &= -4.00\\,x - 0.20\\,v", self.outputs(cell, "display_data")[0].data["text/latex"])
        results = self.outputs(self.cell("model"), "execute_result")
        self.assertEqual(len(results), 1)
        self.assertIn("\\dot{x}", results[0].data["text/latex"])

    def test_discover_with_a_bad_source_fails_its_cell_naming_it(self):
        errors = self.errors(self.cell("%discover no_such_thing.csv"))
        self.assertEqual(len(errors), 1)
        self.assertIn("no_such_thing.csv: no such file", errors[0].evalue + "".join(errors[0].traceback))


if __name__ == "__main__":
    unittest.main()
