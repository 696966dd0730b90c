#!/usr/bin/env bash
# The browser benchmark, in one command: builds the widget (web/app.wasm and
# its precompressed forms), then starts the real server and headless
# Chromium and measures the widget with the default library and with a
# synthetic library of 10,000 phrasings, beside a bare go-app page measured
# the same way (the framework's floor). Prints a table and writes
# docs/bench-browser.json.
#
#   scripts/bench-browser.sh [-n runs] [-phrasings N[,N...]] [-json file]
#
# Every flag goes to tools/benchbrowser (-h lists them). It needs
# Chromium: scripts/test-deps.sh installs it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build-wasm.sh >/dev/null
exec go run ./tools/benchbrowser "$@"
