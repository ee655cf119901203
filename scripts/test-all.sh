#!/usr/bin/env bash
# npm test: every test. Generated code, formatting and lints; native Rust tests (unit, SigV4
# suite, doc tests); wasm-bindgen tests in Node and in headless Chromium against the Connect
# emulator; the emulator's own tests; JS-level tests of the built package.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
node scripts/build.mjs

step() { printf '\n== %s\n' "$*"; }

step "generated model is up to date"
node scripts/gen-model.mjs --check

step "cargo fmt --check"
cargo fmt --check

step "clippy (native and wasm32, -D warnings)"
cargo clippy --all-targets -- -D warnings
cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings
# The connect-phone-wasm/client build: no signer exports.
cargo clippy --lib --no-default-features --target wasm32-unknown-unknown -- -D warnings

step "native tests"
cargo test

step "starting the Connect emulator"
emulator_out=$(mktemp)
node tests/emulator/cli.mjs --port 0 >"$emulator_out" 2>&1 &
emulator_pid=$!
trap 'kill $emulator_pid 2>/dev/null || true; rm -f "$emulator_out"' EXIT
for _ in $(seq 1 100); do
  grep -q '^EMULATOR_URL=' "$emulator_out" && break
  sleep 0.1
done
EMULATOR_URL=$(sed -n 's/^EMULATOR_URL=//p' "$emulator_out")
[ -n "$EMULATOR_URL" ] || { cat "$emulator_out"; echo "the emulator did not start"; exit 1; }
export EMULATOR_URL
echo "emulator at $EMULATOR_URL"

export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_TIMEOUT=60

step "wasm-bindgen tests in Node"
cargo test --target wasm32-unknown-unknown --test node

step "wasm-bindgen tests in headless Chromium"
CHROMEDRIVER=$(command -v chromedriver) WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/webdriver.json" \
  cargo test --target wasm32-unknown-unknown --test browser

step "JS tests (emulator, signer, client, package)"
node --test tests/emulator/ tests/js/

step "type tests (tsc --strict)"
npx tsc -p tests/types

step "install test: npm pack, fresh project, Node 20 and 18 (ESM, CJS), Deno, esbuild, Vite, import map, Web Worker, CLI"
node --test tests/install/

step "fuzzing: 30 s per target on the kept corpus (cargo fuzz on stable)"
bash fuzz/run.sh 30

step "demo console end to end in headless Chromium"
node --test tests/www/
