//! A client's configuration: built and checked once, by [`ClientConfig::builder`] in Rust or
//! from `ConnectClient`'s options in JS.

use super::credentials::{CredentialSource, CredentialsFn, ProvideCredentials, RustProvider};
use crate::connect::{resolve_endpoint, ConnectError, Endpoint, EndpointConfig};
use crate::retry::RetryMode;
use crate::sigv4::Credentials;
use js_sys::Function;
use std::future::Future;
use std::time::Duration;

/// Attempts per call unless `maxAttempts` says otherwise, as in the AWS SDKs.
pub(crate) const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// The most attempts a call may be given.
pub(crate) const MAX_ATTEMPTS: u32 = 100;

/// The longest per-attempt timeout: `setTimeout` takes a signed 32-bit delay, and a longer
/// one would fire at once.
pub(crate) const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;

/// A checked client configuration, made by [`ClientConfig::builder`].
#[derive(Debug)]
pub struct ClientConfig {
    pub(crate) region: String,
    pub(crate) endpoint: Endpoint,
    pub(crate) credentials: CredentialSource,
    pub(crate) max_attempts: u32,
    /// Milliseconds each attempt may take; 0 for no limit.
    pub(crate) request_timeout_ms: f64,
    pub(crate) system_clock_offset_ms: f64,
    /// An injected `fetch` (JS callers only); the global one otherwise.
    pub(crate) fetch: Option<Function>,
    pub(crate) retry_mode: RetryMode,
}

impl ClientConfig {
    /// A builder; [`region`](ClientConfigBuilder::region) and credentials are required.
    ///
    /// ```
    /// use connect_phone_wasm::{ClientConfig, Credentials, RetryMode};
    /// use std::time::Duration;
    /// let config = ClientConfig::builder()
    ///     .region("us-west-2")
    ///     .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
    ///     .use_fips(true)
    ///     .max_attempts(5)
    ///     .retry_mode(RetryMode::Adaptive)
    ///     .request_timeout(Duration::from_secs(10))
    ///     .build()?;
    /// assert_eq!(config.endpoint_url(), "https://connect-fips.us-west-2.amazonaws.com");
    /// assert_eq!(config.max_attempts(), 5);
    /// # Ok::<(), connect_phone_wasm::ConnectError>(())
    /// ```
    pub fn builder() -> ClientConfigBuilder {
        ClientConfigBuilder::default()
    }

    /// The region calls are signed for.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The base URL requests go to.
    pub fn endpoint_url(&self) -> String {
        self.endpoint
            .url
            .to_string()
            .trim_end_matches('/')
            .to_owned()
    }

    /// Total attempts per call.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// How calls are retried.
    pub fn retry_mode(&self) -> RetryMode {
        self.retry_mode
    }

    /// How long each attempt may take, or `None` for no limit.
    pub fn request_timeout(&self) -> Option<Duration> {
        (self.request_timeout_ms > 0.0)
            .then(|| Duration::from_millis(self.request_timeout_ms as u64))
    }

    /// The clock offset the client starts with, in milliseconds.
    pub fn system_clock_offset_ms(&self) -> f64 {
        self.system_clock_offset_ms
    }
}

/// Builds a [`ClientConfig`]; [`build`](ClientConfigBuilder::build) checks every value.
///
/// Credentials are fixed ([`credentials`](ClientConfigBuilder::credentials)) or come from an
/// async provider ([`credentials_provider`](ClientConfigBuilder::credentials_provider), or a
/// closure with [`credentials_fn`](ClientConfigBuilder::credentials_fn)), which the client
/// calls on first use, shares between concurrent calls, and calls again 5 minutes before the
/// credentials it gave expire (or when the service says they have).
#[derive(Debug, Default)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ClientConfigBuilder {
    region: Option<String>,
    credentials: Option<CredentialSource>,
    endpoint: Option<String>,
    use_fips: bool,
    use_dual_stack: bool,
    max_attempts: Option<u32>,
    retry_mode: RetryMode,
    request_timeout: Option<Duration>,
    system_clock_offset_ms: f64,
}

impl ClientConfigBuilder {
    /// The region, such as `us-west-2` (required).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Fixed credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(CredentialSource::Static(credentials));
        self
    }

    /// An async credential provider.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(RustProvider::source(provider));
        self
    }

    /// An async closure as the credential provider.
    ///
    /// ```
    /// use connect_phone_wasm::{ClientConfig, Credentials, ProvidedCredentials};
    /// use std::time::{Duration, UNIX_EPOCH};
    /// let config = ClientConfig::builder()
    ///     .region("us-west-2")
    ///     .credentials_fn(|| async {
    ///         // Fetch temporary credentials from your backend here.
    ///         let credentials = Credentials::new("ASIAEXAMPLE", "secret", Some("token".into()));
    ///         let expiration = UNIX_EPOCH + Duration::from_secs(1_900_000_000);
    ///         Ok(ProvidedCredentials::new(credentials, Some(expiration)))
    ///     })
    ///     .build()?;
    /// # Ok::<(), connect_phone_wasm::ConnectError>(())
    /// ```
    pub fn credentials_fn<F, Fut>(self, provider: F) -> Self
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = Result<super::ProvidedCredentials, Box<dyn std::error::Error>>>
            + 'static,
    {
        self.credentials_provider(CredentialsFn(provider))
    }

    /// A custom endpoint URL, such as a local emulator (`http://127.0.0.1:8080`).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Use the FIPS endpoint (`connect-fips.REGION.amazonaws.com`).
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.use_fips = use_fips;
        self
    }

    /// Use the dual-stack (IPv4 and IPv6) endpoint.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.use_dual_stack = use_dual_stack;
        self
    }

    /// Total attempts per call, 1 to 100 (3 unless set).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts);
        self
    }

    /// `standard` (the default), or `adaptive`, which adds a client-side rate limiter.
    pub fn retry_mode(mut self, mode: RetryMode) -> Self {
        self.retry_mode = mode;
        self
    }

    /// How long each attempt may take, up to about 24.8 days (no limit unless set;
    /// `Duration::ZERO` for none).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = Some(timeout);
        self
    }

    /// The initial clock offset in milliseconds (server time minus local time), for a
    /// device whose clock is known to be off; clock-skew correction finds it otherwise.
    pub fn system_clock_offset_ms(mut self, ms: f64) -> Self {
        self.system_clock_offset_ms = ms;
        self
    }

    /// Checks every value: the first problem is a `ValidationError` (or a `CredentialsError`
    /// when no credentials were given).
    pub fn build(self) -> Result<ClientConfig, ConnectError> {
        let region = self.region.unwrap_or_default();
        let endpoint = resolve_endpoint(&EndpointConfig {
            region: region.clone(),
            use_fips: self.use_fips,
            use_dual_stack: self.use_dual_stack,
            endpoint: self.endpoint,
        })?;
        let max_attempts = self.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS);
        if !(1..=MAX_ATTEMPTS).contains(&max_attempts) {
            return Err(ConnectError::validation(format!(
                "max_attempts must be from 1 to {MAX_ATTEMPTS}, got {max_attempts}"
            )));
        }
        let request_timeout_ms = self
            .request_timeout
            .map_or(0.0, |t| t.as_secs_f64() * 1000.0);
        if request_timeout_ms > MAX_TIMEOUT_MS {
            return Err(ConnectError::validation(format!(
                "request_timeout must be at most {MAX_TIMEOUT_MS} ms, got {request_timeout_ms} ms"
            )));
        }
        if !self.system_clock_offset_ms.is_finite() {
            return Err(ConnectError::validation(
                "system_clock_offset_ms must be a finite number of milliseconds",
            ));
        }
        let credentials = self.credentials.ok_or_else(|| {
            ConnectError::Credentials(
                "no credentials: call credentials, credentials_provider or credentials_fn"
                    .to_owned(),
            )
        })?;
        Ok(ClientConfig {
            region,
            endpoint,
            credentials,
            max_attempts,
            // A timeout under a millisecond still limits the attempt.
            request_timeout_ms: if request_timeout_ms > 0.0 {
                request_timeout_ms.max(1.0)
            } else {
                0.0
            },
            system_clock_offset_ms: self.system_clock_offset_ms,
            fetch: None,
            retry_mode: self.retry_mode,
        })
    }
}
