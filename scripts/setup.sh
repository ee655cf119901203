#!/usr/bin/env bash
# Installs what a fresh machine lacks: npm dev dependencies, the wasm32 target, Chromium and
# ChromeDriver (Debian packages). wasm-bindgen-cli is installed by scripts/build.mjs, at the
# exact version of Cargo.lock. Idempotent and quick when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi

# Node 18 (the oldest the package supports) and Deno, for tests/install; skipped by the demo.
if [ "${SKIP_RUNTIMES:-0}" != 1 ] && { [ ! -d tests/runtimes/node_modules ] || [ tests/runtimes/package-lock.json -nt tests/runtimes/node_modules/.package-lock.json ]; }; then
  echo "setup: npm ci in tests/runtimes (Node 18 and Deno)"
  npm ci --prefix tests/runtimes --no-audit --no-fund
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "${SKIP_BROWSER:-0}" != 1 ] && { ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; }; then
  echo "setup: installing chromium and chromium-driver from Debian"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi
