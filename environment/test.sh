#!/usr/bin/env bash
# Everything CI runs: set-up, the Maven build with all unit tests, the command line end to end,
# the Jupyter kernel against Jupyter's own protocol test suite, the Binder build (binder/postBuild in
# a temporary HOME), then every notebook under notebooks/ at CI size. Exits non-zero on the first
# failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash environment/setup.sh
export OMP_NUM_THREADS=1
mvn -B -ntp verify
bash environment/cli-smoke.sh
bash environment/kernel-tests.sh
bash environment/binder-check.sh
bash environment/run-notebooks.sh --ci
