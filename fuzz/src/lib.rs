//! The fuzz targets of connect-phone-wasm: `sign`, `endpoint`, `response` and `sts`.
//!
//! Each target in `fuzz_targets/` calls one `check_*` function of `harness.rs`, which
//! decodes the bytes and asserts the invariants; `tests/fuzz_regressions.rs` in the main
//! crate includes the same file to replay saved inputs under `cargo test`.

mod harness;

pub use harness::{check_endpoint, check_response, check_sign, check_sts, SEPARATOR, SKIP_VARIABLE};
