//! The only code that touches JavaScript: raw bindings, `fetch`, timers, and the Rust
//! [`Client`] over them; with the `js-exports` feature, the npm package's exports
//! (`ConnectClient`, `waitUntilPhoneNumberClaimed`, `CognitoIdentityProvider`, `signRequest`,
//! …) and the conversions from and to JS values behind them.
//!
//! Everything here converts and delegates; the logic lives in the pure modules above. The JS
//! classes are built on the Rust client, so both behave alike.

mod bindings;
mod cancel;
mod client;
mod config;
mod credentials;
mod fetch;
mod waiter;

// The JS exports, and the JS-facing conversions only they use. A JS export that needs another
// feature as well (`signer`) is compiled only with both.
#[cfg(feature = "js-exports")]
mod cognito;
#[cfg(feature = "js-exports")]
mod connect_client;
#[cfg(feature = "js-exports")]
mod convert;
#[cfg(feature = "js-exports")]
mod credential_function;
#[cfg(feature = "js-exports")]
mod error;
#[cfg(all(feature = "js-exports", feature = "signer"))]
mod signer;
// The STS functions of the Node credential chain need only `sts`: the npm package builds them
// alone into a .wasm of their own (`--no-default-features --features sts`).
#[cfg(feature = "sts-exports")]
mod sts;
#[cfg(feature = "js-exports")]
mod wait_until_claimed;

pub use self::client::{CallError, Client, DescribeOutput, ResponseMetadata};
pub use self::config::{ClientConfig, ClientConfigBuilder};
pub use self::credentials::{CredentialsFuture, ProvideCredentials, ProvidedCredentials};
pub use self::waiter::WaitError;

/// The npm package's exports as Rust items, for this crate's own wasm-bindgen tests.
#[cfg(feature = "js-exports")]
pub mod exports {
    pub use super::cognito::CognitoIdentityProvider;
    pub use super::connect_client::ConnectClient;
    #[cfg(feature = "signer")]
    pub use super::signer::{clear_signing_key_cache, presign_url, sign_flat, sign_request};
    #[cfg(feature = "sts-exports")]
    pub use super::sts::{sts_assume_role, sts_parse, sts_web_identity};
    pub use super::wait_until_claimed::wait_until_phone_number_claimed;
}
