#!/usr/bin/env bash
# Canonicalize + CSE benchmark: times `--canonicalize --cse` on one large
# generated arith function by null-opt and by mlir-opt-19 (output to
# /dev/null) and prints the median wall times and the ratio. Not a test:
# see bench/canon/README.md.
#
#   bench/canon/run.sh                 100k ops, median of 5 runs
#   bench/canon/run.sh --quick         10k ops, median of 3 runs
#   bench/canon/run.sh --ops N --runs K --build DIR --seed S
#   bench/canon/run.sh --no-check      skip checking that both outputs agree
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OPS=100000
RUNS=5
SEED=1
BUILD="$ROOT/build"
CHECK=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) OPS=10000; RUNS=3 ;;
    --no-check) CHECK=0 ;;
    --ops) OPS="$2"; shift ;;
    --ops=*) OPS="${1#*=}" ;;
    --runs) RUNS="$2"; shift ;;
    --runs=*) RUNS="${1#*=}" ;;
    --seed) SEED="$2"; shift ;;
    --seed=*) SEED="${1#*=}" ;;
    --build) BUILD="$(cd "$2" && pwd)"; shift ;;
    --build=*) BUILD="$(cd "${1#*=}" && pwd)" ;;
    -h|--help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$OPS$RUNS$SEED" in
  *[!0-9]*) echo "run.sh: --ops, --runs and --seed take numbers" >&2; exit 2 ;;
esac
[ "$RUNS" -ge 1 ] || { echo "run.sh: --runs must be at least 1" >&2; exit 2; }

if [ -x "$ROOT/scripts/install-deps.sh" ]; then
  "$ROOT/scripts/install-deps.sh" >&2
fi

NULL_OPT="$BUILD/bin/null-opt"
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
fi
ninja -C "$BUILD" >&2
[ -x "$NULL_OPT" ] || { echo "run.sh: no $NULL_OPT (build first)" >&2; exit 1; }
MLIR_OPT="$(command -v mlir-opt-19 || echo /usr/lib/llvm-19/bin/mlir-opt)"
[ -x "$MLIR_OPT" ] || { echo "run.sh: mlir-opt-19 not found" >&2; exit 1; }

OUT="$ROOT/bench/out"
mkdir -p "$OUT"
INPUT="$OUT/canon-$OPS-s$SEED.mlir"
if [ ! -s "$INPUT" ] || [ "$ROOT/bench/canon/gen.py" -nt "$INPUT" ]; then
  python3 "$ROOT/bench/canon/gen.py" --ops "$OPS" --seed "$SEED" -o "$INPUT.tmp"
  mv "$INPUT.tmp" "$INPUT"
fi

RESULTS="$(mktemp)"
ERRLOG="$(mktemp)"
trap 'rm -f "$RESULTS" "$ERRLOG"' EXIT

# measure NAME TOOL...: runs the tool RUNS times on INPUT and appends
# "NAME microseconds" lines to the results file.
measure() {
  local name="$1"
  shift
  local i start end
  for ((i = 0; i < RUNS; i++)); do
    start="$(date +%s%N)"
    if ! "$@" "$INPUT" >/dev/null 2>"$ERRLOG"; then
      echo "run.sh: $name failed on $INPUT:" >&2
      head -20 "$ERRLOG" >&2
      exit 1
    fi
    end="$(date +%s%N)"
    echo "$name $(((end - start) / 1000))" >>"$RESULTS"
  done
}

if [ "$CHECK" = 1 ]; then
  # The timings mean nothing unless both tools did the same job: their
  # results, printed in the generic form by mlir-opt-19 (which also checks
  # that null-opt's output parses), must be the same op for op.
  echo "checking that both tools produce the same IR" >&2
  NOUT="$OUT/canon-$OPS-s$SEED.null.mlir"
  MOUT="$OUT/canon-$OPS-s$SEED.mlir-opt.mlir"
  "$NULL_OPT" --canonicalize --cse "$INPUT" | "$MLIR_OPT" --mlir-print-op-generic -o "$NOUT"
  "$MLIR_OPT" --canonicalize --cse "$INPUT" | "$MLIR_OPT" --mlir-print-op-generic -o "$MOUT"
  if cmp -s "$NOUT" "$MOUT"; then
    echo "same IR: $(grep -c ' = "\|^ *"' "$NOUT") ops left" >&2
  else
    echo "run.sh: the results differ (diff $NOUT $MOUT)" >&2
    exit 1
  fi
  rm -f "$NOUT" "$MOUT"
fi

echo "--canonicalize --cse, median of $RUNS runs" >&2
measure mlir-opt "$MLIR_OPT" --canonicalize --cse
measure null-opt "$NULL_OPT" --canonicalize --cse

python3 - "$RESULTS" "$INPUT" "$ROOT" <<'PY'
import os, statistics, sys
results, path, root = sys.argv[1], sys.argv[2], sys.argv[3]
times = {}
for line in open(results):
    name, us = line.split()
    times.setdefault(name, []).append(int(us) / 1e6)
lines = sum(1 for _ in open(path))
print("input: %s (%.1f MB, %d lines)" % (os.path.relpath(path, root),
                                          os.path.getsize(path) / 1e6, lines))
print("%-10s %12s" % ("tool", "median (s)"))
med = {n: statistics.median(t) for n, t in times.items()}
for n in ("null-opt", "mlir-opt"):
    print("%-10s %12.3f" % (n, med[n]))
print("speed-up (mlir-opt time / null-opt time): %.2fx"
      % (med["mlir-opt"] / med["null-opt"]))
PY
