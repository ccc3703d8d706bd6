#!/usr/bin/env bash
# Parse benchmark: times parse + verify + print of one generated IR file by
# null-opt and by mlir-opt-19 (both with --allow-unregistered-dialect,
# output to /dev/null) and prints the median wall time, the peak RSS and
# the ratios. Not a test: see bench/parse/README.md.
#
#   bench/parse/run.sh                 200k ops, median of 5 runs
#   bench/parse/run.sh --quick         20k ops, median of 3 runs
#   bench/parse/run.sh --ops N --runs K --build DIR --seed S
#   bench/parse/run.sh --no-check      skip the check that mlir-opt-19
#                                      reads null-opt's output back
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OPS=200000
RUNS=5
SEED=1
BUILD="$ROOT/build"
CHECK=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) OPS=20000; RUNS=3 ;;
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

"$ROOT/scripts/install-deps.sh" >&2

NULL_OPT="$BUILD/bin/null-opt"
# Make sure the build is configured and up to date (a no-op when it is).
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
fi
ninja -C "$BUILD" >&2
[ -x "$NULL_OPT" ] || { echo "run.sh: no $NULL_OPT (build first)" >&2; exit 1; }
MLIR_OPT="$(command -v mlir-opt-19 || echo /usr/lib/llvm-19/bin/mlir-opt)"
[ -x "$MLIR_OPT" ] || { echo "run.sh: mlir-opt-19 not found" >&2; exit 1; }

OUT="$ROOT/bench/out"
mkdir -p "$OUT"
INPUT="$OUT/parse-$OPS-s$SEED.mlir"
if [ ! -s "$INPUT" ] || [ "$ROOT/bench/parse/gen.py" -nt "$INPUT" ]; then
  python3 "$ROOT/bench/parse/gen.py" --ops "$OPS" --seed "$SEED" -o "$INPUT.tmp"
  mv "$INPUT.tmp" "$INPUT"
fi

# measure NAME TOOL...: runs the tool RUNS times on INPUT and appends
# "NAME wall-microseconds kilobytes cpu-seconds" lines to the results file. A failing run aborts
# the benchmark with the tool's error output.
RESULTS="$(mktemp)"
ERRLOG="$(mktemp)"
RSSFILE="$(mktemp)"
trap 'rm -f "$RESULTS" "$ERRLOG" "$RSSFILE"' EXIT
measure() {
  local name="$1"
  shift
  local i start end kb user sys
  for ((i = 0; i < RUNS; i++)); do
    start="$(date +%s%N)"
    if ! /usr/bin/time -f '%M %U %S' -o "$RSSFILE" "$@" "$INPUT" >/dev/null 2>"$ERRLOG"; then
      echo "run.sh: $name failed on $INPUT:" >&2
      head -20 "$ERRLOG" >&2
      exit 1
    fi
    end="$(date +%s%N)"
    read -r kb user sys <<<"$(tail -1 "$RSSFILE")"
    echo "$name $(((end - start) / 1000)) $kb $user $sys" >>"$RESULTS"
  done
}

if [ "$CHECK" = 1 ]; then
  # The timings mean nothing unless null-opt prints the IR back: mlir-opt-19
  # must read its output, and the output must hold the input's last op.
  echo "checking that mlir-opt-19 reads null-opt's output back" >&2
  CHECKOUT="$OUT/parse-$OPS-s$SEED.null.mlir"
  if ! "$NULL_OPT" --allow-unregistered-dialect "$INPUT" >"$CHECKOUT" 2>"$ERRLOG" ||
     ! grep -q 'bench.return' "$CHECKOUT" ||
     ! "$MLIR_OPT" --allow-unregistered-dialect "$CHECKOUT" -o /dev/null 2>>"$ERRLOG"; then
    echo "run.sh: null-opt's output of $INPUT does not read back:" >&2
    head -20 "$ERRLOG" >&2
    exit 1
  fi
  rm -f "$CHECKOUT"
fi

echo "parse + verify + print, median of $RUNS runs" >&2
measure mlir-opt "$MLIR_OPT" --allow-unregistered-dialect
measure null-opt "$NULL_OPT" --allow-unregistered-dialect

python3 - "$RESULTS" "$INPUT" "$ROOT" <<'EOF'
import os
import statistics
import sys

results, path, root = sys.argv[1], sys.argv[2], sys.argv[3]
times, cpu, rss = {}, {}, {}
with open(results) as f:
    for line in f:
        name, us, kb, user, sys_ = line.split()
        times.setdefault(name, []).append(int(us) / 1e6)
        cpu.setdefault(name, []).append(float(user) + float(sys_))
        rss.setdefault(name, []).append(int(kb) / 1024.0)
ops = sum(1 for _ in open(path))  # lines, close to the op count
size = os.path.getsize(path) / 1e6
print("input: %s (%.1f MB, %d lines)" % (os.path.relpath(path, root), size,
                                          ops))
print("%-10s %12s %12s %14s" % ("tool", "median (s)", "CPU (s)",
                                "peak RSS (MB)"))
med = {n: statistics.median(t) for n, t in times.items()}
mcpu = {n: statistics.median(t) for n, t in cpu.items()}
peak = {n: max(r) for n, r in rss.items()}
for n in ("null-opt", "mlir-opt"):
    print("%-10s %12.3f %12.2f %14.1f" % (n, med[n], mcpu[n], peak[n]))
print("speed-up (mlir-opt time / null-opt time): %.2fx"
      % (med["mlir-opt"] / med["null-opt"]))
if mcpu["null-opt"] > 0:
    print("CPU-time ratio (mlir-opt / null-opt): %.2fx"
          % (mcpu["mlir-opt"] / mcpu["null-opt"]))
print("memory ratio (mlir-opt RSS / null-opt RSS): %.2fx"
      % (peak["mlir-opt"] / peak["null-opt"]))
EOF
