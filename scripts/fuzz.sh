#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang-19, ASan and UBSan in
# build-fuzz/ and runs each on its seed corpus for FUZZ_SECONDS (default
# 60). Ends with one line per target, `fuzz: NAME passed|failed`, and
# exits non-zero if any target found a crash, leak or sanitizer error
# (the reproducer is left in build-fuzz/crashes/NAME/).
#
#   scripts/fuzz.sh                 both targets, 60 s each
#   FUZZ_SECONDS=10 scripts/fuzz.sh
#   FUZZ_RESULTS=FILE scripts/fuzz.sh   also write the outcome as a lit
#                                   JSON result file (one test per target),
#                                   which scripts/lit-summary.py counts
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build-fuzz"
SECONDS_EACH="${FUZZ_SECONDS:-60}"
CC_FUZZ="$(command -v clang-19 || command -v clang || true)"
if [ -z "$CC_FUZZ" ]; then
  echo "fuzz.sh: clang-19 not found" >&2
  exit 1
fi

mkdir -p "$BUILD"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_C_COMPILER="$CC_FUZZ" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNULL_WERROR=ON -DNULL_FUZZ=ON \
  -DNULL_SANITIZE=address,undefined >"$BUILD/configure.log" 2>&1 || {
  cat "$BUILD/configure.log"
  exit 1
}
ninja -C "$BUILD" fuzz-onnx fuzz-parse

status=0
results=()
json=()
for name in onnx parse; do
  work="$BUILD/corpus/$name"        # the grown corpus (not committed)
  crashes="$BUILD/crashes/$name"
  rm -rf "$crashes"
  mkdir -p "$work" "$crashes"
  echo "=== fuzz-$name: ${SECONDS_EACH}s"
  if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
     "$BUILD/bin/fuzz-$name" -max_total_time="$SECONDS_EACH" -timeout=10 \
       -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
       -artifact_prefix="$crashes/" "$work" "$ROOT/fuzz/corpus/$name" \
       >"$BUILD/fuzz-$name.log" 2>&1; then
    results+=("fuzz: fuzz-$name passed")
    json+=("{\"name\": \"fuzz :: fuzz-$name\", \"code\": \"PASS\", \"elapsed\": $SECONDS_EACH}")
  else
    tail -n 40 "$BUILD/fuzz-$name.log"
    results+=("fuzz: fuzz-$name failed (see $crashes)")
    json+=("{\"name\": \"fuzz :: fuzz-$name\", \"code\": \"FAIL\", \"elapsed\": $SECONDS_EACH}")
    status=1
  fi
done
printf '%s\n' "${results[@]}"
if [ -n "${FUZZ_RESULTS:-}" ]; then
  (IFS=,; printf '{"elapsed": %s, "tests": [%s]}\n' \
    "$((SECONDS_EACH * 2))" "${json[*]}") >"$FUZZ_RESULTS"
fi
exit $status
