#!/usr/bin/env bash
# Executes every notebook under notebooks/ (recursively, notebooks/classroom/ included) headless
# with nbclient on the Java kernel "mnn" and fails on the first notebook with an error cell (after
# running the rest). The kernel is built and installed first, from this checkout, into a temporary
# prefix (`./mnn kernel install --prefix`), so the run never depends on an installed kernel.
#
#   bash environment/run-notebooks.sh [--ci] [--write] [NOTEBOOK ...]
#
# --ci     MNN_CI=1 for the kernel: the notebooks use their reduced sizes (what CI runs,
#          environment/test.sh); nothing is written
# --write  saves the executed notebooks in place, outputs included (plots as PNG; see
#          environment/run_notebooks.py). Without --ci this regenerates the committed outputs:
#          bash environment/run-notebooks.sh --write
# NOTEBOOK paths limit the run to those notebooks.
#
# Needs Debian's Jupyter packages (installed here if missing, as environment/setup.sh --jupyter
# does); uses /usr/bin/python3 and /usr/bin/jupyter, not a python3 earlier on PATH.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd -P)"

bash "$root/environment/setup.sh" --jupyter >/dev/null

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
JUPYTER=/usr/bin/jupyter "$root/mnn" kernel install --prefix "$tmp/prefix" >/dev/null
# the temporary prefix first, so that an "mnn" kernel installed elsewhere is not the one used;
# a private runtime dir for the connection files
export JUPYTER_PATH="$tmp/prefix/share/jupyter"
export JUPYTER_RUNTIME_DIR="$tmp/runtime"

/usr/bin/python3 "$root/environment/run_notebooks.py" "$@"
