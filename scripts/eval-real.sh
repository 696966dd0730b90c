#!/usr/bin/env bash
# Measures the default library on real customer messages: the labelled
# real-messages set (what agents would see, confidence included) and the
# Bitext e-commerce requests (top-1 / top-3). DATA=dir names the folder
# holding realmsgs-dev/ and bitext-dev/; MISSES=1 lists each miss.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DATA:-}" ]; then
	echo "usage: DATA=dir $0  (dir holds realmsgs-dev/ and bitext-dev/)" >&2
	exit 2
fi
wd=$(mktemp -d)/warmdesk
trap 'rm -rf "$(dirname "$wd")"' EXIT
go build -o "$wd" ./cmd/warmdesk
misses=()
[ "${MISSES:-}" = 1 ] && misses=(-misses)
echo "Real customer messages:"
"$wd" eval -real "$DATA/realmsgs-dev/messages.jsonl" "${misses[@]}"
echo
echo "Bitext e-commerce requests:"
"$wd" eval -labelled "$DATA/bitext-dev/validation.csv" -text utterance -intent intent -map bitext | grep -v '^-*$'
