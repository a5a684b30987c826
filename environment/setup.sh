#!/usr/bin/env bash
# Prepares a fresh Debian/Ubuntu machine for mnn-java: JDK 17, Maven and gcc from apt, and fontconfig
# with the DejaVu fonts for headless charts (JFreeChart, `mnn bench accuracy --png`); the build
# itself is left to Maven / the ./mnn launcher (dependencies from Maven Central). Idempotent:
# installs only what is missing.
#
#   bash environment/setup.sh [--jupyter]
#
# --jupyter  also Jupyter from Debian's packages, for the notebooks (`./mnn notebook` runs this):
#            the classic Notebook (jupyter-notebook), `jupyter kernelspec` (jupyter-client) and
#            nbclient/nbformat (environment/run-notebooks.sh). They are used through
#            /usr/bin/jupyter and /usr/bin/python3 (a python3 earlier on PATH may lack them).
set -euo pipefail
cd "$(dirname "$0")/.."

jupyter=false
for arg in "$@"; do
  case "$arg" in
    --jupyter) jupyter=true ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup: unknown option '$arg' (expected --jupyter)" >&2; exit 2 ;;
  esac
done

# apt_install PACKAGE...: installs the packages with apt (sudo unless root)
apt_install() {
  echo "setup: installing $* (apt)"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}

need=()
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
# the mnn-cuda tests build the GPU kernels for the CPU with the C compiler (solver cuda-host)
command -v cc >/dev/null 2>&1 || need+=(gcc)
# headless AWT renders text through fontconfig; without it or a font, charts fail to draw
# (grep reads all of fc-list: with -q it could exit early and fail the pipe under pipefail)
if ! command -v fc-list >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -i dejavu >/dev/null; then
  need+=(fontconfig fonts-dejavu-core)
fi
if $jupyter; then
  [ -x /usr/bin/jupyter-notebook ] || need+=(jupyter-notebook)
  [ -x /usr/bin/jupyter-kernelspec ] || need+=(jupyter-client)
  /usr/bin/python3 -c 'import nbclient' 2>/dev/null || need+=(python3-nbclient)
  /usr/bin/python3 -c 'import nbformat' 2>/dev/null || need+=(python3-nbformat)
fi
if [ ${#need[@]} -gt 0 ]; then
  apt_install "${need[@]}"
fi

java_major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
if [ -z "$java_major" ] || [ "$java_major" -lt 17 ]; then
  echo "setup: Java 17 or newer is required (found: ${java_major:-none}); install openjdk-17-jdk-headless" >&2
  exit 1
fi
echo "setup: java $java_major, $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g')"
if $jupyter; then
  echo "setup: $(/usr/bin/jupyter notebook --version 2>/dev/null | sed 's/^/jupyter notebook /')"
fi
