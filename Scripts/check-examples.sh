#!/usr/bin/env bash
# Solves every shared example with `kadry solve` and checks each result with
# ../shared/spec/check.py against the known optimum, its bound certified by its own
# certificate. Exits non-zero on any miss.
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
  report=$(python3 "$spec/check.py" "$instance" "$tmp/$name.json")
  line=$(tail -n 1 <<<"$report")
  # The bound must be proven by the result's own certificate, and equal to the optimum.
  certified=$(grep -o 'bound certified: [0-9.]*' <<<"$report" || true)
  if [[ $line == "OK objective=$optimum "* && $certified == "bound certified: $optimum" ]]; then
    echo "ok   $name: $line; $certified"
  else
    echo "FAIL $name: expected objective and certified bound $optimum, got: $line; ${certified:-no certificate}"; failed=1
  fi
done
exit $failed
