//! AWS Signature Version 4 and Amazon Connect `DescribePhoneNumber` for WebAssembly.
//!
//! On `wasm32`, `Client` calls `DescribePhoneNumber` through the runtime's `fetch` (in a
//! browser, a worker, Node or Deno), with the retries, clock-skew correction and credential
//! refresh of the AWS SDKs, and waits for a number's claim
//! (`Client::wait_until_phone_number_claimed`). A Rust app compiled to WebAssembly
//! (Leptos, Yew, Dioxus, plain wasm-bindgen) depends on it without the npm package's JS
//! exports:
//!
//! ```toml
//! [dependencies]
//! connect-phone-wasm = { version = "0.1", default-features = false }
//! ```
//!
//! ```no_run
//! # #[cfg(target_arch = "wasm32")]
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use connect_phone_wasm::{Client, ClientConfig, Credentials, WaiterConfig};
//!
//! let config = ClientConfig::builder()
//!     .region("us-west-2")
//!     .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
//!     .build()?;
//! let client = Client::new(config);
//! let done = client.describe_phone_number("11111111-2222-4333-8444-555555555555").await?;
//! if let Some(summary) = &done.output.claimed_phone_number_summary {
//!     // Show it in the page (examples/console-app renders these rows with web-sys).
//!     let _line = format!("{:?} is {:?}", summary.phone_number, done.status());
//! }
//!
//! // Wait up to two minutes for a number just claimed.
//! let config = WaiterConfig::new(120.0, None, None)?;
//! client.wait_until_phone_number_claimed("arn:aws:connect:…", config).await?;
//! # Ok(())
//! # }
//! ```
//!
//! Below the client is a pure core that knows nothing of JavaScript and never reads a clock
//! or a random source, so it runs (and is tested) natively too: [`sigv4`] signs and presigns
//! requests, [`connect`] resolves endpoints, builds the `DescribePhoneNumber` request and
//! parses its responses and errors into the [`connect::model`] types (with serde), and
//! [`retry`] decides which failures are retried and for how long to wait.
//!
//! ```
//! use connect_phone_wasm::sigv4::{sign, Credentials, SigningParams, SigningSettings, SigningKeyCache};
//! use connect_phone_wasm::http::HttpRequest;
//!
//! let request = HttpRequest::get("https://connect.us-west-2.amazonaws.com/phone-number/abc")?;
//! let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None);
//! let params = SigningParams::new(&credentials, "us-west-2", "connect", 1_440_938_160, SigningSettings::default());
//! let signed = sign(&request, &params, &mut SigningKeyCache::default())?;
//! assert!(signed.authorization().starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-west-2/connect/aws4_request"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Features
//! - `js-exports` (default): the npm package's JS API (`ConnectClient`,
//!   `waitUntilPhoneNumberClaimed`, `fromCognitoIdentityPool`'s provider, …) as
//!   `#[wasm_bindgen]` exports. Leave it out in a Rust app: none of these names then reach
//!   its `.wasm` or its JS glue.
//! - `signer` (default; implies `js-exports`): the JS `signRequest`, `presignUrl` and
//!   `clearSigningKeyCache`. Rust code has [`sigv4::sign`] and [`sigv4::presign`] always.
//! - `wire-signing` (default): signs the client's requests on a faster path (about 10 µs
//!   less per call), for about 2.5 KB more gzipped `.wasm`.
//! - `sts` (default): the [`sts`] module, STS's wire formats (`AssumeRole`,
//!   `AssumeRoleWithWebIdentity`), on quick-xml.
//! - `sts-exports` (default; implies `sts`): their three JS functions, which the npm package
//!   builds alone into the `.wasm` of its Node credential chain.

pub mod cognito;
pub mod connect;
pub mod http;
pub(crate) mod redact;
pub mod retry;
pub mod sigv4;
#[cfg(feature = "sts")]
pub mod sts;

#[cfg(target_arch = "wasm32")]
mod js;

pub use crate::connect::{
    ClaimedPhoneNumberSummary, ConnectError, DescribePhoneNumberOutput, PhoneNumberCountryCode,
    PhoneNumberStatus, PhoneNumberType, PhoneNumberWorkflowStatus, ServiceError,
};
#[cfg(target_arch = "wasm32")]
pub use crate::js::{
    CallError, Client, ClientConfig, ClientConfigBuilder, CredentialsFuture, DescribeOutput,
    ProvideCredentials, ProvidedCredentials, ResponseMetadata, WaitError,
};
pub use crate::retry::{RetryMode, WaiterConfig};
pub use crate::sigv4::Credentials;
/// The signal that aborts a call (`web_sys::AbortSignal`), re-exported so an app need not
/// match this crate's web-sys version.
#[cfg(target_arch = "wasm32")]
pub use web_sys::AbortSignal;

/// The npm package's exports as Rust items, for this crate's own wasm-bindgen tests; not
/// part of the Rust API.
#[cfg(all(target_arch = "wasm32", feature = "js-exports"))]
#[doc(hidden)]
pub use crate::js::exports as __js_exports;
