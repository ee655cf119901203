//! The Connect client for Rust: the retry loop around credentials → sign → fetch → parse.

use super::cancel::{CallAbort, Cancelled};
use super::config::ClientConfig;
use super::fetch::send;
use crate::connect::{
    describe_phone_number_request_at, describe_phone_number_url, invocation_id, parse_response,
    validate_phone_number_id, ConnectError, DescribePhoneNumberOutput, PhoneNumberWorkflowStatus,
    RequestContext, SIGNING_NAME,
};
use crate::retry::{
    backoff_ms, classify, corrected_clock_offset, is_clock_skew_error,
    server_time_from_skew_message, ClientRateLimiter, RetryKind, RetryMode, RetryQuota,
};
use crate::sigv4::{
    parse_http_date, sign, SigningError, SigningKeyCache, SigningParams, SigningSettings,
};
use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::AbortSignal;

/// What the AWS SDKs report in `$metadata`: the last response's status and request id, and
/// the attempts a call took.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResponseMetadata {
    /// The status of the last response, if one arrived.
    pub http_status_code: Option<u16>,
    /// `x-amzn-RequestId` of the last response.
    pub request_id: Option<String>,
    /// Attempts made.
    pub attempts: u32,
    /// Milliseconds spent waiting between attempts.
    pub total_retry_delay_ms: f64,
}

/// A successful `DescribePhoneNumber` call: the output, and how the call went.
#[derive(Debug, Clone, PartialEq)]
pub struct DescribeOutput {
    /// The output, as the service sent it.
    pub output: DescribePhoneNumberOutput,
    /// `$metadata`.
    pub metadata: ResponseMetadata,
}

impl DescribeOutput {
    /// The claim's status (`ClaimedPhoneNumberSummary.PhoneNumberStatus.Status`), if given.
    pub fn status(&self) -> Option<&PhoneNumberWorkflowStatus> {
        self.output
            .claimed_phone_number_summary
            .as_ref()
            .and_then(|s| s.phone_number_status.as_ref())
            .and_then(|s| s.status.as_ref())
    }
}

/// A failed `DescribePhoneNumber` call: why, and how the call went.
///
/// It displays as `Name: message`, with the request id when the service sent one:
///
/// ```
/// use connect_phone_wasm::{CallError, ConnectError, ServiceError};
/// let error = CallError::from(ConnectError::Service(ServiceError {
///     name: "ResourceNotFoundException".into(),
///     message: "Phone number not found".into(),
///     status: 404,
///     request_id: Some("8f1d…".into()),
/// }));
/// assert_eq!(error.name(), "ResourceNotFoundException");
/// assert_eq!(
///     error.to_string(),
///     "ResourceNotFoundException: Phone number not found (request id 8f1d…)"
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CallError {
    /// Why it failed.
    pub error: ConnectError,
    /// `$metadata`.
    pub metadata: ResponseMetadata,
    /// The JS error behind it (a `fetch` rejection, a JS provider's exception), if any.
    pub cause: Option<JsValue>,
}

impl CallError {
    /// The AWS error name (`ResourceNotFoundException`, `ThrottlingException`, …) or the
    /// client's own (`ValidationError`, `CredentialsError`, `TimeoutError`, `AbortError`,
    /// `NetworkError`, `ResponseParseError`, `UnknownError`), as JS sees it in `error.name`.
    pub fn name(&self) -> &str {
        self.error.name()
    }

    /// The message, the service's for AWS errors.
    pub fn message(&self) -> &str {
        self.error.message()
    }

    /// `x-amzn-RequestId` of the last response, when one came.
    pub fn request_id(&self) -> Option<&str> {
        self.metadata
            .request_id
            .as_deref()
            .or_else(|| self.error.request_id())
    }

    /// Whether the client retries this kind of error (throttling, 5xx, network, timeout):
    /// worth trying again later.
    pub fn is_retryable(&self) -> bool {
        classify(&self.error) != RetryKind::No
    }
}

impl From<ConnectError> for CallError {
    fn from(error: ConnectError) -> CallError {
        CallError {
            error,
            metadata: ResponseMetadata::default(),
            cause: None,
        }
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)?;
        match self.request_id() {
            Some(id) => write!(f, " (request id {id})"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for CallError {}

/// The Amazon Connect client for Rust code on `wasm32`: `DescribePhoneNumber` through the
/// runtime's `fetch`, signed with SigV4, with the retries, clock-skew correction and
/// credential refresh of the AWS SDKs. The npm package's `ConnectClient` is this client.
///
/// A `Client` is cheap to clone: clones share the configuration, the clock offset, the
/// retry quota and the signing-key cache.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use connect_phone_wasm::{Client, ClientConfig, Credentials};
/// let config = ClientConfig::builder()
///     .region("us-west-2")
///     .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
///     .build()?;
/// let client = Client::new(config);
/// let done = client.describe_phone_number("11111111-2222-4333-8444-555555555555").await?;
/// println!("{:?} after {} attempt(s)", done.status(), done.metadata.attempts);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    inner: Rc<Shared>,
}

/// What clones of a client share.
#[derive(Debug)]
struct Shared {
    config: ClientConfig,
    clock_offset_ms: Cell<f64>,
    quota: Cell<RetryQuota>,
    keys: RefCell<SigningKeyCache>,
    /// The `adaptive` mode's rate limiter, shared by all calls; `None` in `standard` mode.
    limiter: RefCell<Option<ClientRateLimiter>>,
}

/// The clock the rate limiter and the waiter run on, in seconds.
pub(crate) fn now_s() -> f64 {
    js_sys::Date::now() / 1000.0
}

fn random_bytes() -> [u8; 16] {
    // Four bytes from each of four draws: one call into JS per 32 bits, not per byte.
    let mut bytes = [0u8; 16];
    for chunk in bytes.chunks_exact_mut(4) {
        let word = (js_sys::Math::random() * 4_294_967_296.0) as u32;
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    bytes
}

impl Client {
    /// A client for a checked configuration ([`ClientConfig::builder`]).
    pub fn new(config: ClientConfig) -> Client {
        let offset = config.system_clock_offset_ms;
        let limiter =
            (config.retry_mode == RetryMode::Adaptive).then(|| ClientRateLimiter::new(now_s()));
        Client {
            inner: Rc::new(Shared {
                config,
                clock_offset_ms: Cell::new(offset),
                quota: Cell::new(RetryQuota::default()),
                keys: RefCell::new(SigningKeyCache::default()),
                limiter: RefCell::new(limiter),
            }),
        }
    }

    /// The configuration this client was made with.
    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// The clock offset in use, in milliseconds (server time minus local time); clock-skew
    /// correction updates it.
    pub fn system_clock_offset_ms(&self) -> f64 {
        self.inner.clock_offset_ms.get()
    }

    /// Sets the clock offset in milliseconds; a value that is not finite is ignored.
    pub fn set_system_clock_offset_ms(&self, ms: f64) {
        if ms.is_finite() {
            self.inner.clock_offset_ms.set(ms);
        }
    }

    /// `DescribePhoneNumber`: describes a phone number by its UUID or ARN, with retries.
    ///
    /// An id that is neither is a `ValidationError`, and nothing is sent. A number claimed in
    /// another region is found by its ARN only.
    pub async fn describe_phone_number(
        &self,
        phone_number_id: &str,
    ) -> Result<DescribeOutput, CallError> {
        self.describe(phone_number_id, None).await
    }

    /// [`describe_phone_number`](Client::describe_phone_number), ended with an `AbortError`
    /// as soon as `signal` fires: the request in flight is cancelled, a backoff cut short.
    pub async fn describe_phone_number_with_abort(
        &self,
        phone_number_id: &str,
        signal: &AbortSignal,
    ) -> Result<DescribeOutput, CallError> {
        self.describe(phone_number_id, Some(signal.clone())).await
    }

    /// The call behind both, and behind the JS class.
    pub(crate) async fn describe(
        &self,
        phone_number_id: &str,
        abort_signal: Option<AbortSignal>,
    ) -> Result<DescribeOutput, CallError> {
        let this = &*self.inner;
        let mut metadata = ResponseMetadata::default();
        let cause = Cell::new(None);
        let fail = |error: ConnectError, metadata: &ResponseMetadata| CallError {
            error,
            metadata: metadata.clone(),
            cause: cause.take(),
        };
        validate_phone_number_id(phone_number_id).map_err(|e| fail(e, &metadata))?;
        let abort = CallAbort::new(abort_signal);
        let invocation = invocation_id(random_bytes());
        let max_attempts = this.config.max_attempts;
        let mut last_retry_cost = None;
        let mut refreshed_credentials = false;
        let skew_corrected = Cell::new(false);
        loop {
            metadata.attempts += 1;
            // A JS cause belongs to the attempt that failed last.
            cause.set(None);
            if abort.aborted() {
                return Err(fail(Cancelled::Abort.into_error(0.0), &metadata));
            }
            let outcome = match this.wait_for_token(&abort).await {
                Ok(timeout_ms) => {
                    this.attempt(
                        phone_number_id,
                        &invocation,
                        metadata.attempts,
                        &abort,
                        timeout_ms,
                        &skew_corrected,
                        &cause,
                    )
                    .await
                }
                Err(error) => Err(error),
            };
            this.learn_rate(&outcome);
            let error = match outcome {
                Ok((output, status, request_id)) => {
                    metadata.http_status_code = Some(status);
                    metadata.request_id = request_id;
                    let mut quota = this.quota.get();
                    quota.release(last_retry_cost);
                    this.quota.set(quota);
                    return Ok(DescribeOutput { output, metadata });
                }
                Err(error) => error,
            };
            if error.status().is_some() {
                metadata.http_status_code = error.status();
                metadata.request_id = error.request_id().map(str::to_owned);
            }
            if metadata.attempts >= max_attempts || matches!(error, ConnectError::Abort(_)) {
                return Err(fail(error, &metadata));
            }
            if is_clock_skew_error(&error) && skew_corrected.take() {
                continue;
            }
            if error.name() == "ExpiredTokenException"
                && !refreshed_credentials
                && this.config.credentials.invalidate()
            {
                refreshed_credentials = true;
                continue;
            }
            let kind = classify(&error);
            let mut quota = this.quota.get();
            let cost = if kind == RetryKind::No {
                None
            } else {
                quota.acquire(&error)
            };
            this.quota.set(quota);
            let Some(cost) = cost else {
                return Err(fail(error, &metadata));
            };
            last_retry_cost = Some(cost);
            let delay = backoff_ms(kind, metadata.attempts, js_sys::Math::random());
            if let Err(reason) = abort.sleep(delay).await {
                return Err(fail(reason.into_error(0.0), &metadata));
            }
            metadata.total_retry_delay_ms += delay;
        }
    }
}

impl Shared {
    /// In `adaptive` mode, waits for a rate-limiter token; returns the time left of
    /// `requestTimeout` for the attempt (0 for no limit). The caller's abort and the timeout
    /// both cut the wait, and a token not used is given back.
    async fn wait_for_token(&self, abort: &CallAbort) -> Result<f64, ConnectError> {
        // The rate may grow while a call waits: it sleeps at most this long, then asks again.
        const RECHECK_MS: f64 = 250.0;
        let timeout_ms = self.config.request_timeout_ms;
        let Some(ticket) = self
            .limiter
            .borrow_mut()
            .as_mut()
            .map(|l| l.acquire(now_s()))
        else {
            return Ok(timeout_ms);
        };
        let started = js_sys::Date::now();
        let refund = || {
            if let Some(limiter) = self.limiter.borrow_mut().as_mut() {
                limiter.refund();
            }
        };
        loop {
            let wait_ms = match self.limiter.borrow_mut().as_mut() {
                Some(limiter) => limiter.wait_s(ticket, now_s()) * 1000.0,
                None => 0.0,
            };
            let waited = js_sys::Date::now() - started;
            if wait_ms <= 0.0 {
                return Ok(if timeout_ms > 0.0 {
                    (timeout_ms - waited).max(1.0)
                } else {
                    0.0
                });
            }
            let left = if timeout_ms > 0.0 {
                timeout_ms - waited
            } else {
                f64::INFINITY
            };
            if left <= 0.0 {
                refund();
                return Err(ConnectError::Timeout(format!(
                    "No complete response within requestTimeout ({} ms): the adaptive rate \
                     limiter had no token for this attempt in that time",
                    timeout_ms as u64
                )));
            }
            if let Err(reason) = abort.sleep(wait_ms.min(RECHECK_MS).min(left)).await {
                refund();
                return Err(reason.into_error(timeout_ms));
            }
        }
    }

    /// In `adaptive` mode, tells the rate limiter how an attempt that was sent ended.
    fn learn_rate<T>(&self, outcome: &Result<T, ConnectError>) {
        let mut limiter = self.limiter.borrow_mut();
        let Some(limiter) = limiter.as_mut() else {
            return;
        };
        let throttled = match outcome {
            Ok(_) => false,
            // Nothing was sent (or nothing came back that says anything about the rate).
            Err(
                ConnectError::Validation(_) | ConnectError::Credentials(_) | ConnectError::Abort(_),
            ) => return,
            Err(error) => classify(error) == RetryKind::Throttling,
        };
        limiter.record_response(now_s(), throttled);
    }

    /// One attempt: credentials, build, sign, send, parse.
    #[allow(clippy::too_many_arguments)]
    async fn attempt(
        &self,
        phone_number_id: &str,
        invocation: &str,
        attempt: u32,
        abort: &CallAbort,
        timeout_ms: f64,
        skew_corrected: &Cell<bool>,
        cause: &Cell<Option<JsValue>>,
    ) -> Result<(DescribePhoneNumberOutput, u16, Option<String>), ConnectError> {
        let credentials = self
            .config
            .credentials
            .resolve(js_sys::Date::now(), abort, cause)
            .await?;
        // Read the clock after the credentials: a slow provider must not age the signature.
        let now = js_sys::Date::now();
        let context = RequestContext {
            invocation_id: invocation,
            attempt,
            max_attempts: self.config.max_attempts,
        };
        let url = describe_phone_number_url(&self.config.endpoint, phone_number_id)?;
        // Skew is judged against the offset this attempt was signed with: a concurrent call
        // may already have corrected the shared offset, and this one must still retry.
        let signed_with_offset = self.clock_offset_ms.get();
        let signing_seconds = ((now + signed_with_offset) / 1000.0).floor() as i64;
        let params = SigningParams::new(
            &credentials,
            &self.config.region,
            SIGNING_NAME,
            signing_seconds,
            SigningSettings::default(),
        );
        // The URL is in wire form unless the endpoint is unusual (an IPv6 or `xn--` host, say):
        // then the full signer builds and signs the request.
        let fast = sign_on_wire(&url, &context, &params, &mut self.keys.borrow_mut());
        let (url, headers) = match fast {
            Some(headers) => (url, headers),
            None => {
                let request = describe_phone_number_request_at(&url, &context)?;
                let signed =
                    sign(&request, &params, &mut self.keys.borrow_mut()).map_err(signing_failed)?;
                (request.url().to_string(), signed.headers)
            }
        };
        let received = send(
            self.config.fetch.as_ref(),
            "GET",
            &url,
            &headers,
            None,
            abort,
            timeout_ms,
            cause,
        )
        .await?;
        let output = parse_response(&received.response).inspect_err(|error| {
            // Only a skew error moves the clock, so a stray Date header from a proxy cannot.
            if !is_clock_skew_error(error) {
                return;
            }
            // The Date header, else (a browser without CORS access to Date) the message.
            let server_ms = received
                .date
                .as_deref()
                .and_then(parse_http_date)
                .or_else(|| server_time_from_skew_message(error.message()))
                .map(|s| s as f64 * 1000.0);
            if let Some(offset) = server_ms.and_then(|server| {
                corrected_clock_offset(server, js_sys::Date::now(), signed_with_offset)
            }) {
                self.clock_offset_ms.set(offset);
                skew_corrected.set(true);
            }
        })?;
        Ok((
            output,
            received.response.status,
            received.response.request_id,
        ))
    }
}

/// The headers of an attempt signed on the wire-form path (the SDK headers, then the
/// signer's), or `None` when the full signer must sign it. See the `wire-signing` feature.
#[cfg(feature = "wire-signing")]
fn sign_on_wire(
    url: &str,
    context: &RequestContext<'_>,
    params: &SigningParams<'_>,
    keys: &mut SigningKeyCache,
) -> Option<Vec<(String, String)>> {
    let sdk_request = context.sdk_request();
    let sdk = crate::connect::sdk_headers(context, &sdk_request);
    let signed = crate::sigv4::sign_wire_form_with("GET", url, b"", &sdk, params, keys)?;
    let owned = |(name, value): (&str, &str)| (name.to_owned(), value.to_owned());
    Some(sdk.into_iter().chain(signed.headers()).map(owned).collect())
}

/// Without the `wire-signing` feature every attempt takes the full signer.
#[cfg(not(feature = "wire-signing"))]
fn sign_on_wire(
    _url: &str,
    _context: &RequestContext<'_>,
    _params: &SigningParams<'_>,
    _keys: &mut SigningKeyCache,
) -> Option<Vec<(String, String)>> {
    None
}

fn signing_failed(error: SigningError) -> ConnectError {
    match error {
        SigningError::Missing(_) | SigningError::Invalid { .. } => {
            ConnectError::Credentials(error.to_string())
        }
        other => ConnectError::validation(other.to_string()),
    }
}
