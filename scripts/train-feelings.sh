#!/usr/bin/env bash
# Retrains the feelings model (suggestions/data/feelings-en.json) from the
# GoEmotions training set, with thresholds chosen on its development set.
# Deterministic: the same data gives the same file. DATA=dir overrides
# the data folder.
set -euo pipefail
cd "$(dirname "$0")/.."
go run ./cmd/internal/trainfeelings -data "${DATA:-../shared/data}/goemotions" -out suggestions/data/feelings-en.json "$@"
go run ./cmd/warmdesk eval -feelings "${DATA:-../shared/data}/goemotions/test.tsv" | tail -2
