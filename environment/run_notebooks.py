"""Executes every notebook under notebooks/ (recursively, in path order) headless with nbclient on
the Jupyter kernel "mnn" and fails when any cell raises. Used by environment/run-notebooks.sh,
which installs the kernel first; run with Debian's /usr/bin/python3 (python3-nbclient,
python3-nbformat).

    run_notebooks.py [--ci] [--write] [NOTEBOOK ...]

A notebook whose stored kernelspec is not "mnn" fails without running (Jupyter and Binder would
open it with another kernel); code cells that were never executed (no execution count stored)
are reported (a note, not a failure).

--ci     sets MNN_CI=1 for the kernel: the notebooks use their reduced sizes
--write  saves each executed notebook in place. Plot outputs are stored in their static form:
         a display bundle with Plotly parts and an image/png keeps the PNG and the text but drops
         the Plotly HTML and JSON (the first plot's HTML carries plotly.js, 4.8 MB, its script
         runs neither on GitHub nor in an untrusted notebook, and the JSON repeats every point);
         running a cell again in Jupyter brings the interactive plot back. Consecutive stream
         outputs are merged into one.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import nbclient
import nbformat
from nbclient.exceptions import CellExecutionError, CellTimeoutError

ROOT = Path(__file__).resolve().parent.parent
PLOTLY = "application/vnd.plotly.v1+json"


def notebooks(args):
    if args:
        return [Path(a).resolve() for a in args]
    return sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def static_outputs(nb):
    """Plots keep their PNG and text only (see the module comment), and consecutive pieces of
    stdout / stderr become one output each (the kernel sends every print as its own message)."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        merged = []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/png" in data and PLOTLY in data:
                data.pop("text/html", None)
                data.pop(PLOTLY, None)
            if (out.output_type == "stream" and merged and merged[-1].output_type == "stream"
                    and merged[-1].name == out.name):
                merged[-1].text += out.text
            else:
                merged.append(out)
        cell.outputs = merged


def stored_state(nb):
    """Problems with the notebook as stored: a kernel other than "mnn" (Jupyter and Binder would
    open it with that kernel), and the number of code cells never executed and saved."""
    problems = []
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if kernel != "mnn":
        problems.append(f"its kernelspec is {kernel!r}, not 'mnn'")
    blank = sum(1 for c in nb.cells
                if c.cell_type == "code" and c.source.strip() and c.get("execution_count") is None)
    return problems, blank


def run(path, write, timeout):
    nb = nbformat.read(str(path), as_version=4)
    problems, blank = stored_state(nb)
    if problems:
        return False, 0.0, "; ".join(problems)
    if blank and not write:
        print(f"run-notebooks: note: {blank} code cell(s) of {path.name} were not executed and saved "
              "(bash environment/run-notebooks.sh --write saves them)", flush=True)
    client = nbclient.NotebookClient(nb, timeout=timeout, kernel_name="mnn", record_timing=False,
                                     resources={"metadata": {"path": str(path.parent)}})
    start = time.monotonic()
    try:
        client.execute()
    except CellTimeoutError as e:
        return False, time.monotonic() - start, f"a cell ran longer than {timeout} s: {e}"
    except CellExecutionError as e:
        return False, time.monotonic() - start, str(e)
    seconds = time.monotonic() - start
    if write:
        static_outputs(nb)
        nbformat.validate(nb)
        nbformat.write(nb, str(path))
    return True, seconds, ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ci", action="store_true", help="MNN_CI=1: reduced sizes")
    parser.add_argument("--write", action="store_true", help="save the executed notebooks in place")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds one cell may run (default 1800)")
    parser.add_argument("notebook", nargs="*")
    args = parser.parse_args()
    if args.ci:
        os.environ["MNN_CI"] = "1"
    else:
        os.environ.pop("MNN_CI", None)
    paths = notebooks(args.notebook)
    if not paths:
        print("run-notebooks: no notebooks found under notebooks/", file=sys.stderr)
        return 1
    failed = []
    total = 0.0
    for path in paths:
        name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"run-notebooks: {name} ...", flush=True)
        ok, seconds, message = run(path, args.write, args.timeout)
        total += seconds
        if ok:
            print(f"run-notebooks: {name} ok ({seconds:.1f} s){', written' if args.write else ''}", flush=True)
        else:
            failed.append(str(name))
            print(f"run-notebooks: {name} FAILED ({seconds:.1f} s)\n{message}", flush=True)
    mode = "CI sizes" if args.ci else "full sizes"
    print(f"run-notebooks: {len(paths) - len(failed)} of {len(paths)} notebooks ran without errors "
          f"({mode}, {total:.1f} s)" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
