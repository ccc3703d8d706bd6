#!/usr/bin/env bash
# The main command: installs the Debian packages, configures and builds
# null in build/, then compiles an ONNX model ahead of time and runs it:
#
#   scripts/run.sh                     docs/examples/mnist: make a small digit
#                                      classifier (make_model.py), compile it with
#                                      null-translate --emit=obj/--emit=header,
#                                      link it with main.c, print its predictions,
#                                      and check it with null-run
#   scripts/run.sh FILE.nir [FLAGS...] run null-opt on any IR file with any flags,
#                                      e.g. docs/examples/mlp.nir --mlir-print-op-generic
#
# Build output goes to stderr, so stdout holds only the program's output.
# Works from any directory; safe to run again.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "${1:-}" in
  -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac

"$ROOT/scripts/install-deps.sh" >&2

BUILD="$ROOT/build"
if [ -f "$BUILD/CMakeCache.txt" ] &&
   ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$BUILD/CMakeCache.txt"; then
  rm -rf "$BUILD/CMakeCache.txt" "$BUILD/CMakeFiles"
fi
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
fi
ninja -C "$BUILD" >&2

if [ $# -gt 0 ]; then
  echo "=== null-opt --allow-unregistered-dialect $*" >&2
  exec "$BUILD/bin/null-opt" --allow-unregistered-dialect "$@"
fi

# Debian's python3 has the onnx and numpy modules install-deps.sh installs
# (a pyenv or venv python3 earlier in PATH may not).
PYTHON=python3
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3
EX="$ROOT/docs/examples/mnist"
OUT="$BUILD/examples/mnist"
mkdir -p "$OUT"
step() { echo "=== $*" >&2; "$@"; }
step "$PYTHON" "$EX/make_model.py" "$OUT"
step "$BUILD/bin/null-translate" "$OUT/digits.onnx" --emit=obj -o "$OUT/digits.o"
step "$BUILD/bin/null-translate" "$OUT/digits.onnx" --emit=header -o "$OUT/digits.h"
step "${CC:-cc}" -std=c11 -O2 -Wall -Wextra -I "$OUT" "$EX/main.c" \
  "$OUT/digits.o" -lm -o "$OUT/digits"
step "$OUT/digits" "$OUT/images.bin" "$OUT/labels.txt"
step "$BUILD/bin/null-run" "$OUT/digits.onnx" --data "$OUT/test_data_set_0"
