#!/usr/bin/env bash
# npm test: every test. Generated code, formatting and lints; native Rust tests (unit, SigV4
# suite, doc tests); wasm-bindgen tests in Node and in headless Chromium against the Connect
# emulator, ours and a downstream crate's (examples/console-app); the emulator's own tests;
# JS-level tests of the built package.
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
# The connect-phone-wasm/client build (the JS exports without the signer's), and a Rust
# dependent's (no default features: the Rust API, no JS exports).
cargo clippy --lib --no-default-features --features js-exports --target wasm32-unknown-unknown -- -D warnings
cargo clippy --lib --no-default-features --target wasm32-unknown-unknown -- -D warnings
# The STS .wasm of connect-phone-wasm/credentials (only `sts-exports`), and the `sts` module alone.
cargo clippy --lib --no-default-features --features sts-exports --target wasm32-unknown-unknown -- -D warnings
cargo clippy --lib --no-default-features --features sts --target wasm32-unknown-unknown -- -D warnings
cargo clippy --lib --no-default-features -- -D warnings
(cd examples/console-app && cargo clippy --target-dir ../../target --all-targets -- -D warnings && cargo fmt --check)

step "native tests"
cargo test

step "cargo doc (-D warnings; native, and wasm32 with the Rust client) and the crate's files"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --target wasm32-unknown-unknown
# A dependent gets the sources, the manifest, the readme and the licence: no test vectors,
# corpora, fuzzers, benchmarks or npm files.
crate_files=$(cargo package --list --allow-dirty --offline 2>/dev/null)
extra=$(grep -Ev '^(src/.*\.rs|Cargo\.toml|Cargo\.toml\.orig|Cargo\.lock|README\.md|LICENSE|\.cargo_vcs_info\.json)$' <<<"$crate_files" || true)
[ -z "$extra" ] || { printf 'the crate would ship files a dependent does not need:\n%s\n' "$extra"; exit 1; }
cargo package --no-verify --allow-dirty --offline 2>&1 | grep '^ *Packaged'

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

step "doc tests on wasm32 (the Rust client's examples compile)"
cargo test --doc --target wasm32-unknown-unknown

step "downstream crate (examples/console-app, default-features = false): wasm-bindgen tests in Node and headless Chromium"
(
  cd examples/console-app
  cargo test --target-dir ../../target --test node
  CHROMEDRIVER=$(command -v chromedriver) WASM_BINDGEN_TEST_WEBDRIVER_JSON="$OLDPWD/webdriver.json" \
    cargo test --target-dir ../../target --test browser
)

step "downstream crate: its .wasm (cargo's and wasm-bindgen's) and its test .wasm files export none of our JS names"
(cd examples/console-app && cargo build --target-dir ../../target --lib)
rm -rf target/console-app-bindgen
wasm-bindgen target/wasm32-unknown-unknown/debug/console_app.wasm --target web --out-dir target/console-app-bindgen
mapfile -t downstream_tests < <(cd examples/console-app && cargo test --target-dir ../../target --no-run --message-format=json 2>/dev/null |
  node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => { for (const l of s.split("\n")) { try { const m = JSON.parse(l); if (m.executable) console.log(m.executable); } catch {} } });')
node scripts/check-downstream-exports.mjs pkg/connect_phone_wasm_bg.wasm \
  target/wasm32-unknown-unknown/debug/console_app.wasm target/console-app-bindgen/console_app_bg.wasm "${downstream_tests[@]}"

step "JS tests (emulator, signer, client, package)"
node --test tests/emulator/ tests/js/

step "Node credential chain: every source against local STS, SSO, OIDC, IMDS and ECS fakes; the CLI per kind of profile"
node --test tests/credentials/

step "type tests (tsc --strict)"
npx tsc -p tests/types

step "install test: npm pack, fresh project, Node 20 and 18 (ESM, CJS), Deno, esbuild, Vite, import map, Web Worker, CLI"
node --test tests/install/

step "fuzzing: 30 s per target on the kept corpus (cargo fuzz on stable)"
bash fuzz/run.sh 30

step "demo console end to end in headless Chromium"
node --test tests/www/
