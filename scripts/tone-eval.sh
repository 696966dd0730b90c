#!/usr/bin/env bash
# Scores the tone checker's wording rules against the hand labels of real
# agent replies (tools/tonelabels): DATA=dir names the folder holding
# replies.csv. Extra arguments go to the tool (-v lists every miss and
# false flag).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATA:?set DATA to the folder holding replies.csv, e.g. DATA=path/to/agent-replies-dev}"
exec go run ./tools/tonelabels -data "$DATA" "$@"
