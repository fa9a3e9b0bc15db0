#!/usr/bin/env bash
# Benchmark of `kadry solve` (release build, whole process): generated instances of each
# shape and size, and the shared instances of ../shared/spec/instances/ (another generator's,
# most with a known optimum). Prints a Markdown table: routes, wall time (median of RUNS),
# peak memory, objective, the certified bound and gap, the distance to the known optimum,
# the certificate's size and how long check.py takes to verify the result.
#
#   Scripts/bench.sh                                  # S M L of every shape, and the shared instances
#   SIZES="M" SHAPES="clustered" SHARED=0 Scripts/bench.sh
#   SIZES="S M L XL" RUNS=1 Scripts/bench.sh          # XL: about a minute a run
#   PLENTY=1 SIZES="M L" SHARED=0 Scripts/bench.sh    # a position for nearly every participant
#
# check.py enumerates every route in Python: minutes and gigabytes past 20 million routes. Beyond
# CHECK_MAX_ROUTES (20,000,000) the result is checked by `kadry certify` instead (the same sums,
# Kadry's own second code path), and the table says so.
#
# The generated instances have a need for every five participants (about 0.45 positions a
# participant) and a programme for every fifty; with PLENTY=1, a need for every two and a half
# and a programme for every sixteen or so (0.95 positions a participant: the shape whose
# relaxations are slowest, docs/benchmarks.md).
#
# Time limits are kadry's defaults (9.5 s up to 20,000 participants, 55 s at 100,000); set
# LIMIT to give every run the same one. KADRY=PATH runs another build's binary instead of
# this checkout's. With CPSAT=1 (and OR-Tools installed), the generated
# M instances also go through Scripts/cpsat.py, a general CP-SAT model (CPSAT_LIMIT s, 60).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"S M L"}
SHAPES=${SHAPES:-"sparse clustered dense"}
SHARED=${SHARED:-1}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
PLENTY=${PLENTY:-0}
CPSAT=${CPSAT:-0}
CPSAT_LIMIT=${CPSAT_LIMIT:-60}
CHECK_MAX_ROUTES=${CHECK_MAX_ROUTES:-20000000}
spec=../shared/spec
if [[ -n ${KADRY:-} ]]; then
  bin=$KADRY  # another build's binary, for comparing two builds (docs/benchmarks.md)
else
  swift build -c release --product kadry >/dev/null
  bin=$(swift build -c release --show-bin-path)/kadry
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

declare -A P=([S]=200 [M]=2000 [L]=20000 [XL]=100000)
declare -A N=([S]=40 [M]=400 [L]=4000 [XL]=20000)
declare -A T=([S]=10 [M]=60 [L]=400 [XL]=2000)
if [[ $PLENTY == 1 ]]; then
  N=([S]=80 [M]=800 [L]=8000 [XL]=40000)
  T=([S]=12 [M]=120 [L]=1200 [XL]=6000)
fi

echo "| instance | participants | routes | wall (median of $RUNS) | peak memory | objective | certified bound | gap | to the optimum | certificate | check |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"

# bench NAME INSTANCE [OPTIMUM_FILE]: RUNS solves, the last one's result checked.
bench() {
  local name=$1 inst=$2 optimum=${3:-}
  local times=() mems=() result="$work/result.json" limit=()
  [[ -n ${LIMIT:-} ]] && limit=(--time-limit "$LIMIT")
  for ((i = 0; i < RUNS; i++)); do
    if ! /usr/bin/time -f "%e %M" -o "$work/time" "$bin" solve "$inst" --out "$result" "${limit[@]}" --quiet 2>"$work/err" >/dev/null; then
      echo "| $name | refused: $(head -c 200 "$work/err" | tr '\n|' '  ') | | | | | | | | | |"
      return
    fi
    read -r t m < "$work/time"
    times+=("$t"); mems+=("$m")
  done
  local median peak check_out check_seconds
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')
  peak=$(printf '%s\n' "${mems[@]}" | sort -n | tail -n 1)
  check_out="(no check.py)"; check_seconds=0  # check.py's last two lines: the certified bound, then OK or the failures
  local routes
  routes=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["statistics"]["eligibleTriples"])' "$result")
  if (( routes > CHECK_MAX_ROUTES )); then
    if /usr/bin/time -f "%e" -o "$work/check-time" "$bin" certify "$inst" "$result" >"$work/check" 2>&1; then
      check_out="kadry certify: $(head -n 1 "$work/check") OK objective="
    else
      check_out="kadry certify: $(tail -n 1 "$work/check")"
    fi
    check_seconds=$(tail -n 1 "$work/check-time")
  elif [[ -f $spec/check.py ]]; then
    /usr/bin/time -f "%e" -o "$work/check-time" python3 "$spec/check.py" "$inst" "$result" >"$work/check" 2>&1 || true
    check_out=$(grep -v '^warning:' "$work/check" | tail -n 2 | tr '\n' ' ')
    check_seconds=$(tail -n 1 "$work/check-time")
  fi
  python3 - "$inst" "$result" "$name" "$median" "$peak" "$check_out" "$check_seconds" "$optimum" <<'PY'
import gzip, json, re, sys
inst, path, name, wall, peak_kb, check, check_seconds, optimum_path = sys.argv[1:]
participants = len(json.load(open(inst))["participants"])
r = json.load(open(path))
st = r.get("statistics", {})
obj, bound = r["objective"], r.get("bound")
certified = re.search(r"bound certified: (-?[0-9.]+)", check)
ok = "OK objective=" in check
checker = "kadry certify" if check.startswith("kadry certify") else "check.py"
verdict = (f"accepted, bound certified ({checker})" if ok and certified and bound is not None and float(certified.group(1)) == bound
           else "accepted" if ok and bound is None else check[-80:])
gap = f"{(bound - obj) / obj * 100:.4f} %" if bound is not None and obj else "—"
to_opt = "—"
if optimum_path:
    opener = gzip.open if optimum_path.endswith(".gz") else open
    with opener(optimum_path, "rt") as f:
        opt = json.load(f)["objective"]
    to_opt = "at the optimum" if obj == opt else f"{obj - opt:+,}"
    if bound is not None and bound < opt:
        to_opt += " (BOUND BELOW THE OPTIMUM)"
cert = json.dumps(r.get("certificate", {}), separators=(",", ":"))
leaves = sum(len(p.get("leaves", [])) for p in r.get("certificate", {}).get("proofs", []))
print(f"| {name} | {participants:,} "
      f"| {st.get('eligibleTriples', '?'):,} | {float(wall):.2f} s | {int(peak_kb) / 1024:.0f} MiB "
      f"| {obj:,} | {bound if bound is None else f'{bound:,}'} | {gap} | {to_opt} "
      f"| {len(cert) / 1024:.0f} KiB, {leaves} leaves | {float(check_seconds):.1f} s, {verdict} |")
PY
}

for shape in $SHAPES; do
  for size in $SIZES; do
    inst="$work/$shape-$size.json"
    "$bin" generate --participants "${P[$size]}" --needs "${N[$size]}" --programmes "${T[$size]}" --seed "$SEED" \
      --shape "$shape" --out "$inst"
    bench "$shape $size$([[ $PLENTY == 1 ]] && echo ', plenty') (seed $SEED)" "$inst"
    if [[ $CPSAT == 1 && $size == M ]] && python3 -c "import ortools" 2>/dev/null; then
      echo "| CP-SAT, same instance | $(python3 Scripts/cpsat.py "$inst" --time-limit "$CPSAT_LIMIT" | sed 's/^cpsat //') | | | | | | | | | |"
    fi
    rm -f "$inst"
  done
done

if [[ $SHARED == 1 && -d $spec/instances ]]; then
  for gz in "$spec"/instances/*.instance.json.gz; do
    name=$(basename "$gz" .instance.json.gz)
    size=$(echo "$name" | sed -E 's/.*-(S|M|L|XL)-[0-9]+$/\1/')
    [[ " $SIZES " == *" $size "* ]] || continue
    inst="$work/$name.json"
    gunzip -c "$gz" > "$inst"
    optimum="$spec/instances/$name.optimum.json.gz"
    [[ -f $optimum ]] || optimum=""
    bench "shared $name" "$inst" "$optimum"
    rm -f "$inst"
  done
fi
