//! The Connect client: the retry loop around sign → fetch → parse, and its JS class.

use super::cancel::{CallAbort, Cancelled};
use super::config::{read_call_options, ClientConfig};
use super::convert::{describe, get, set, to_js};
use super::error::{connect_error, unsent_error};
use super::fetch::send;
use crate::connect::{
    describe_phone_number_request_at, describe_phone_number_url, invocation_id, parse_response,
    validate_phone_number_id, ConnectError, DescribePhoneNumberOutput, RequestContext,
    SIGNING_NAME,
};
use crate::retry::{
    backoff_ms, classify, corrected_clock_offset, is_clock_skew_error,
    server_time_from_skew_message, ClientRateLimiter, RetryKind, RetryMode, RetryQuota,
};
use crate::sigv4::{
    parse_http_date, sign, SigningError, SigningKeyCache, SigningParams, SigningSettings,
};
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

/// What the SDKs report in `$metadata`.
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

/// A successful call.
#[derive(Debug, Clone, PartialEq)]
pub struct DescribeOutput {
    /// The output.
    pub output: DescribePhoneNumberOutput,
    /// `$metadata`.
    pub metadata: ResponseMetadata,
}

/// A failed call.
#[derive(Debug, Clone, PartialEq)]
pub struct CallError {
    /// Why it failed.
    pub error: ConnectError,
    /// `$metadata`.
    pub metadata: ResponseMetadata,
    /// The JS error behind it (a `fetch` rejection, a provider's exception), if any.
    pub cause: Option<JsValue>,
}

/// The Connect client for Rust code on `wasm32`: the same behaviour as the JS class.
#[derive(Debug)]
pub struct Client {
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
    /// A client for a checked configuration.
    pub fn new(config: ClientConfig) -> Client {
        let offset = config.system_clock_offset_ms;
        let limiter =
            (config.retry_mode == RetryMode::Adaptive).then(|| ClientRateLimiter::new(now_s()));
        Client {
            config,
            clock_offset_ms: Cell::new(offset),
            quota: Cell::new(RetryQuota::default()),
            keys: RefCell::new(SigningKeyCache::default()),
            limiter: RefCell::new(limiter),
        }
    }

    /// The clock offset in use, in milliseconds (server time minus local time).
    pub fn system_clock_offset(&self) -> f64 {
        self.clock_offset_ms.get()
    }

    /// Sets the clock offset.
    pub fn set_system_clock_offset(&self, ms: f64) {
        if ms.is_finite() {
            self.clock_offset_ms.set(ms);
        }
    }

    /// Describes a phone number by UUID or ARN, with retries.
    pub async fn describe_phone_number(
        &self,
        phone_number_id: &str,
        abort_signal: Option<AbortSignal>,
    ) -> Result<DescribeOutput, CallError> {
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
        let max_attempts = self.config.max_attempts;
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
            let outcome = match self.wait_for_token(&abort).await {
                Ok(timeout_ms) => {
                    self.attempt(
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
            self.learn_rate(&outcome);
            let error = match outcome {
                Ok((output, status, request_id)) => {
                    metadata.http_status_code = Some(status);
                    metadata.request_id = request_id;
                    let mut quota = self.quota.get();
                    quota.release(last_retry_cost);
                    self.quota.set(quota);
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
                && self.config.credentials.invalidate()
            {
                refreshed_credentials = true;
                continue;
            }
            let kind = classify(&error);
            let mut quota = self.quota.get();
            let cost = if kind == RetryKind::No {
                None
            } else {
                quota.acquire(&error)
            };
            self.quota.set(quota);
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

/// `$metadata` as the SDKs write it: every key, in their order, absent values `undefined`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MetadataJs<'a> {
    http_status_code: Option<u16>,
    request_id: Option<&'a str>,
    extended_request_id: Option<&'a str>,
    cf_id: Option<&'a str>,
    attempts: u32,
    total_retry_delay: f64,
}

pub(crate) fn metadata_to_js(metadata: &ResponseMetadata) -> JsValue {
    to_js(&MetadataJs {
        http_status_code: metadata.http_status_code,
        request_id: metadata.request_id.as_deref(),
        extended_request_id: None,
        cf_id: None,
        attempts: metadata.attempts,
        total_retry_delay: metadata.total_retry_delay_ms,
    })
}

/// `{ ...output, $metadata }`.
fn output_to_js(done: &DescribeOutput) -> JsValue {
    let output = to_js(&done.output);
    set(&output, "$metadata", &metadata_to_js(&done.metadata));
    output
}

/// The Amazon Connect client exported to JS as `ConnectClient`.
///
/// The constructor never throws: a bad option makes every call reject with a
/// `ValidationError`, as the AWS SDK for JavaScript does.
#[wasm_bindgen]
#[derive(Debug)]
pub struct ConnectClient {
    inner: Rc<Result<Client, ConnectError>>,
}

#[wasm_bindgen]
impl ConnectClient {
    /// A client; see `ConnectClientConfig` in the type definitions.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> ConnectClient {
        ConnectClient {
            inner: Rc::new(ClientConfig::from_js(&config).map(Client::new)),
        }
    }

    /// `DescribePhoneNumber`: resolves to `{ ClaimedPhoneNumberSummary, $metadata }`.
    #[wasm_bindgen(js_name = describePhoneNumber)]
    pub fn describe_phone_number(&self, input: JsValue, options: JsValue) -> js_sys::Promise {
        let inner = Rc::clone(&self.inner);
        wasm_bindgen_futures::future_to_promise(async move {
            let client = match inner.as_ref() {
                Ok(client) => client,
                Err(error) => return Err(unsent_error(error)),
            };
            let early = |error: ConnectError| unsent_error(&error);
            let signal = read_call_options(&options).map_err(early)?;
            let id = read_phone_number_id(&input).map_err(early)?;
            match client.describe_phone_number(&id, signal).await {
                Ok(done) => Ok(output_to_js(&done)),
                Err(failed) => Err(connect_error(
                    &failed.error,
                    &metadata_to_js(&failed.metadata),
                    failed.cause.as_ref(),
                )),
            }
        })
    }

    /// The clock offset in milliseconds, updated by clock-skew correction.
    #[wasm_bindgen(getter, js_name = systemClockOffset)]
    pub fn system_clock_offset(&self) -> f64 {
        self.inner
            .as_ref()
            .as_ref()
            .map(Client::system_clock_offset)
            .unwrap_or(0.0)
    }

    /// Sets the clock offset in milliseconds.
    #[wasm_bindgen(setter, js_name = systemClockOffset)]
    pub fn set_system_clock_offset(&self, ms: f64) {
        if let Ok(client) = self.inner.as_ref() {
            client.set_system_clock_offset(ms);
        }
    }
}

fn read_phone_number_id(input: &JsValue) -> Result<String, ConnectError> {
    if !input.is_object() {
        return Err(ConnectError::validation(format!(
            "input must be an object like {{ PhoneNumberId }}, got {}",
            describe(input)
        )));
    }
    let id = get(input, "PhoneNumberId");
    if id.is_undefined() || id.is_null() {
        return Err(ConnectError::validation(
            "PhoneNumberId is required: pass the phone number's UUID or ARN",
        ));
    }
    id.as_string().ok_or_else(|| {
        ConnectError::validation(format!(
            "PhoneNumberId must be a string, got {}",
            describe(&id)
        ))
    })
}
