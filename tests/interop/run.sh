#!/usr/bin/env bash
# Acceptance 3 of issue #4: dealquest-bot against a Telegram Bot API server nobody here wrote
# (telegram-test-api from npm, pinned in package.json / package-lock.json). Installs it into the build
# folder with `npm ci`; exits 77 (ctest: skipped) when Node.js/npm are missing or the registry is out of
# reach, and says so.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bot=$1 scenarios=$2 build=$3
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "SKIPPED: Node.js and npm are not installed"; exit 77
fi
dir="$build/interop"
mkdir -p "$dir"
cp "$here/package.json" "$here/package-lock.json" "$here/telegram_test_api.mjs" "$dir/"
if [ ! -d "$dir/node_modules/telegram-test-api" ]; then
  if ! (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund >npm.log 2>&1); then
    echo "SKIPPED: npm ci failed (is the npm registry reachable?):"; tail -5 "$dir/npm.log"; exit 77
  fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$dir" && node telegram_test_api.mjs "$bot" "$scenarios" "$work"
