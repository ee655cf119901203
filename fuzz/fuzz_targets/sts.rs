//! `cargo fuzz run sts`: see fuzz/README.md and `connect_phone_wasm_fuzz::check_sts`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| connect_phone_wasm_fuzz::check_sts(data));
