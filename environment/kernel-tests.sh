#!/usr/bin/env bash
# Jupyter protocol tests of the Java kernel "mnn" (module kernel-ext): installs the Debian
# packages they need if missing, builds and installs the kernelspec into a temporary prefix with
# `./mnn kernel install --prefix`, runs kernel-ext/src/test/python (Jupyter's protocol suite
# jupyter_kernel_test plus interrupt and traceback tests, and the MNN extension's notebook
# kernel-ext/src/test/notebooks/magics.ipynb executed headless with nbclient: %mnn, %%ode plots,
# a bad-argument cell, the live training curve, Tablesaw tables) with Debian's python3, and prints
# "N passed, M failed". Then the browser check (kernel-ext/src/test/python/browser_check.py):
# kernel-ext/src/test/notebooks/showcase.ipynb executed, signed, served by Jupyter Notebook 6 and
# opened in headless Chromium, which must show every plot drawn and every equation typeset; its
# screenshot goes to build/ci-artifacts/notebook.png (with the page's DOM and the executed
# notebook); then the page runs the notebook itself and the training curve must redraw in place.
# Exits 1 if any test or browser check failed.
#
# Uses /usr/bin/python3 and /usr/bin/jupyter: the python3 first on PATH may be one without the
# Debian packages (pyenv). There is no PyPI here: Jupyter comes from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."

python=/usr/bin/python3
need=()
[ -x /usr/bin/jupyter-kernelspec ] || need+=(jupyter-client)
"$python" -c 'import jupyter_kernel_test' 2>/dev/null || need+=(python3-jupyter-kernel-test)
"$python" -c 'import nbclient' 2>/dev/null || need+=(python3-nbclient)
"$python" -c 'import nbformat' 2>/dev/null || need+=(python3-nbformat)
[ -x /usr/bin/jupyter-notebook ] || need+=(jupyter-notebook)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "kernel-tests: installing ${need[*]} (apt)"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
JUPYTER=/usr/bin/jupyter ./mnn kernel install --prefix "$tmp/prefix"
# the temporary prefix first, so that an "mnn" kernel installed elsewhere is not the one tested;
# a private runtime dir for the connection files
export JUPYTER_PATH="$tmp/prefix/share/jupyter"
export JUPYTER_RUNTIME_DIR="$tmp/runtime"

status=0
"$python" kernel-ext/src/test/python/run_suite.py || status=1
"$python" kernel-ext/src/test/python/browser_check.py --out build/ci-artifacts || status=1
exit $status
