#!/usr/bin/env bash
# Bounded fuzzing: bash fuzz/run.sh [SECONDS]  (default 30 per target)
#
# Installs cargo-fuzz from crates.io if it is missing, builds the four targets (libFuzzer
# with AddressSanitizer) on stable Rust, then runs sign, endpoint, response and sts for SECONDS
# each, one after the other, starting from the kept corpus in fuzz/corpus/<target>/. The
# corpus is copied to a temporary directory first, so a run never grows the committed one.
#
# Prints one summary line per target and exits non-zero if any target failed: a panic, a
# broken invariant, a sanitizer report, a timeout or running out of memory (the input is
# then in fuzz/artifacts/<target>/; fuzz/README.md says how to minimise and keep it), or
# a build error.
#
# Environment: FUZZ_TARGETS (default "sign endpoint response sts"), FUZZ_SANITIZER (default
# address; "none" is faster), FUZZ_SKIP_INVARIANTS (ids to skip, see fuzz/src/harness.rs).
set -euo pipefail

seconds="${1:-30}"
case "$seconds" in
  '' | *[!0-9]*) echo "usage: bash fuzz/run.sh [SECONDS]" >&2; exit 2 ;;
esac
targets="${FUZZ_TARGETS:-sign endpoint response sts}"
sanitizer="${FUZZ_SANITIZER:-address}"
cargo_fuzz_version="0.13.2"

fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
cd "$fuzz_dir/.."

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz $cargo_fuzz_version from crates.io"
  cargo install --locked --version "$cargo_fuzz_version" cargo-fuzz </dev/null \
    || cargo install --version "$cargo_fuzz_version" cargo-fuzz </dev/null
fi
if ! command -v c++ >/dev/null 2>&1; then
  echo "fuzz/run.sh: libFuzzer needs a C++ compiler (apt-get install g++)" >&2
  exit 2
fi

# cargo-fuzz passes -Z flags (-Zsanitizer, …) to rustc; RUSTC_BOOTSTRAP=1 lets a stable
# toolchain accept them. It is set for these cargo commands only.
export RUSTC_BOOTSTRAP=1

echo "== building the fuzz targets (sanitizer: $sanitizer)"
cargo fuzz build --sanitizer "$sanitizer" </dev/null

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=()
summary=()
for target in $targets; do
  corpus="$work/corpus-$target"
  mkdir -p "$corpus"
  if [ -d "$fuzz_dir/corpus/$target" ]; then
    cp -R "$fuzz_dir/corpus/$target/." "$corpus/"
  fi
  mkdir -p "$fuzz_dir/artifacts/$target"
  dict=()
  if [ -f "$fuzz_dir/dicts/$target.dict" ]; then
    dict=("-dict=$fuzz_dir/dicts/$target.dict")
  fi
  log="$work/$target.log"
  echo "== fuzzing $target for ${seconds}s ($(find "$corpus" -type f | wc -l) corpus inputs)"
  status=0
  cargo fuzz run --sanitizer "$sanitizer" "$target" "$corpus" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    "${dict[@]}" </dev/null >"$log" 2>&1 || status=$?

  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)"
  last="$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)"
  cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")"
  ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")"
  corp="$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")"
  line="$target: ${execs:-?} execs in ${seconds}s (${rate:-?}/s), cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}"
  if [ "$status" -ne 0 ]; then
    failed+=("$target")
    line="$line: FAILED (exit $status)"
    echo "-- $target failed; the end of its log:"
    grep -E "invariant .* violated|panicked at|ERROR: |SUMMARY: |Test unit written to|^Reproduce|cargo fuzz run" "$log" | head -n 20 || true
    tail -n 30 "$log"
  else
    line="$line: ok"
  fi
  echo "$line"
  summary+=("$line")
done

echo
echo "== fuzz summary"
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz/run.sh: failed: ${failed[*]} (crash inputs in fuzz/artifacts/)" >&2
  exit 1
fi
