#!/usr/bin/env bash
# Acceptance 3 of issue #4: dealquest-bot against a Telegram Bot API server nobody here wrote
# (telegram-test-api from npm, pinned in package.json / package-lock.json). Installs it into the build
# folder with `npm ci`; exits 77 (ctest: skipped) when Node.js/npm are missing or the registry is out of
# reach, and says so. With CI set (non-empty) a missing tool is a failure (exit 1): CI must run this test.
set -euo pipefail

# skip_or_fail WHAT: skipped on a developer's machine, failed in CI, naming what to install either way.
skip_or_fail() {
  if [ -n "${CI:-}" ]; then
    echo "[test.tool_missing] $1"; exit 1
  fi
  echo "SKIPPED: $1"; exit 77
}

here=$(cd "$(dirname "$0")" && pwd)
bot=$1 scenarios=$2 build=$3
if ! command -v node >/dev/null; then
  skip_or_fail "node not found: install Debian package nodejs (scripts/packages.txt)"
fi
if ! command -v npm >/dev/null; then
  skip_or_fail "npm not found: install Debian package npm (scripts/packages.txt)"
fi
dir="$build/interop"
mkdir -p "$dir"
cp "$here/package.json" "$here/package-lock.json" "$here/telegram_test_api.mjs" "$dir/"
if [ ! -d "$dir/node_modules/telegram-test-api" ]; then
  if ! (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund >npm.log 2>&1); then
    tail -5 "$dir/npm.log"
    skip_or_fail "npm ci failed in $dir (log: npm.log above): is the npm registry reachable?"
  fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$dir" && node telegram_test_api.mjs "$bot" "$scenarios" "$work"
