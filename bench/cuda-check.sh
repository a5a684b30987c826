#!/usr/bin/env bash
# The one-shot check of the GPU solver for current NVIDIA GPUs (module mnn-cuda, solver `cuda`;
# docs/gpu.md), in two halves, because a GPU machine may have no Java, Maven or network:
#
#   bench/cuda-check.sh prepare [--stage DIR]
#       here: builds mnn-core and mnn-cuda with a JDK 22 or later (environment/gpu-jdk.sh) and
#       stages what the check needs into DIR (default build/device, about 21 MB): the classes and a
#       Java runtime made by jlink, packed as jre.tar.gz.
#   bench/cuda-check.sh run [--stage DIR] [--sizes B:N,...] [--out DIR] [--solver cuda|cuda-host]
#       on the GPU machine: machine facts (nvidia-smi, driver library, NVRTC), nvcc's register and
#       memory report of the kernels for the GPU's architecture (if nvcc is there), then for each
#       band algorithm (cyclic reduction, sequential) org.mnn.bench.SolverCheck --solver cuda:
#       equality with the cpu solver (30 random problems, B up to 512, values and every gradient,
#       1e-9) and forward / forward + backward times of both as a Markdown table. Uses the staged runtime and classes if DIR has them, else the JDK
#       found by environment/gpu-jdk.sh and the modules' target/classes (a machine that built).
#       Results also go to the --out folder (default build/cuda-check).
#   --dry-run (either half) prints the commands instead of running them.
#
# Exit code: 0 done and equal; 1 a step failed or the solvers differ; 2 bad arguments; 3 no usable
# GPU (the message says what is missing). With --solver cuda-host the run half checks the same
# kernels built for the CPU (needs cc), which proves the script on a machine without a GPU.
set -euo pipefail

usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; }
[[ $# -ge 1 ]] || { usage >&2; exit 2; }
mode="$1"
shift
case "$mode" in
    prepare|run) ;;
    -h|--help) usage; exit 0 ;;
    *) echo "cuda-check: expected prepare or run first, got '$mode' (see --help)" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
stage="$root/build/device"
out="$root/build/cuda-check"
sizes=1:50,64:50,512:50,1536:50,64:1000,512:1000,64:10000
solver=cuda
dry_run=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --stage|--sizes|--out|--solver)
            [[ $# -ge 2 ]] || { echo "cuda-check: $1 needs a value" >&2; exit 2; }
            case "$1" in
                --stage) stage="$(realpath -m "$2")" ;;
                --sizes) sizes="$2" ;;
                --out) out="$(realpath -m "$2")" ;;
                --solver) solver="$2" ;;
            esac
            shift 2 ;;
        --dry-run) dry_run=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "cuda-check: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[[ "$sizes" =~ ^[0-9]+:[0-9]+(,[0-9]+:[0-9]+)*$ ]] || { echo "cuda-check: --sizes: expected B:N,B:N,..., got '$sizes'" >&2; exit 2; }
[[ "$solver" == cuda || "$solver" == cuda-host ]] || { echo "cuda-check: --solver: expected cuda or cuda-host, got '$solver'" >&2; exit 2; }

say() { printf '\n== %s\n' "$*"; }
step() {
    printf '+ %s\n' "$*"
    if (( ! dry_run )); then "$@"; fi
}

if [[ "$mode" == prepare ]]; then
    jdk="$(bash "$root/environment/gpu-jdk.sh")" || {
        echo "cuda-check: prepare needs a JDK 22 or later (MNN_GPU_JDK, JAVA_HOME or /usr/lib/jvm)" >&2; exit 1; }
    say "build mnn-core and mnn-cuda with $jdk"
    step mvn -B -ntp -q -f "$root/pom.xml" -Dmnn.gpu.jdk="$jdk" -DskipTests -pl mnn-cuda -am package
    say "stage into $stage"
    step rm -rf "$stage"
    step mkdir -p "$stage/classes"
    step cp -r "$root/mnn-core/target/classes" "$stage/classes/mnn-core"
    step cp -r "$root/mnn-cuda/target/classes" "$stage/classes/mnn-cuda"
    # the check loads only java.base and the vector API (no ND4J, no other jar: SolverCheck, the
    # solvers and mnn-cuda are plain Java)
    step "$jdk/bin/jlink" --add-modules java.base,jdk.incubator.vector --strip-debug --no-header-files \
        --no-man-pages --output "$stage/jre"
    step tar czf "$stage/jre.tar.gz" -C "$stage" jre
    step rm -rf "$stage/jre"
    if (( ! dry_run )); then
        echo "staged: $(du -sh "$stage" | cut -f1) in $stage"
        echo "on the GPU machine (the repository with $stage carried along):"
        echo "  bash bench/cuda-check.sh run --stage ${stage#"$root/"} --out \$OUT"
    fi
    exit 0
fi

# ---- run ---------------------------------------------------------------------------------------
mkdir -p "$out"
say "machine"
if command -v nvidia-smi >/dev/null 2>&1; then
    step nvidia-smi --query-gpu=name,compute_cap,driver_version,memory.total --format=csv | tee "$out/facts.txt"
    cc_version="$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -n 1 | tr -d ' .')"
else
    echo "no nvidia-smi: no NVIDIA driver tools on this machine" | tee "$out/facts.txt"
    cc_version=""
    if [[ "$solver" == cuda && $dry_run -eq 0 ]]; then
        echo "cuda-check: --solver cuda needs an NVIDIA GPU; --solver cuda-host runs the same kernels on the CPU" >&2
        exit 3
    fi
fi
echo "cpu: $(nproc) cores, $(grep -m 1 'model name' /proc/cpuinfo | sed 's/.*: //')" | tee -a "$out/facts.txt"

if [[ -f "$stage/jre.tar.gz" && -d "$stage/classes" ]]; then
    runtime="$(mktemp -d)"
    step tar xzf "$stage/jre.tar.gz" -C "$runtime"
    java="$runtime/jre/bin/java"
    classpath="$stage/classes/mnn-core:$stage/classes/mnn-cuda"
else
    jdk="$(bash "$root/environment/gpu-jdk.sh")" || {
        echo "cuda-check: no staged runtime in $stage and no JDK 22 or later here: run 'prepare' first" >&2; exit 1; }
    java="$jdk/bin/java"
    classpath="$root/mnn-core/target/classes:$root/mnn-cuda/target/classes"
fi

if [[ -n "$cc_version" ]] && command -v nvcc >/dev/null 2>&1; then
    say "nvcc's resource report of the kernels for sm_$cc_version (the solver compiles them with NVRTC at run time)"
    kernels="$(mktemp -d)"
    if (( dry_run )) || [[ -d "$stage/classes" ]]; then
        src="$stage/classes/mnn-cuda/org/mnn/solver/cuda/neurlp_blocks.cu"
    else
        src="$root/mnn-cuda/src/main/resources/org/mnn/solver/cuda/neurlp_blocks.cu"
    fi
    step nvcc -x cu -cubin -arch="sm_$cc_version" -Xptxas -v -o "$kernels/k.cubin" "$src" 2>&1 | tee "$out/nvcc-resources.txt" || true
fi

# the driver library and NVRTC where the dynamic loader may not look (a driver mounted under
# /usr/local/nvidia, a toolkit without ldconfig, NVRTC from a Python wheel): found here, named to
# the JVM (-Dmnn.cuda.driver, -Dmnn.cuda.nvrtc)
find_library() {  # PATTERN DIR...: the matching file with the highest version in its name
    local pattern="$1"
    shift
    { find "$@" -maxdepth 6 -name "$pattern" \( -type f -o -type l \) 2>/dev/null || true; } \
        | awk -F/ '{ print $NF "\t" $0 }' | sort -V -k1,1 | tail -n 1 | cut -f2
}
properties=()
if [[ "$solver" == cuda && $dry_run -eq 0 ]]; then
    if ! ldconfig -p 2>/dev/null | grep -q 'libcuda\.so\.1 '; then
        driver="$(find_library 'libcuda.so.1' /usr/local/nvidia /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib/wsl/lib)"
        [[ -n "$driver" ]] && properties+=("-Dmnn.cuda.driver=$driver")
    fi
    if ! ldconfig -p 2>/dev/null | grep -q 'libnvrtc\.so'; then
        nvrtc="$(find_library 'libnvrtc.so.1[0-9]' /usr/local /opt /usr/lib)"
        if [[ -n "$nvrtc" ]]; then
            properties+=("-Dmnn.cuda.nvrtc=$nvrtc")
            export LD_LIBRARY_PATH="$(dirname "$nvrtc")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
        fi
    fi
    echo "libraries: ${properties[*]:-as the dynamic loader finds them}" | tee -a "$out/facts.txt"
fi

# both band algorithms (mnn.cuda.blocks): block cyclic reduction, the default, and sequential
status=0
for algorithm in cyclic sequential; do
    say "equality and times: $solver ($algorithm) against cpu"
    step "$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC \
        -Dmnn.cuda.blocks="$algorithm" "${properties[@]}" -cp "$classpath" org.mnn.bench.SolverCheck --solver "$solver" --sizes "$sizes" 2>&1 \
        | grep -v --line-buffered '^WARNING: Using incubator modules' | tee "$out/check-$algorithm.md" || status=$?
    if [[ $status -eq 3 ]]; then
        exit 3
    fi
done
say "summary"
if (( dry_run )); then
    echo "dry run: nothing was run"
elif grep -q 'equality: .*PASS' "$out/check-cyclic.md" && grep -q 'equality: .*PASS' "$out/check-sequential.md"; then
    echo "PASS: $solver equals cpu with both band algorithms; the tables are in $out/check-cyclic.md and check-sequential.md"
else
    echo "FAIL: see $out/check-cyclic.md and $out/check-sequential.md"
    status=1
fi
exit "$status"
