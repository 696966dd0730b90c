#!/usr/bin/env bash
# Builds the browser part of the widget into web/app.wasm (stripped).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d cmd/wasm ]; then
  GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o web/app.wasm ./cmd/wasm
fi
