#!/usr/bin/env bash
# Load benchmark of `kadry serve` (not a test): a register of M size
# (2,000 participants, 400 needs, 60 programmes) with one run of proposals,
# the server on loopback, and wrk on GET /v1/proposals?run=…&limit=100, then on
# the pages a logged-in committee member opens: the review queue (100
# proposals) and the start page.
# Prints the time of POST /v1/match-runs, throughput, latency percentiles,
# and the server's memory sampled over the run.
#
#   Scripts/load.sh                  # 60 s, 2 threads, 32 connections
#   DURATION=30 CONNECTIONS=64 Scripts/load.sh
# Needs wrk and curl (Debian: apt-get install wrk curl).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-32}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
swift build -c release -q
kadry=$PWD/.build/release/kadry
work=$(mktemp -d)
server=""
cleanup() { [[ -n $server ]] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export KADRY_DB=$work/kadry.sqlite KADRY_USER=load-test

"$kadry" generate --participants 2000 --needs 400 --programmes 60 --seed 1 --out "$work/m.json" 2>/dev/null
"$kadry" init >/dev/null
for kind in institutions cooperatives participants programmes needs; do "$kadry" import $kind "$work/m.json" >/dev/null; done
token=$("$kadry" token issue --org komitet --role committee --name load 2>/dev/null)

"$kadry" serve --port 0 2>"$work/serve.log" >/dev/null &
server=$!
for _ in $(seq 1 100); do grep -q "http://" "$work/serve.log" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/serve.log" | head -1)
[[ -n $port ]] || { cat "$work/serve.log" >&2; exit 1; }
base=http://127.0.0.1:$port

run=$(curl -s -o "$work/run.json" -w '%{http_code} %{time_total}' -X POST -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{"asOf": "2026-12-01", "timeLimit": 10}' "$base/v1/match-runs")
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/run.json")
proposals=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["proposals"])' "$work/run.json")
echo "POST /v1/match-runs (M register): HTTP ${run% *}, ${run#* } s, run $id with $proposals proposals"

rss() { ps -o rss= -p "$server" | tr -d ' '; }
samples=("$(rss)")
( while sleep 5; do ps -o rss= -p "$server" | tr -d ' '; done ) > "$work/rss.txt" &
sampler=$!
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $token" "$base/v1/proposals?run=$id&limit=100" > "$work/wrk.txt"
kill $sampler 2>/dev/null || true
mapfile -t more < "$work/rss.txt"
samples+=("${more[@]}" "$(rss)")
echo "GET /v1/proposals?run=$id&limit=100, ${DURATION} s, 2 threads, $CONNECTIONS connections:"
grep -E "Requests/sec|Transfer/sec|^ +(50|75|90|99)%|requests in|Non-2xx" "$work/wrk.txt" | sed 's/^/  /'
printf '  server memory (RSS, MiB) every 5 s: %s\n' "$(for s in "${samples[@]}"; do printf '%d ' $((s / 1024)); done)"

# The pages, as a committee member logged in sees them: the review queue (a page of 100
# proposals, each with its decision form) and the start page.
password=$("$kadry" user add --org komitet --role committee --login load.test 2>/dev/null)
jar=$work/cookies.txt
login_token=$(curl -s -c "$jar" "$base/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "_csrf=$login_token" --data-urlencode "login=load.test" \
  --data-urlencode "password=$password" "$base/login"
session=$(awk '$6 == "kadry_session" { print $7 }' "$jar")
[[ -n $session ]] || { echo "could not log in to the pages" >&2; exit 1; }
shown=$(curl -s -H "Cookie: kadry_session=$session" "$base/propozycje?kolejnosc=czas" | grep -c 'class="proposal"' || true)
for page in "/propozycje" "/"; do
  # A page is kept for its session until the register changes: the first request renders it.
  first=$(curl -s -o /dev/null -w '%{time_total}' -H "Cookie: kadry_session=$session" "$base$page")
  echo "GET $page, first render (nothing kept yet): $(python3 -c "print(round($first * 1000, 1))") ms"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Cookie: kadry_session=$session" "$base$page" > "$work/wrk.txt"
  if [[ $page == /propozycje ]]; then what="the review queue ($shown proposals on the page)"; else what="the committee's start page"; fi
  echo "GET $page, $what, ${DURATION} s, 2 threads, $CONNECTIONS connections:"
  grep -E "Requests/sec|^ +(50|75|90|99)%|requests in|Non-2xx" "$work/wrk.txt" | sed 's/^/  /'
done
kill -TERM "$server"; wait "$server" 2>/dev/null || true; server=""
grep -qE "register closed|rejestr zamknięty" "$work/serve.log" && echo "  stopped on SIGTERM: register closed"
