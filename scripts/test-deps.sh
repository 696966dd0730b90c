#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine:
#   - headless Chromium for the browser tests (Debian package "chromium");
#   - axe-core, the accessibility checker the browser tests inject, and
#     the helpdesk vendors' SDKs the app tests run against (Zendesk's
#     zendesk_app_framework_sdk, Front's @frontapp/plugin-sdk, pinned), into
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

# The helpdesk app tests (internal/server, TestAppsBrowser) drive our app
# pages against these exact versions; web/apps/front/plugin-sdk.js is the
# same Front file, and a test checks they match.
sdks=(zendesk_app_framework_sdk@2.0.11 @frontapp/plugin-sdk@1.10.0)
if [ ! -f .tools/node_modules/zendesk_app_framework_sdk/package.json ] ||
   ! grep -q '"version": "2.0.11"' .tools/node_modules/zendesk_app_framework_sdk/package.json ||
   [ ! -f .tools/node_modules/@frontapp/plugin-sdk/package.json ] ||
   ! grep -q '"version": "1.10.0"' .tools/node_modules/@frontapp/plugin-sdk/package.json; then
  command -v npm >/dev/null 2>&1 || { echo "test-deps: npm is needed to install the helpdesk SDKs (apt-get install npm)" >&2; exit 1; }
  echo "installing: ${sdks[*]} (into .tools/)"
  npm install --silent --no-audit --no-fund --prefix .tools "${sdks[@]}" >/dev/null
fi

./scripts/postgres.sh >/dev/null
