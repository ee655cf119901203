//! The shared wasm-bindgen tests (tests/common) in Node.
#![cfg(target_arch = "wasm32")]

mod common;
