#!/usr/bin/env bash
# Runs every fuzz target of the core for a while each: scripts/fuzz.sh 5m
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:-30s}
for f in $(go test -list 'Fuzz.*' ./suggestions/ | grep '^Fuzz'); do
  echo "== $f ($t)"
  go test -run '^$' -fuzz "^$f\$" -fuzztime "$t" ./suggestions/
done
