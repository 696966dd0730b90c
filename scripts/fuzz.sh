#!/usr/bin/env bash
# Runs every fuzz target for a while each: scripts/fuzz.sh 5m
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:-30s}
for pkg in ./suggestions/ ./suggestions/libio/ ./app/ ./studioui/ ./internal/auth/; do
  for f in $(go test -list 'Fuzz.*' "$pkg" | grep '^Fuzz'); do
    echo "== $pkg $f ($t)"
    go test -run '^$' -fuzz "^$f\$" -fuzztime "$t" "$pkg"
  done
done
