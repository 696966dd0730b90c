#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine:
#   - headless Chromium for the browser tests (Debian package "chromium");
#   - axe-core, the accessibility checker the browser tests inject, into
#     the git-ignored project folder .tools/;
#   - PostgreSQL (Debian package "postgresql") and a private throwaway
#     cluster for the store tests (scripts/postgres.sh).
# Safe to run again: it installs only what is missing. In CI it runs as
# root without sudo; elsewhere it uses sudo for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ((${#need[@]})); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "test-deps: need root or sudo to install ${need[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  echo "installing: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ ! -f .tools/node_modules/axe-core/axe.min.js ]; then
  command -v npm >/dev/null 2>&1 || { echo "test-deps: npm is needed to install axe-core (apt-get install npm)" >&2; exit 1; }
  echo "installing: axe-core (into .tools/)"
  npm install --silent --no-audit --no-fund --prefix .tools axe-core@4 >/dev/null
fi

./scripts/postgres.sh >/dev/null
