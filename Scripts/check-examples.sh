#!/usr/bin/env bash
# Solves every shared example with `kadry solve` and checks each result with
# ../shared/spec/check.py against the known optimum. Exits non-zero on any miss.
set -euo pipefail
cd "$(dirname "$0")/.."
spec=${SPEC_DIR:-../shared/spec}
config=${CONFIG:-debug}
swift build -c "$config" --product kadry >/dev/null
bin=$(swift build -c "$config" --show-bin-path)/kadry
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
for instance in "$spec"/examples/*.instance.json; do
  name=$(basename "$instance" .instance.json)
  optimum=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["objective"])' "$spec/examples/$name.optimum.json")
  if ! "$bin" solve "$instance" --out "$tmp/$name.json" 2>/dev/null; then
    echo "FAIL $name: kadry solve exited non-zero"; failed=1; continue
  fi
  line=$(python3 "$spec/check.py" "$instance" "$tmp/$name.json" | tail -n 1)
  if [[ $line == "OK objective=$optimum "* ]]; then
    echo "ok   $name: $line"
  else
    echo "FAIL $name: expected objective $optimum, got: $line"; failed=1
  fi
done
exit $failed
