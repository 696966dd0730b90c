#!/usr/bin/env bash
# Runs every fuzz target for a while each: scripts/fuzz.sh 5m
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:-30s}
# Every package with a fuzz target, found rather than listed, so that a
# package moved or added is not left out.
for pkg in $(git grep -l '^func Fuzz' -- '*_test.go' | xargs -n1 dirname | sort -u | sed 's|^|./|'); do
  for f in $(go test -list 'Fuzz.*' "$pkg" | grep '^Fuzz'); do
    echo "== $pkg $f ($t)"
    go test -run '^$' -fuzz "^$f\$" -fuzztime "$t" "$pkg"
  done
done
