#!/usr/bin/env bash
# Benchmark of `kadry solve` (release build, whole process) on generated instances.
# Prints, per size: eligible triples, wall time (median of RUNS runs), peak memory,
# objective, bound and gap, as a Markdown table. Every result is checked with
# ../shared/spec/check.py when it is there.
#
#   Scripts/bench.sh                 # sizes S M L
#   SIZES="S M L XL" RUNS=1 Scripts/bench.sh
#
# Time limits per size (seconds) follow the targets of the matcher issue; set
# LIMIT_S, LIMIT_M, LIMIT_L, LIMIT_XL to change them. With CPSAT_SIZES="S M"
# (the default when OR-Tools is installed), the same instances also go through
# Scripts/cpsat.py, a general CP-SAT model, with CPSAT_LIMIT seconds (60).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"S M L"}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
CPSAT_LIMIT=${CPSAT_LIMIT:-60}
if python3 -c "import ortools" 2>/dev/null; then CPSAT_SIZES=${CPSAT_SIZES-"S M"}; else CPSAT_SIZES=${CPSAT_SIZES-""}; fi
spec=../shared/spec
swift build -c release --product kadry >/dev/null
bin=$(swift build -c release --show-bin-path)/kadry
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

declare -A P=([S]=200 [M]=2000 [L]=20000 [XL]=100000)
declare -A N=([S]=40 [M]=400 [L]=4000 [XL]=20000)
declare -A T=([S]=10 [M]=60 [L]=400 [XL]=2000)
declare -A LIMIT=([S]=${LIMIT_S:-1} [M]=${LIMIT_M:-1} [L]=${LIMIT_L:-9.5} [XL]=${LIMIT_XL:-55})

echo "| size | participants / needs / programmes | triples | wall (median of $RUNS) | peak memory | objective | bound | gap | check |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for size in $SIZES; do
  inst="$work/$size.json"
  "$bin" generate --participants "${P[$size]}" --needs "${N[$size]}" --programmes "${T[$size]}" --seed "$SEED" --out "$inst"
  times=(); mems=()
  for ((i = 0; i < RUNS; i++)); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" solve "$inst" --out "$work/$size.result.json" \
      --time-limit "${LIMIT[$size]}" --quiet 2>/dev/null
    read -r t m < "$work/time"
    times+=("$t"); mems+=("$m")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')
  peak=$(printf '%s\n' "${mems[@]}" | sort -n | tail -n 1)
  check="—"
  if [[ -f $spec/check.py ]]; then
    check=$(python3 "$spec/check.py" "$inst" "$work/$size.result.json" 2>/dev/null | tail -n 1 | awk "{print \$1}" | tr -d :)
  fi
  python3 - "$work/$size.result.json" "$size" "${P[$size]} / ${N[$size]} / ${T[$size]}" "$median" "$peak" "$check" <<'PY'
import json, sys
path, size, dims, wall, peak_kb, check = sys.argv[1:]
r = json.load(open(path))
st = r.get("statistics", {})
obj, bound = r["objective"], r.get("bound", r["objective"])
gap = (bound - obj) / obj * 100 if obj else 0.0
print(f"| {size} | {dims} | {st.get('eligibleTriples', '?'):,} | {float(wall):.2f} s | {int(peak_kb) / 1024:.0f} MiB "
      f"| {obj:,} | {bound:,} | {gap:.3f} % | {check} |")
PY
  if [[ " $CPSAT_SIZES " == *" $size "* ]]; then
    echo "|   | CP-SAT, same instance: $(python3 Scripts/cpsat.py "$inst" --time-limit "$CPSAT_LIMIT" | sed 's/^cpsat //') | | | | | | | |"
  fi
done
