#!/usr/bin/env bash
# The test command (CI runs exactly this): installs the Debian packages,
# builds null with warnings as errors in build/, runs the whole lit suite,
# then builds again with ASan+UBSan in build-asan/ and runs the suite
# against that build. Ends with `N passed, N failed[, N skipped]` summed
# over both runs and exits non-zero if anything failed.
#
#   scripts/test.sh            both runs (what CI does)
#   scripts/test.sh --no-asan  only the normal build (quicker)
#   scripts/test.sh --fuzz     then run the libFuzzer targets for a minute
#                              each (scripts/fuzz.sh; also when CI=true),
#                              counted as one test per target
#   LIT_FILTER=oracle scripts/test.sh   only tests whose path matches
#
# Works from any directory; safe to run again (builds are incremental).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ASAN=1
FUZZ=0
[ "${CI:-}" = true ] && FUZZ=1
for arg in "$@"; do
  case "$arg" in
    --no-asan) ASAN=0 ;;
    --fuzz) FUZZ=1 ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "test.sh: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
  esac
done

"$ROOT/scripts/install-deps.sh"

LIT=/usr/lib/llvm-19/build/utils/lit/lit.py
# Debian's python3: lit's per-test timeout (set in test/lit.cfg.py) needs
# its python3-psutil, and tests use its python3-onnx.
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON="$(command -v python3)"
JOBS="$(nproc 2>/dev/null || echo 2)"
LIT_ARGS=(-sv -j "$JOBS")

# configure DIR COMPILER SANITIZE: (re)configures a Ninja build in DIR.
# A cache from another generator or compiler is dropped first, so that a
# build/ made by hand never makes this script fail.
configure() {
  local dir="$1" cc="$2" sanitize="$3" cache="$1/CMakeCache.txt"
  if [ -f "$cache" ]; then
    if ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$cache" ||
       { [ -n "$cc" ] && ! grep -q "^CMAKE_C_COMPILER:[A-Z]*=$cc\$" "$cache"; }; then
      echo "test.sh: reconfiguring $dir from scratch"
      rm -rf "$cache" "$dir/CMakeFiles"
    fi
  fi
  local args=(-S "$ROOT" -B "$dir" -G Ninja -DNULL_WERROR=ON
              -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DNULL_SANITIZE=$sanitize")
  [ -n "$cc" ] && args+=("-DCMAKE_C_COMPILER=$cc")
  cmake "${args[@]}" >"$dir/configure.log" 2>&1 || {
    cat "$dir/configure.log"
    return 1
  }
}

# run NAME DIR COMPILER SANITIZE: builds DIR, runs lit on it and appends
# the run to RUNS for the summary.
RUNS=()
run() {
  local name="$1" dir="$ROOT/$2" cc="$3" sanitize="$4"
  local results="$dir/lit-results.json"
  echo
  echo "=== $name: building $2 (${cc:-default compiler}${sanitize:+, -fsanitize=$sanitize})"
  mkdir -p "$dir"
  rm -f "$results"
  if ! configure "$dir" "$cc" "$sanitize"; then
    RUNS+=("$name|$results|cmake configuration failed")
    return
  fi
  if ! ninja -C "$dir"; then
    RUNS+=("$name|$results|build failed")
    return
  fi
  echo "=== $name: running lit on $2/test"
  local rc=0
  "$PYTHON" "$LIT" "${LIT_ARGS[@]}" -o "$results" "$dir/test" || rc=$?
  RUNS+=("$name|$results|lit exited with status $rc")
}

run release build "" ""

if [ "$ASAN" = 1 ]; then
  ASAN_CC=clang-19
  command -v "$ASAN_CC" >/dev/null 2>&1 || ASAN_CC=gcc
  ASAN_CC="$(command -v "$ASAN_CC")"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  run asan+ubsan build-asan "$ASAN_CC" address,undefined
fi

if [ "$FUZZ" = 1 ]; then
  echo
  echo "=== fuzzing (scripts/fuzz.sh)"
  mkdir -p "$ROOT/build-fuzz"
  rm -f "$ROOT/build-fuzz/fuzz-results.json"
  rc=0
  FUZZ_RESULTS="$ROOT/build-fuzz/fuzz-results.json" "$ROOT/scripts/fuzz.sh" || rc=$?
  RUNS+=("fuzz|$ROOT/build-fuzz/fuzz-results.json|fuzz.sh exited with status $rc")
fi

echo
echo "=== summary"
"$PYTHON" "$ROOT/scripts/lit-summary.py" "${RUNS[@]}"
