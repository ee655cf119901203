//! The only code that touches JavaScript: raw bindings, value conversion, `fetch`, timers,
//! and the exported `signRequest`, `presignUrl` and `ConnectClient`.
//!
//! Everything here converts and delegates; the logic lives in the pure modules above.

mod bindings;
mod cancel;
mod client;
mod cognito;
mod config;
mod convert;
mod credentials;
mod error;
mod fetch;
#[cfg(feature = "signer")]
mod signer;
mod waiter;

pub use self::client::{CallError, Client, ConnectClient, DescribeOutput, ResponseMetadata};
pub use self::cognito::CognitoIdentityProvider;
pub use self::config::ClientConfig;
pub use self::credentials::CredentialSource;
#[cfg(feature = "signer")]
pub use self::signer::{clear_signing_key_cache, presign_url, sign_flat, sign_request};
pub use self::waiter::{wait_until_phone_number_claimed, WaitError};
pub use web_sys::AbortSignal;
