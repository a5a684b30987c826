"""A real browser check of the MNN kernel's notebook outputs.

Executes kernel-ext/src/test/notebooks/showcase.ipynb with nbclient (kernel "mnn"), signs it so that
the classic notebook trusts its scripts, serves it with Debian's Jupyter Notebook 6 on a free local
port, opens it in headless Chromium, and checks the rendered page (Chromium's --dump-dom):

  plots      every Plotly output was drawn: its <div> became a "js-plotly-plot" holding an
             <svg class="main-svg">, and no "plotly.js is not loaded" message is shown
  equations  MathJax typeset every display equation (the markdown cell's $$...$$ and the
             text/latex output): as many MathJax display elements, no MathJax error
  table      the Tablesaw table rendered as an HTML table (class "mnn-table")

It also takes a screenshot. Then, unless --no-live, it opens the notebook without outputs in
Chromium driven through the DevTools protocol, runs all cells from the page (the kernel runs behind
the notebook server, as for a user) and samples the live training curve while the sine demo trains:
it must redraw in place (one output, several different epochs seen in its title while the cell
runs) and end at the last epoch. Then, unless --no-negative, it serves a copy that is not signed
(so its scripts do not run) and has its equations removed, and checks that the same checks fail
there: the check would notice a missing plot or equation.

Artifacts (default build/ci-artifacts/): notebook.png (the screenshot), notebook-dom.html,
showcase-executed.ipynb. Exit status 0 when every check passed, 1 otherwise.

Needs /usr/bin/python3 with nbclient and nbformat, /usr/bin/jupyter (jupyter-notebook) and
chromium; run by environment/kernel-tests.sh with JUPYTER_PATH pointing at the tested kernelspec.
"""

import argparse
import copy
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import asyncio

import nbclient
import nbformat
from nbformat.sign import NotebookNotary
from tornado.websocket import websocket_connect

HERE = Path(__file__).resolve().parent
NOTEBOOK = HERE.parents[0] / "notebooks" / "showcase.ipynb"
PLOTLY = "application/vnd.plotly.v1+json"


def log(msg):
    print(f"browser-check: {msg}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit("browser-check: chromium not found (Debian: apt-get install -y chromium)")


def expected(nb):
    """What the page should show: Plotly outputs, display equations, tables."""
    plots = equations = tables = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            equations += len(re.findall(r"\$\$.+?\$\$", cell.source, re.S))
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if PLOTLY in data and "Plotly.newPlot" in data.get("text/html", ""):
                plots += 1
            if "text/latex" in data and "text/html" not in data:
                equations += len(re.findall(r"\$\$.+?\$\$", data["text/latex"], re.S))
            if 'class="mnn-table"' in data.get("text/html", ""):
                tables += 1
    return plots, equations, tables


def check_dom(dom, plots, equations, tables):
    """Returns (name, ok, detail) per check."""
    results = []
    # what the page shows, not the code it runs: the plot loader's script holds the text of its
    # "not loaded" message, MathJax's style sheet the class of its error message
    dom = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", dom, flags=re.S | re.I)
    divs = re.findall(r'<div[^>]*\bid="mnn-plot-[^"]*"[^>]*>', dom)
    drawn = [d for d in divs if "js-plotly-plot" in d]
    svgs = dom.count('class="main-svg"')
    not_loaded = "plotly.js is not loaded" in dom
    ok = plots > 0 and len(drawn) >= plots and svgs >= plots and not not_loaded
    results.append(("plots", ok, f"{len(drawn)} of {plots} Plotly outputs drawn, {svgs} main-svg elements"
                    + (", 'plotly.js is not loaded' shown" if not_loaded else "")))
    typeset = len(re.findall(r'class="(?:MathJax_Display|MJXc-display)"', dom)) + dom.count("<mjx-container")
    errors = dom.count("MathJax_Error") + dom.count("Math Processing Error")
    ok = equations > 0 and typeset >= equations and errors == 0
    results.append(("equations", ok, f"{typeset} of {equations} display equations typeset by MathJax"
                    + (f", {errors} MathJax errors" if errors else "")))
    shown = dom.count('class="mnn-table"')
    results.append(("table", shown >= tables > 0, f"{shown} of {tables} Tablesaw tables shown as HTML"))
    return results


class Server:
    """Jupyter Notebook 6 serving one directory, no token, on a free local port."""

    def __init__(self, root, data_dir, log_file):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, JUPYTER_DATA_DIR=str(data_dir))
        self.proc = subprocess.Popen(
            ["/usr/bin/jupyter", "notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1",
             f"--port={self.port}", "--port-retries=0", "--NotebookApp.token=", "--NotebookApp.password=",
             "--NotebookApp.disable_check_xsrf=True",
             f"--notebook-dir={root}"],
            stdout=log_file, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(self.url + "/api", timeout=2).read()
                return
            except OSError:
                if self.proc.poll() is not None or time.time() > deadline:
                    raise SystemExit(f"browser-check: the notebook server did not start (see {log_file.name})")
                time.sleep(0.3)

    def shutdown_kernels(self):
        """Opening a notebook starts its kernel: shut those down through the REST API."""
        try:
            sessions = json.load(urllib.request.urlopen(self.url + "/api/sessions", timeout=5))
            for s in sessions:
                req = urllib.request.Request(f"{self.url}/api/sessions/{s['id']}", method="DELETE")
                urllib.request.urlopen(req, timeout=10).read()
        except OSError as e:
            log(f"could not shut the kernels down: {e}")

    def stop(self):
        self.shutdown_kernels()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def chromium(url, profile, budget_ms, screenshot=None, window="1100,2600"):
    args = [chromium_binary(), "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--hide-scrollbars", f"--user-data-dir={profile}",
            f"--window-size={window}", f"--virtual-time-budget={budget_ms}"]
    if screenshot:
        args.append(f"--screenshot={screenshot}")
    else:
        args.append("--dump-dom")
    args.append(url)
    p = subprocess.run(args, capture_output=True, text=True, timeout=180)
    if p.returncode != 0:
        raise SystemExit(f"browser-check: chromium failed ({p.returncode}): {p.stderr[-2000:]}")
    return p.stdout


# evaluated in the page: the live cell's outputs and its plot's title, and whether all cells ran
LIVE_STATE_JS = r"""
(function () {
  var nb = window.Jupyter && Jupyter.notebook;
  if (!nb || !nb.kernel) { return JSON.stringify({ready: false}); }
  var cells = nb.get_cells().filter(function (c) { return c.cell_type === 'code'; });
  var live = cells.filter(function (c) { return c.get_text().indexOf('TrainingCurve') >= 0; })[0];
  var title = null, outputs = -1, plots = 0;
  if (live) {
    outputs = live.output_area.outputs.length;
    var t = live.element[0].querySelector('.js-plotly-plot .gtitle');
    title = t ? t.textContent : null;
    plots = live.element[0].querySelectorAll('.js-plotly-plot').length;
  }
  var done = cells.every(function (c) { return typeof c.input_prompt_number === 'number'; });
  var errors = cells.filter(function (c) {
    return c.output_area.outputs.some(function (o) { return o.output_type === 'error'; });
  }).length;
  return JSON.stringify({ready: nb.kernel.is_connected(), done: done, outputs: outputs, title: title,
                         plots: plots, errors: errors});
})()
"""


async def live_check(page_url, profile, timeout_s=240):
    """Runs all cells in a real page; returns (ok, detail) about the live training curve."""
    port = free_port()
    proc = subprocess.Popen(
        [chromium_binary(), "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={profile}", "--window-size=1100,2600", f"--remote-debugging-port={port}",
         "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.time() + 30
        while True:
            try:
                targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=2))
                page = next(t for t in targets if t.get("type") == "page")
                break
            except (OSError, StopIteration, ValueError):
                if time.time() > deadline:
                    return False, "Chromium's DevTools endpoint did not come up"
                await asyncio.sleep(0.3)
        ws = await websocket_connect(page["webSocketDebuggerUrl"], max_message_size=256 * 1024 * 1024)
        ids = iter(range(1, 1 << 30))

        async def call(method, **params):
            i = next(ids)
            await ws.write_message(json.dumps({"id": i, "method": method, "params": params}))
            while True:
                msg = await ws.read_message()
                if msg is None:
                    raise RuntimeError("DevTools connection closed")
                msg = json.loads(msg)
                if msg.get("id") == i:
                    return msg

        async def state():
            r = await call("Runtime.evaluate", expression=LIVE_STATE_JS, returnByValue=True)
            return json.loads(r["result"]["result"].get("value") or '{"ready": false}')

        await call("Page.navigate", url=page_url)
        deadline = time.time() + 90
        while not (await state()).get("ready"):
            if time.time() > deadline:
                return False, "the kernel did not connect in the page"
            await asyncio.sleep(0.5)
        await call("Runtime.evaluate", expression="Jupyter.notebook.execute_all_cells(); true")
        started = time.time()
        titles, max_outputs, st = [], 0, {}
        while time.time() - started < timeout_s:
            st = await state()
            if st.get("outputs", -1) >= 0:
                max_outputs = max(max_outputs, st["outputs"])
            if st.get("title") and (not titles or titles[-1] != st["title"]):
                titles.append(st["title"])
            if st.get("done"):
                break
            await asyncio.sleep(0.1)
        ws.close()
        epochs = sorted({int(m.group(1)) for t in titles for m in [re.search(r"epoch (\d+):", t)] if m})
        final = st.get("title") or ""
        ok = (st.get("done") and st.get("errors") == 0 and st.get("plots") == 1 and max_outputs <= 2
              and len(epochs) >= 3 and "epoch 300:" in final)
        detail = (f"ran all cells in {time.time() - started:.1f} s; the curve's title showed {len(epochs)} "
                  f"different epochs ({', '.join(map(str, epochs[:8]))}{', ...' if len(epochs) > 8 else ''}) "
                  f"in {st.get('plots')} plot, at most {max_outputs} outputs in its cell, finally "
                  f"'{final[:60]}'; {st.get('errors')} error cells")
        return ok, detail
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def strip_equations(nb):
    """The negative copy: no $$...$$ in markdown, no text/latex outputs."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = re.sub(r"\$\$.+?\$\$", "(equation removed)", cell.source, flags=re.S)
        for out in cell.get("outputs", []):
            out.get("data", {}).pop("text/latex", None)
    return nb


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--notebook", default=str(NOTEBOOK))
    ap.add_argument("--out", default="build/ci-artifacts", help="artifact folder (default %(default)s)")
    ap.add_argument("--kernel", default="mnn")
    ap.add_argument("--budget-ms", type=int, default=30000, help="Chromium's virtual time budget")
    ap.add_argument("--no-negative", action="store_true", help="skip the check that a broken copy fails")
    ap.add_argument("--no-live", action="store_true", help="skip running the notebook live in the page")
    args = ap.parse_args()
    started = time.time()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)

    nb = nbformat.read(args.notebook, as_version=4)
    fresh = copy.deepcopy(nb)
    log(f"executing {args.notebook} (kernel {args.kernel})")
    nbclient.NotebookClient(nb, timeout=600, kernel_name=args.kernel).execute()
    plots, equations, tables = expected(nb)
    log(f"executed in {time.time() - started:.1f} s: {plots} plots, {equations} display equations, {tables} tables")

    tmp = Path(tempfile.mkdtemp(prefix="mnn-browser-check-"))
    server = None
    try:
        root = tmp / "notebooks"
        data_dir = tmp / "jupyter-data"
        root.mkdir()
        data_dir.mkdir()
        # the notary and the server share JUPYTER_DATA_DIR: the signature database and its secret
        os.environ["JUPYTER_DATA_DIR"] = str(data_dir)
        NotebookNotary().sign(nb)
        nbformat.write(nb, str(root / "showcase.ipynb"))
        shutil.copy(root / "showcase.ipynb", out / "showcase-executed.ipynb")
        unsigned = strip_equations(nb)
        nbformat.write(unsigned, str(root / "unsigned.ipynb"))
        nbformat.write(fresh, str(root / "live.ipynb"))

        with open(out / "notebook-server.log", "w") as server_log:
            server = Server(root, data_dir, server_log)
            log(f"serving on {server.url}")
            page = f"{server.url}/notebooks/showcase.ipynb"
            t0 = time.time()
            dom = chromium(page, tmp / "profile-dom", args.budget_ms)
            (out / "notebook-dom.html").write_text(dom)
            log(f"dumped the DOM in {time.time() - t0:.1f} s ({len(dom)} characters)")
            t0 = time.time()
            chromium(page, tmp / "profile-shot", args.budget_ms, screenshot=str(out / "notebook.png"))
            log(f"screenshot {out / 'notebook.png'} in {time.time() - t0:.1f} s")

            failed = 0
            for name, ok, detail in check_dom(dom, plots, equations, tables):
                log(f"{'PASS' if ok else 'FAIL'} {name}: {detail}")
                failed += not ok
            if not (out / "notebook.png").is_file() or (out / "notebook.png").stat().st_size < 10000:
                log("FAIL screenshot: missing or empty")
                failed += 1

            if not args.no_live:
                # the page runs the cells itself: the live curve must redraw in place
                ok, detail = asyncio.run(live_check(f"{server.url}/notebooks/live.ipynb", tmp / "profile-live"))
                log(f"{'PASS' if ok else 'FAIL'} live curve in the page: {detail}")
                failed += not ok
                server.shutdown_kernels()

            if not args.no_negative:
                # the same checks on a copy without trust (its scripts do not run, so no plot is
                # drawn) and without equations must fail: they do look at the page
                t0 = time.time()
                bad = chromium(f"{server.url}/notebooks/unsigned.ipynb", tmp / "profile-neg", args.budget_ms)
                results = {name: ok for name, ok, _ in check_dom(bad, plots, equations, tables)}
                caught = not results["plots"] and not results["equations"]
                log(f"{'PASS' if caught else 'FAIL'} negative control: an untrusted copy without equations "
                    f"fails the plot check ({not results['plots']}) and the equation check "
                    f"({not results['equations']}) ({time.time() - t0:.1f} s)")
                failed += not caught
    finally:
        if server:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    log(f"{'passed' if failed == 0 else f'{failed} check(s) failed'} in {time.time() - started:.1f} s; "
        f"artifacts in {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
