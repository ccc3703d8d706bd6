#!/usr/bin/env bash
# The main command: installs the Debian packages, configures and builds
# null in build/, then runs null-opt on an IR file and prints the result.
#
#   scripts/run.sh                          docs/examples/mlp.nir, printed back
#   scripts/run.sh FILE.nir [FLAGS...]      any file, any null-opt flags, e.g.
#   scripts/run.sh docs/examples/mlp.nir --mlir-print-op-generic
#
# --allow-unregistered-dialect is always passed (the example uses ops of
# dialects null does not have yet). Build output goes to stderr, so stdout
# holds only the IR. Works from any directory; safe to run again.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "${1:-}" in
  -h|--help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

if [ $# -eq 0 ]; then
  set -- "$ROOT/docs/examples/mlp.nir"
fi
echo "=== null-opt --allow-unregistered-dialect $*" >&2
exec "$BUILD/bin/null-opt" --allow-unregistered-dialect "$@"
