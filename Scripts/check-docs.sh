#!/usr/bin/env bash
# Runs every ```sh block of README.md and docs/*.md as written, a file at a time
# in a scratch folder (with Catalog/ linked in, `kadry` the debug build on PATH),
# and fails on the first command that fails. Blocks that cannot run here (they
# need root, the network or your own files) are fenced as ```text and say why.
# `swift test` is what CI runs before this, so it is not run twice.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export root
cd "$root"
swift build --product kadry >/dev/null 2>&1
failed=0
for doc in README.md docs/*.md; do
  script=$(awk '/^```sh$/ {inside=1; next} /^```/ {inside=0} inside' "$doc")
  [[ -z "$script" ]] && continue
  work=$(mktemp -d)
  ln -s "$root/Catalog" "$work/Catalog"
  blocks=$(grep -c '^```sh$' "$doc")
  if (
    cd "$work"
    export PATH="$root/.build/debug:$PATH" KADRY_USER=check-docs
    unset KADRY_DB KADRY_TODAY KADRY_LANG
    swift() { if [[ "${1:-}" == test ]]; then echo "(swift test: run by CI before this script)"; else (cd "$root" && command swift "$@"); fi; }
    export -f swift
    bash -euo pipefail -c "$script" >"$work/out.txt" 2>&1
  ); then
    echo "ok   $doc ($blocks sh blocks)"
  else
    echo "FAIL $doc: a command failed; its output ends:"
    tail -15 "$work/out.txt" | sed 's/^/  /'
    failed=1
  fi
  rm -rf "$work"
done
exit $failed
