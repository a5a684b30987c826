#!/usr/bin/env bash
# Prints the home of a JDK 22 or later, the one the mnn-cuda module (the GPU solver) is built,
# tested and run with (it calls the CUDA driver through java.lang.foreign, final in Java 22); exit
# status 1 and nothing printed if there is none. Looks at $MNN_GPU_JDK, $JAVA_HOME, then
# /usr/lib/jvm/* (newest first).
set -uo pipefail
candidates=("${MNN_GPU_JDK:-}" "${JAVA_HOME:-}")
if [[ -d /usr/lib/jvm ]]; then
    while IFS= read -r home; do candidates+=("$home"); done < <(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's:/$::' | sort -rV)
fi
for home in "${candidates[@]}"; do
    [[ -n "$home" && -x "$home/bin/javac" && -x "$home/bin/java" ]] || continue
    version="$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
    if [[ "$version" =~ ^[0-9]+$ ]] && (( version >= 22 )); then
        echo "$home"
        exit 0
    fi
done
exit 1
