#!/usr/bin/env bash
# Kills `kadry import` and `kadry match` with SIGKILL at moments spread over
# their run, and checks after each kill that the register is intact
# (PRAGMA integrity_check) and exactly as before the command, or exactly as
# after it when the kill came too late. Then runs two writers at once and
# checks that both succeed. Prints what it saw; exits non-zero on a failure.
#
#   Scripts/crash-test.sh            # 8 kills of each kind, 20,000 participants
#   TRIALS=20 PARTICIPANTS=50000 Scripts/crash-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
TRIALS=${TRIALS:-8}
PARTICIPANTS=${PARTICIPANTS:-20000}
swift build -q
kadry=$PWD/.build/debug/kadry
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export KADRY_USER=crash-test

fail() { echo "FAIL: $*" >&2; exit 1; }
state() {  # rows that a command may change, and the register's own check
  sqlite3 "$1" "PRAGMA integrity_check" | tr '\n' ' '
  sqlite3 "$1" "SELECT (SELECT count(*) FROM participant), (SELECT count(*) FROM match_run),
                (SELECT count(*) FROM proposal), (SELECT count(*) FROM open_need), (SELECT count(*) FROM audit),
                (SELECT count(*) FROM match_run r WHERE r.placements != (SELECT count(*) FROM proposal p WHERE p.run = r.id))"
}
now() { date +%s.%N; }
# Pages a killed transaction had already written to the write-ahead log (frames after the last commit
# frame): proof that the kill came in the middle of writing. Recovery discards them.
uncommitted() {
  python3 - "$1" <<'PY'
import struct, sys, os
path = sys.argv[1]
if not os.path.exists(path) or os.path.getsize(path) < 32: print(0); sys.exit()
data = open(path, "rb").read()
page = struct.unpack(">I", data[8:12])[0]
salts = data[16:24]
frames, last_commit, offset = 0, 0, 32
while offset + 24 + page <= len(data) and data[offset + 8:offset + 16] == salts:
    frames += 1
    if struct.unpack(">I", data[offset + 4:offset + 8])[0]: last_commit = frames
    offset += 24 + page
print(frames - last_commit)
PY
}

# A register without participants, and their spreadsheet.
"$kadry" generate --participants "$PARTICIPANTS" --needs $((PARTICIPANTS / 10)) --programmes $((PARTICIPANTS / 100)) --seed 7 --out "$work/gen.json"
KADRY_DB=$work/empty.sqlite "$kadry" init >/dev/null
for kind in institutions cooperatives programmes needs; do KADRY_DB=$work/empty.sqlite "$kadry" import $kind "$work/gen.json" >/dev/null; done
cp "$work/empty.sqlite" "$work/scratch.sqlite"
KADRY_DB=$work/scratch.sqlite "$kadry" import participants "$work/gen.json" >/dev/null
KADRY_DB=$work/scratch.sqlite "$kadry" export participants --out "$work/participants.csv" 2>/dev/null
sqlite3 "$work/empty.sqlite" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null

# kill_trials NAME BASE.sqlite COMMAND...: the command's full run once, then TRIALS kills spread over it.
kill_trials() {
  local name=$1 base=$2; shift 2
  local before after t0 t1 full
  before=$(state "$base")
  cp "$base" "$work/full.sqlite"
  t0=$(now); KADRY_DB=$work/full.sqlite "$@" >/dev/null 2>&1 || fail "$name did not complete on its own"; t1=$(now)
  after=$(state "$work/full.sqlite")
  full=$(echo "$t1 - $t0" | bc -l)
  local untouched=0 midwrite=0 completed=0
  for i in $(seq 1 "$TRIALS"); do
    cp "$base" "$work/trial.sqlite"; rm -f "$work/trial.sqlite-wal" "$work/trial.sqlite-shm"
    # Kills spread over the last 70 % of the run, where the writing happens.
    local delay; delay=$(echo "$full * (0.3 + 0.7 * $i / ($TRIALS + 1))" | bc -l)
    KADRY_DB=$work/trial.sqlite "$@" >/dev/null 2>&1 &
    local pid=$!
    sleep "$delay"; kill -KILL $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
    local pending; pending=$(uncommitted "$work/trial.sqlite-wal")
    local seen; seen=$(state "$work/trial.sqlite")
    if [[ $seen == "$before" ]]; then
      untouched=$((untouched + 1))
      (( pending > 0 )) && midwrite=$((midwrite + 1))
    elif [[ $seen == "$after" ]]; then completed=$((completed + 1))
    else fail "$name killed after ${delay}s left '$seen' (before: '$before', after: '$after')"; fi
  done
  printf '%-26s full run %5.2f s; %d kills: %d left it as before (%d of them with uncommitted pages written), %d after the commit; integrity ok every time\n' \
    "$name" "$full" "$TRIALS" "$untouched" "$midwrite" "$completed"
}

kill_trials "import participants (CSV)" "$work/empty.sqlite" "$kadry" import participants "$work/participants.csv"
cp "$work/full.sqlite" "$work/filled.sqlite"; sqlite3 "$work/filled.sqlite" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
# The limit covers finding the routes too (a debug build on a loaded machine needs several seconds for them).
kill_trials "match" "$work/filled.sqlite" "$kadry" match --as-of 2026-12-01 --time-limit 10 --quiet

# Two writers at once: each imports half of the participants.
header=$(head -1 "$work/participants.csv")
{ echo "$header"; tail -n +2 "$work/participants.csv" | awk 'NR % 2 == 1'; } > "$work/odd.csv"
{ echo "$header"; tail -n +2 "$work/participants.csv" | awk 'NR % 2 == 0'; } > "$work/even.csv"
cp "$work/empty.sqlite" "$work/both.sqlite"
KADRY_DB=$work/both.sqlite "$kadry" import participants "$work/odd.csv" >/dev/null & a=$!
KADRY_DB=$work/both.sqlite "$kadry" import participants "$work/even.csv" >/dev/null & b=$!
wait $a || fail "the first of two concurrent imports failed"
wait $b || fail "the second of two concurrent imports failed"
count=$(sqlite3 "$work/both.sqlite" "SELECT count(*) FROM participant")
[[ $count == "$PARTICIPANTS" ]] || fail "two concurrent imports left $count participants, not $PARTICIPANTS"
[[ $(sqlite3 "$work/both.sqlite" "PRAGMA integrity_check") == ok ]] || fail "integrity check after concurrent imports"
echo "two imports at once        both succeeded; $count participants; integrity ok"
