//! `ConnectClient`, the JS class: its options read and checked once into a [`ClientConfig`],
//! its calls made by the Rust [`Client`], and the results shaped as the AWS SDK for JavaScript
//! shapes them (`{ ...output, $metadata }`, errors named after the AWS error).

use super::client::{Client, DescribeOutput, ResponseMetadata};
use super::config::{ClientConfig, DEFAULT_MAX_ATTEMPTS, MAX_ATTEMPTS, MAX_TIMEOUT_MS};
use super::convert::{describe, get, optional_bool, optional_number, optional_string, set, to_js};
use super::credential_function::credentials_from_js;
use super::error::{connect_error, unsent_error};
use crate::connect::{resolve_endpoint, ConnectError, EndpointConfig};
use crate::retry::RetryMode;
use js_sys::Function;
use serde::Serialize;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

impl ClientConfig {
    /// Reads and checks every `ConnectClient` option; the first problem is a
    /// `ValidationError`.
    pub(crate) fn from_js(options: &JsValue) -> Result<ClientConfig, ConnectError> {
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
        let max_attempts = match optional_number(options, "maxAttempts", "maxAttempts")
            .map_err(v)?
        {
            None => DEFAULT_MAX_ATTEMPTS,
            Some(n) if (1.0..=f64::from(MAX_ATTEMPTS)).contains(&n) && n.fract() == 0.0 => n as u32,
            Some(_) => {
                return Err(ConnectError::validation(
                    "maxAttempts must be a whole number from 1 to 100",
                ))
            }
        };
        let request_timeout_ms =
            match optional_number(options, "requestTimeout", "requestTimeout").map_err(v)? {
                None => 0.0,
                Some(n) if (0.0..=MAX_TIMEOUT_MS).contains(&n) => n,
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
        let credentials =
            credentials_from_js(&get(options, "credentials")).map_err(ConnectError::Credentials)?;
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
            match client.describe(&id, signal).await {
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
            .map(Client::system_clock_offset_ms)
            .unwrap_or(0.0)
    }

    /// Sets the clock offset in milliseconds.
    #[wasm_bindgen(setter, js_name = systemClockOffset)]
    pub fn set_system_clock_offset(&self, ms: f64) {
        if let Ok(client) = self.inner.as_ref() {
            client.set_system_clock_offset_ms(ms);
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
