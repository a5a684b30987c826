#!/usr/bin/env bash
# Proves that the Binder configuration in binder/ works, without Docker: every package in
# binder/apt.txt must be known to apt, and binder/postBuild (the Maven build and the kernelspec
# installation) runs here as repo2docker runs it, from the repository root, but with a
# temporary, empty HOME and no Jupyter path overrides; afterwards `jupyter kernelspec list` must
# show the kernel "mnn" installed under that HOME. Maven keeps using the caller's local
# repository (~/.m2/repository), so nothing is downloaded again. Ends with "binder-check: ok".
#
# Uses Debian's /usr/bin/jupyter (environment/setup.sh --jupyter); on Binder, postBuild uses the
# Jupyter of repo2docker's environment instead (the first on PATH).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd -P)"
cd "$root"

fail() { echo "binder-check: FAILED: $*" >&2; exit 1; }

[ -f binder/apt.txt ] || fail "binder/apt.txt is missing"
[ -x binder/postBuild ] || fail "binder/postBuild is missing or not executable"
head -n 1 binder/postBuild | grep -q '^#!' || fail "binder/postBuild has no #! line"

# apt.txt: one package per line, each one apt knows (Binder's image is Ubuntu; these names are
# the same in Debian 12 and Ubuntu 24.04)
while read -r pkg; do
    [ -n "$pkg" ] || continue
    apt-cache show "$pkg" >/dev/null 2>&1 || fail "binder/apt.txt: apt does not know the package '$pkg'"
done < binder/apt.txt
for cmd in java mvn fc-list; do
    command -v "$cmd" >/dev/null || fail "'$cmd' is missing: binder/apt.txt's packages are not installed here (bash environment/setup.sh)"
done
[ -x /usr/bin/jupyter-kernelspec ] || fail "Jupyter is missing (bash environment/setup.sh --jupyter)"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home"
repo="${MAVEN_REPO:-$HOME/.m2/repository}"

# postBuild's environment: a fresh HOME, Jupyter first on PATH, no variables that would send the
# kernelspec elsewhere
run_clean() {
    env -u JUPYTER_PATH -u JUPYTER_DATA_DIR -u JUPYTER_CONFIG_DIR -u JUPYTER_RUNTIME_DIR -u XDG_DATA_HOME \
        -u JUPYTER HOME="$tmp/home" PATH="/usr/bin:$PATH" \
        MAVEN_OPTS="${MAVEN_OPTS:-} -Dmaven.repo.local=$repo" "$@"
}

start=$SECONDS
if ! run_clean bash binder/postBuild >"$tmp/postBuild.log" 2>&1; then
    tail -n 30 "$tmp/postBuild.log" >&2
    fail "binder/postBuild exited with an error"
fi
# (stderr aside: Debian's Python 3.11 prints a harmless debugger warning there)
list="$(run_clean /usr/bin/jupyter kernelspec list 2>"$tmp/list.err")" || { cat "$tmp/list.err" >&2; fail "jupyter kernelspec list failed"; }
echo "$list"
spec_dir="$(awk '$1 == "mnn" {print $2}' <<<"$list")"
[ -n "$spec_dir" ] || fail "jupyter kernelspec list does not show 'mnn' after postBuild"
case "$spec_dir" in
    "$tmp/home"/*) ;;
    *) fail "the kernel 'mnn' is at $spec_dir, not in the (temporary) user's Jupyter directory" ;;
esac
[ -f "$spec_dir/kernel.json" ] || fail "$spec_dir/kernel.json is missing"
grep -q '"display_name": "Java (MNN)"' "$spec_dir/kernel.json" || fail "$spec_dir/kernel.json is not the Java (MNN) kernel"
ls "$spec_dir"/lib/mnn-kernel-ext-*.jar >/dev/null 2>&1 || fail "the kernel's jars are missing from $spec_dir/lib"
echo "binder-check: ok (postBuild ran in $((SECONDS - start)) s; kernel 'mnn' installed in the user's Jupyter directory)"
