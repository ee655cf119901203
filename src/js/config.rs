//! `ConnectClient` options, read and checked once.

use super::convert::{describe, get, optional_bool, optional_number, optional_string};
use super::credentials::CredentialSource;
use crate::connect::{resolve_endpoint, ConnectError, Endpoint, EndpointConfig};
use crate::retry::RetryMode;
use crate::sigv4::Credentials;
use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

/// Attempts per call unless `maxAttempts` says otherwise, as in the AWS SDKs.
const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// A checked client configuration.
#[derive(Debug)]
pub struct ClientConfig {
    /// The region calls are signed for.
    pub region: String,
    /// Where requests go.
    pub endpoint: Endpoint,
    /// Where credentials come from.
    pub credentials: CredentialSource,
    /// Total attempts per call, 1 or more.
    pub max_attempts: u32,
    /// Milliseconds each attempt may take; 0 for no limit.
    pub request_timeout_ms: f64,
    /// The initial clock offset, in milliseconds.
    pub system_clock_offset_ms: f64,
    /// An injected `fetch`.
    pub fetch: Option<Function>,
    /// `retryMode`: `standard` (the default) or `adaptive`.
    pub retry_mode: RetryMode,
}

impl ClientConfig {
    /// A configuration for Rust callers: a region and credentials, with the defaults.
    ///
    /// ```no_run
    /// use connect_phone_wasm::js::ClientConfig;
    /// use connect_phone_wasm::sigv4::Credentials;
    /// let config = ClientConfig::new("us-west-2", Credentials::new("AKID", "SECRET", None))?
    ///     .with_endpoint("http://127.0.0.1:8080")?
    ///     .with_max_attempts(5)?;
    /// # Ok::<(), connect_phone_wasm::connect::ConnectError>(())
    /// ```
    pub fn new(region: &str, credentials: Credentials) -> Result<ClientConfig, ConnectError> {
        let endpoint = resolve_endpoint(&EndpointConfig {
            region: region.to_owned(),
            ..EndpointConfig::default()
        })?;
        Ok(ClientConfig {
            region: region.to_owned(),
            endpoint,
            credentials: CredentialSource::Static(credentials),
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            request_timeout_ms: 0.0,
            system_clock_offset_ms: 0.0,
            fetch: None,
            retry_mode: RetryMode::Standard,
        })
    }

    /// Sets the retry mode (`adaptive` adds a client-side rate limiter).
    pub fn with_retry_mode(mut self, mode: RetryMode) -> ClientConfig {
        self.retry_mode = mode;
        self
    }

    /// Sends requests to a custom endpoint, such as a local emulator.
    pub fn with_endpoint(mut self, url: &str) -> Result<ClientConfig, ConnectError> {
        let config = EndpointConfig {
            region: self.region.clone(),
            endpoint: Some(url.to_owned()),
            ..EndpointConfig::default()
        };
        self.endpoint = resolve_endpoint(&config)?;
        Ok(self)
    }

    /// Sets the total attempts per call (1 to 100).
    pub fn with_max_attempts(mut self, attempts: u32) -> Result<ClientConfig, ConnectError> {
        if !(1..=100).contains(&attempts) {
            return Err(ConnectError::validation(format!(
                "maxAttempts must be from 1 to 100, got {attempts}"
            )));
        }
        self.max_attempts = attempts;
        Ok(self)
    }

    /// Sets the per-attempt timeout in milliseconds (0 for none).
    pub fn with_request_timeout_ms(mut self, ms: f64) -> ClientConfig {
        self.request_timeout_ms = if ms.is_finite() && ms > 0.0 { ms } else { 0.0 };
        self
    }

    /// Reads and checks every option; the first problem is a `ValidationError`.
    pub fn from_js(options: &JsValue) -> Result<ClientConfig, ConnectError> {
        let v = ConnectError::validation;
        if !options.is_object() {
            return Err(v(format!(
                "ConnectClient options must be an object, got {}",
                describe(options)
            )));
        }
        let region = optional_string(options, "region", "region")
            .map_err(v)?
            .unwrap_or_default();
        let endpoint_config = EndpointConfig {
            region: region.clone(),
            use_fips: optional_bool(options, "useFipsEndpoint", "useFipsEndpoint")
                .map_err(v)?
                .unwrap_or(false),
            use_dual_stack: optional_bool(options, "useDualstackEndpoint", "useDualstackEndpoint")
                .map_err(v)?
                .unwrap_or(false),
            endpoint: optional_string(options, "endpoint", "endpoint").map_err(v)?,
        };
        let endpoint = resolve_endpoint(&endpoint_config)?;
        let max_attempts =
            match optional_number(options, "maxAttempts", "maxAttempts").map_err(v)? {
                None => DEFAULT_MAX_ATTEMPTS,
                Some(n) if (1.0..=100.0).contains(&n) && n.fract() == 0.0 => n as u32,
                Some(_) => {
                    return Err(ConnectError::validation(
                        "maxAttempts must be a whole number from 1 to 100",
                    ))
                }
            };
        let request_timeout_ms =
            match optional_number(options, "requestTimeout", "requestTimeout").map_err(v)? {
                None => 0.0,
                // setTimeout takes a signed 32-bit delay; a longer one would fire at once.
                Some(n) if (0.0..=2_147_483_647.0).contains(&n) => n,
                Some(_) => {
                    return Err(ConnectError::validation(
                        "requestTimeout must be 0 (no limit) or a positive number of milliseconds",
                    ))
                }
            };
        let system_clock_offset_ms =
            optional_number(options, "systemClockOffset", "systemClockOffset")
                .map_err(v)?
                .unwrap_or(0.0);
        let fetch = match get(options, "fetch") {
            f if f.is_undefined() || f.is_null() => None,
            f => Some(
                f.dyn_into::<Function>()
                    .map_err(|f| v(format!("fetch must be a function, got {}", describe(&f))))?,
            ),
        };
        let retry_mode = match optional_string(options, "retryMode", "retryMode").map_err(v)? {
            None => RetryMode::Standard,
            Some(mode) => RetryMode::parse(&mode).map_err(v)?,
        };
        let credentials = CredentialSource::from_js(&get(options, "credentials"))
            .map_err(ConnectError::Credentials)?;
        Ok(ClientConfig {
            region,
            endpoint,
            credentials,
            max_attempts,
            request_timeout_ms,
            system_clock_offset_ms,
            fetch,
            retry_mode,
        })
    }
}

/// Reads `{ abortSignal? }`, the per-call options.
pub(crate) fn read_call_options(options: &JsValue) -> Result<Option<AbortSignal>, ConnectError> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    let signal = get(options, "abortSignal");
    if signal.is_undefined() || signal.is_null() {
        return Ok(None);
    }
    let is_function = |name: &str| get(&signal, name).is_function();
    if get(&signal, "aborted").as_bool().is_none()
        || !is_function("addEventListener")
        || !is_function("removeEventListener")
    {
        return Err(ConnectError::validation(format!(
            "abortSignal must be an AbortSignal, got {}",
            describe(&signal)
        )));
    }
    Ok(Some(signal.unchecked_into()))
}
