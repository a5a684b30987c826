#!/usr/bin/env bash
# Jupyter protocol tests of the Java kernel "mnn" (module kernel-ext): installs the Debian
# packages they need if missing, builds and installs the kernelspec into a temporary prefix with
# `./mnn kernel install --prefix`, runs kernel-ext/src/test/python (Jupyter's protocol suite
# jupyter_kernel_test plus interrupt and traceback tests, and the MNN extension's notebook
# kernel-ext/src/test/notebooks/magics.ipynb executed headless with nbclient: %mnn, %%ode plots,
# a bad-argument cell) with Debian's python3, and ends with "N passed, M failed"; exits 1 if any
# failed.
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

"$python" kernel-ext/src/test/python/run_suite.py
