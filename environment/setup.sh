#!/usr/bin/env bash
# Prepares a fresh Debian/Ubuntu machine for mnn-java: JDK 17 and Maven from apt, and fontconfig
# with the DejaVu fonts for headless charts (JFreeChart, `mnn bench accuracy --png`); the build
# itself is left to Maven / the ./mnn launcher (dependencies from Maven Central). Idempotent:
# installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
# headless AWT renders text through fontconfig; without it or a font, charts fail to draw
# (grep reads all of fc-list: with -q it could exit early and fail the pipe under pipefail)
if ! command -v fc-list >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -i dejavu >/dev/null; then
  need+=(fontconfig fonts-dejavu-core)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]} (apt)"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi

java_major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
if [ -z "$java_major" ] || [ "$java_major" -lt 17 ]; then
  echo "setup: Java 17 or newer is required (found: ${java_major:-none}); install openjdk-17-jdk-headless" >&2
  exit 1
fi
echo "setup: java $java_major, $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g')"
