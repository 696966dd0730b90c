#!/usr/bin/env bash
# Builds the browser part of the widget into web/app.wasm (stripped), and
# its precompressed forms web/app.wasm.br and web/app.wasm.gz, which the
# server sends to browsers that accept them (brotli at its best quality
# takes a few seconds; it is skipped when the wasm did not change).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d cmd/wasm ]; then
  GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o web/app.wasm ./cmd/wasm
  go run ./cmd/internal/precompress web/app.wasm
fi
