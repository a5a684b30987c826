#!/usr/bin/env bash
# Everything CI runs: set-up, the Maven build with all unit tests (the GPU module mnn-cuda too,
# with its kernels on the CPU, when a JDK 22 or later is installed), the command line end to end,
# the Jupyter kernel against Jupyter's own protocol test suite, the Binder build (binder/postBuild in
# a temporary HOME), then every notebook under notebooks/ at CI size. Exits non-zero on the first
# failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash environment/setup.sh
export OMP_NUM_THREADS=1
if gpu_jdk="$(bash environment/gpu-jdk.sh)"; then
    echo "test.sh: building and testing the GPU module mnn-cuda with the JDK at $gpu_jdk"
    mvn -B -ntp -Dmnn.gpu.jdk="$gpu_jdk" verify
else
    echo "test.sh: WARNING: no JDK 22 or later found (environment/gpu-jdk.sh): the GPU module mnn-cuda is" \
        "neither built nor tested in this run" >&2
    mvn -B -ntp verify
fi
bash environment/cli-smoke.sh
bash environment/kernel-tests.sh
bash environment/binder-check.sh
bash environment/run-notebooks.sh --ci
