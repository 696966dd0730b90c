#!/usr/bin/env bash
# Attacks a freshly built Warmdesk server on loopback (127.0.0.1 only) the
# way a security reviewer would, and prints what held (tools/attack says
# what each area tries): XSS payloads in the widget and the studio,
# malformed postMessages, hostile HTTP requests and concurrent saves,
# concurrent sign-in bursts, slow clients, an
# event flood, and a load test of 50 clients while an editor saves and a
# publisher publishes. Exits non-zero when anything got through.
#
#   scripts/attack.sh [-time 30s] [-clients 50] [-v]
#
# -time is how long the load test runs (the rest takes about a minute).
# Not part of `make test`: it takes a while and loads the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    -time|-clients) args+=("$1" "$2"); shift 2 ;;
    -time=*|-clients=*|-v) args+=("$1"); shift ;;
    -h|-help|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "attack.sh: unknown argument $1 (see -help)" >&2; exit 2 ;;
  esac
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "building the server and the browser parts…" >&2
go build -o "$tmp/warmdesk" ./cmd/warmdesk
GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o "$tmp/app.wasm" ./cmd/wasm
GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o "$tmp/studio.wasm" ./cmd/studiowasm
go build -o "$tmp/attack" ./tools/attack
"$tmp/attack" -bin "$tmp/warmdesk" -wasm "$tmp/app.wasm" -studio-wasm "$tmp/studio.wasm" "${args[@]}"
