#!/usr/bin/env bash
# Builds the browser parts, stripped: the agents' widget into web/app.wasm
# (cmd/wasm) and the knowledge managers' studio into web/studio.wasm
# (cmd/studiowasm; two files, so that the widget carries none of the
# studio). Then their precompressed forms, FILE.br and FILE.gz, which the
# server sends to browsers that accept them (brotli at its best quality
# takes a few seconds per file; a form is remade only when its wasm
# changed).
set -euo pipefail
cd "$(dirname "$0")/.."
built=()
for main in wasm:app studiowasm:studio; do
  dir=cmd/${main%%:*} out=web/${main##*:}.wasm
  if [ -d "$dir" ]; then
    GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o "$out" "./$dir"
    built+=("$out")
  fi
done
if [ ${#built[@]} -gt 0 ]; then
  go run ./tools/precompress "${built[@]}"
fi
