#!/usr/bin/env bash
# One-shot check of the ND4J NeuRLP solver on a GPU machine (issue 7; see docs/gpu.md).
#
#   bench/gpu-check.sh [--profile cuda|cpu] [--sizes B:N,...] [--dry-run]
#
# 1. machine facts (nvidia-smi: GPU, compute capability, driver; CUDA 11.6 runtime present?)
# 2. build mnn-core with the Maven profile (cuda: nd4j-cuda-11.6-platform; cpu: nd4j-native-platform)
# 3. equality of the nd4j solver against the cpu solver (org.mnn.bench.SolverCheck: values, slack and
#    gradients of 30 random problems, B up to 512, relative difference <= 1e-9), and the times of both
#    solvers, forward and forward + backward, as a Markdown table
# 4. `mnn bench solver --quick` with --solver cpu and --solver nd4j
# Everything is also written to build/gpu-check/. Exit code: 0 all done and equal, 1 a step failed or
# the solvers differ, 2 bad arguments, 3 no usable GPU for the cuda profile.
#
# The commands run org.mnn.cli.Main with the class path of the profile just built: the same thing
# ./mnn runs, without the launcher's rebuild (which uses the default cpu profile).
# --profile cpu runs the whole script on ND4J's CPU backend (proves the script; documents dispatch
# cost); --dry-run prints the commands without running them.
#
# Hopper and newer (compute capability >= 9.0, H100/H200) cannot run nd4j-cuda-11.6 (kernels for
# sm_37..sm_86, no PTX): the script says so up front and still tries, so that the failure is on record.
set -euo pipefail

profile=cuda
sizes=1:50,64:50,512:50,1536:50,64:1000
dry_run=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --profile) [[ $# -ge 2 ]] || { echo "gpu-check: --profile needs cuda or cpu" >&2; exit 2; }; profile="$2"; shift 2 ;;
        --profile=*) profile="${1#--profile=}"; shift ;;
        --sizes) [[ $# -ge 2 ]] || { echo "gpu-check: --sizes needs B:N,..." >&2; exit 2; }; sizes="$2"; shift 2 ;;
        --sizes=*) sizes="${1#--sizes=}"; shift ;;
        --dry-run) dry_run=1; shift ;;
        -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "gpu-check: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
case "$profile" in
    cuda|cpu) ;;
    *) echo "gpu-check: --profile: expected cuda or cpu, got '$profile'" >&2; exit 2 ;;
esac
[[ "$sizes" =~ ^[0-9]+:[0-9]+(,[0-9]+:[0-9]+)*$ ]] || { echo "gpu-check: --sizes: expected B:N,B:N,..., got '$sizes'" >&2; exit 2; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
out="$root/build/gpu-check"
mkdir -p "$out"

say() { printf '\n== %s\n' "$*"; }
run() {
    printf '+ %s\n' "$*"
    if (( ! dry_run )); then "$@"; fi
}

say "machine (profile $profile)"
if command -v nvidia-smi >/dev/null 2>&1; then
    run nvidia-smi --query-gpu=name,compute_cap,driver_version,memory.total --format=csv
    cc="$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -n 1 | tr -d ' ')"
    if [[ "$profile" == cuda && -n "$cc" && "${cc%%.*}" -ge 9 ]]; then
        echo "WARNING: compute capability $cc: nd4j-cuda-11.6 1.0.0-M2.1 ships kernels for sm_37..sm_86 only and"
        echo "         no PTX, so expect 'no kernel image is available for execution on the device' (docs/gpu.md)."
    fi
else
    echo "no nvidia-smi: no NVIDIA GPU visible"
    if [[ "$profile" == cuda && $dry_run -eq 0 ]]; then
        echo "gpu-check: the cuda profile needs an NVIDIA GPU; use --profile cpu to run the check on the CPU backend" >&2
        exit 3
    fi
fi
if [[ "$profile" == cuda ]]; then
    if ldconfig -p 2>/dev/null | grep -q 'libcudart\.so\.11'; then
        echo "CUDA 11 runtime: $(ldconfig -p | grep -m 1 'libcudart\.so\.11' | sed 's/.*=> //')"
    else
        echo "note: no libcudart.so.11 in the linker cache; nd4j-cuda-11.6 needs the CUDA 11.6 runtime (cudart,"
        echo "      cublas, cusolver, cusparse) installed, or org.bytedeco:cuda-platform-redist on the class path"
    fi
fi

say "build mnn-core with -P$profile"
run mvn -B -ntp -q -P"$profile" -DskipTests -pl mnn-core -am package
cp_file="$root/mnn-core/target/classpath.txt"
if (( dry_run )); then
    cp="mnn-core/target/classes:<mnn-core/target/classpath.txt>"
else
    cp="$root/mnn-core/target/classes:$(cat "$cp_file")"
fi
java_run() {
    local log="$1"; shift
    printf '+ java -cp <%s class path> %s > %s\n' "$profile" "$*" "${log#"$root"/}"
    if (( ! dry_run )); then
        # --add-modules: the CPU solver's SIMD kernels, as ./mnn runs it (README, "Speed")
        OMP_NUM_THREADS=1 java -XX:MaxRAMPercentage=70 -XX:+UseParallelGC --add-modules jdk.incubator.vector \
            -cp "$cp" "$@" 2> >(grep -v '^SLF4J\|^WARNING: Using incubator modules' >&2) | tee "$log"
    fi
}

status=0
say "equality (nd4j against cpu) and times"
java_run "$out/solver-check.txt" org.mnn.bench.SolverCheck --sizes "$sizes" || status=1

say "mnn bench solver --quick --solver cpu"
java_run "$out/bench-cpu.txt" org.mnn.cli.Main bench solver --quick --solver cpu --out "$out/bench-cpu.md" || status=1
say "mnn bench solver --quick --solver nd4j"
java_run "$out/bench-nd4j.txt" org.mnn.cli.Main bench solver --quick --solver nd4j --max-seconds 60 \
    --out "$out/bench-nd4j.md" || status=1

say "summary"
if (( dry_run )); then
    echo "(dry run: nothing was built or measured)"
    exit 0
fi
grep -h '^ND4J backend:\|^equality:' "$out/solver-check.txt" || true
echo
grep -h '^|' "$out/solver-check.txt" || true
echo
echo "outputs: ${out#"$root"/}/ (solver-check.txt, bench-cpu.{txt,md}, bench-nd4j.{txt,md})"
if (( status != 0 )); then
    echo "gpu-check: a step FAILED (see above)" >&2
fi
exit "$status"
