#!/usr/bin/env bash
# Builds autograder.zip for Gradescope: setup.sh, run_autograder, hw.ref and a symcheck wheel,
# all at the root of the archive (Gradescope looks for setup.sh and run_autograder there).
#   bash examples/gradescope/make_autograder.sh                 # builds the wheel from this checkout
#   SYMCHECK_WHEEL=dist/symcheck-0.1.0-py3-none-any.whl bash examples/gradescope/make_autograder.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/autograder.zip}"
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT

cp "$here/setup.sh" "$here/run_autograder" "$here/hw.ref" "$build/"
chmod +x "$build/setup.sh" "$build/run_autograder"
if [ -n "${SYMCHECK_WHEEL:-}" ]; then
    cp "$SYMCHECK_WHEEL" "$build/"
else
    python3 -m pip wheel --no-deps --wheel-dir "$build" "$here/../.."
fi
rm -f "$out"
(cd "$build" && python3 -m zipfile -c "$out" setup.sh run_autograder hw.ref symcheck-*.whl)
echo "wrote $out"
