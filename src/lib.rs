//! AWS Signature Version 4 and Amazon Connect `DescribePhoneNumber` for WebAssembly.
//!
//! The crate has a pure core that knows nothing of JavaScript and never reads a clock or a
//! random source: [`sigv4`] signs and presigns requests, [`connect`] resolves endpoints,
//! builds the `DescribePhoneNumber` request and parses its responses and errors, and
//! [`retry`] decides which failures are retried and for how long to wait. On `wasm32` the
//! [`js`] layer binds that core to `fetch`, timers and JS values, and is what the npm
//! package `connect-phone-wasm` exports.
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

pub mod cognito;
pub mod connect;
pub mod http;
pub(crate) mod redact;
pub mod retry;
pub mod sigv4;
#[cfg(feature = "sts")]
pub mod sts;

#[cfg(target_arch = "wasm32")]
pub mod js;
