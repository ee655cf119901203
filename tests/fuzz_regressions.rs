//! Replays fuzz inputs natively, so plain `cargo test` covers what the fuzzer found: every
//! file of `fuzz/regressions/<target>/` (minimised crashes) and a sample of the kept corpus
//! `fuzz/corpus/<target>/`, each through the same decoding and invariants as the `cargo fuzz`
//! targets (`fuzz/src/harness.rs`, included here as a module).

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

#[allow(unreachable_pub, dead_code, clippy::panic)]
#[path = "../fuzz/src/harness.rs"]
mod harness;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// How many corpus files per target are replayed (the first ones by name: libFuzzer names
/// them by content hash, so this is an even sample).
const CORPUS_SAMPLE: usize = 300;

type Check = fn(&[u8]);

const TARGETS: [(&str, Check); 4] = [
    ("sign", harness::check_sign),
    ("endpoint", harness::check_endpoint),
    ("response", harness::check_response),
    ("sts", harness::check_sts),
];

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The files of a directory, sorted by name, without dot files; none if it is missing.
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .filter(|path| {
            !path
                .file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with('.'))
        })
        .collect();
    files.sort();
    files
}

/// Runs each file through `check`; fails naming every file that panicked.
fn replay(check: Check, files: &[PathBuf]) -> usize {
    let failures: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let data = std::fs::read(path).unwrap();
            catch_unwind(AssertUnwindSafe(|| check(&data)))
                .err()
                .map(|_| path.display().to_string())
        })
        .collect();
    assert!(failures.is_empty(), "inputs that fail: {failures:#?}");
    files.len()
}

/// One minimised crash, replayed by itself, so a failure names the bug.
fn regression(target: &str, name: &str) {
    let (_, check) = TARGETS.iter().find(|(t, _)| *t == target).unwrap();
    let path = fuzz_dir().join("regressions").join(target).join(name);
    assert!(path.is_file(), "{} is missing", path.display());
    check(&std::fs::read(&path).unwrap());
}

#[test]
fn every_saved_regression_replays_cleanly() {
    for (target, check) in TARGETS {
        let saved = files(&fuzz_dir().join("regressions").join(target));
        replay(check, &saved);
    }
}

// Found by the endpoint target (invariant request-path): a PhoneNumberId of "." or ".."
// passed validate_phone_number_id (src/connect/request.rs), describe_phone_number_request
// put it in the path as it was (percent_encode leaves '.'), and Url::parse removed it as a
// dot segment: the request went to GET /phone-number/ or GET / instead. Now refused.
#[test]
fn phone_number_id_dot_is_not_a_dot_segment() {
    regression("endpoint", "phone-number-id-dot");
}

#[test]
fn phone_number_id_dot_dot_is_not_a_dot_segment() {
    regression("endpoint", "phone-number-id-dot-dot");
}

// Found by the sign target (invariant creq-control-chars): push_header (src/http/request.rs)
// checked the name only, and normalize_header_value (src/sigv4/canonical_request.rs) folds
// only ' ', '\t', '\n' and '\r', so any other control character of a header value (C0,
// DEL, C1) or of the session token reached the canonical request raw. Now push_header
// refuses such values and SigningParams::validate such tokens.
#[test]
fn header_value_control_char_is_refused_or_removed() {
    regression("sign", "header-value-control-char");
}

#[test]
fn header_value_nul_is_refused_or_removed() {
    regression("sign", "header-value-nul");
}

#[test]
fn header_value_c1_control_is_refused_or_removed() {
    regression("sign", "header-value-c1-control");
}

#[test]
fn session_token_control_char_is_refused_or_removed() {
    regression("sign", "session-token-control-char");
}

#[test]
fn a_sample_of_the_corpus_replays_cleanly() {
    for (target, check) in TARGETS {
        let corpus = files(&fuzz_dir().join("corpus").join(target));
        let sample = &corpus[..corpus.len().min(CORPUS_SAMPLE)];
        let count = replay(check, sample);
        assert!(count > 0, "fuzz/corpus/{target}/ is empty");
    }
}

#[test]
fn the_decoders_take_any_bytes() {
    // Empty, short, separator-only and oversized inputs reach the code under test.
    let long = vec![b'a'; 70_000];
    for data in [&[][..], &[0xff], &[0xff; 40], &[0; 3], &long] {
        for (_, check) in TARGETS {
            check(data);
        }
    }
}
