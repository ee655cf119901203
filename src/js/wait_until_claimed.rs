//! `waitUntilPhoneNumberClaimed`, the JS export: describes a number through any JS client's
//! `describePhoneNumber` until its claim is `CLAIMED`, as the [`ClaimWaiter`] policy says (the
//! same policy as the Rust waiter). This layer only calls the client, sleeps and shapes results.

use super::cancel::{as_promise, CallAbort, MAX_TIMER_MS};
use super::client::now_s;
use super::connect_client::read_call_options;
use super::convert::{describe, get, optional_number, set};
use super::error::{js_error, unsent_error};
use crate::connect::{ConnectError, PhoneNumberWorkflowStatus};
use crate::retry::{ClaimOutcome, ClaimWaiter, WaiterAction, WaiterConfig};
use js_sys::{Function, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What the last attempt gave: the output or the error, for `reason`.
enum Last {
    Nothing,
    Output(JsValue),
    Error(JsValue),
}

impl Last {
    fn value(&self) -> JsValue {
        match self {
            Last::Nothing => JsValue::UNDEFINED,
            Last::Output(value) | Last::Error(value) => value.clone(),
        }
    }
}

/// Waits until a phone number is `CLAIMED`: `{ state: 'SUCCESS', reason: output }`, or a
/// rejection named `WaiterFailure` (`FAILED`), `TimeoutError`, `AbortError`, or the
/// client's own error for anything waiting cannot cure.
#[wasm_bindgen(js_name = waitUntilPhoneNumberClaimed)]
pub fn wait_until_phone_number_claimed(params: JsValue, input: JsValue) -> Promise {
    wasm_bindgen_futures::future_to_promise(async move { wait(params, input).await })
}

fn validation(message: String) -> JsValue {
    unsent_error(&ConnectError::Validation(message))
}

/// A member of an output's `ClaimedPhoneNumberSummary.PhoneNumberStatus`, if it is a string.
fn status_member(output: &JsValue, member: &str) -> Option<String> {
    let summary = get(output, "ClaimedPhoneNumberSummary");
    get(&get(&summary, "PhoneNumberStatus"), member).as_string()
}

/// Reads `{ client, maxWaitTime, minDelay?, maxDelay?, abortSignal? }`.
fn read_params(params: &JsValue) -> Result<(JsValue, Function, WaiterConfig), JsValue> {
    if !params.is_object() {
        return Err(validation(format!(
            "the waiter's first argument must be {{ client, maxWaitTime, minDelay?, maxDelay?, abortSignal? }}, got {}",
            describe(params)
        )));
    }
    let client = get(params, "client");
    let describe_fn = get(&client, "describePhoneNumber")
        .dyn_into::<Function>()
        .map_err(|_| {
            validation(format!(
                "client must be a ConnectClient (with describePhoneNumber), got {}",
                describe(&client)
            ))
        })?;
    let number = |key: &str| optional_number(params, key, key).map_err(validation);
    let max_wait = number("maxWaitTime")?.ok_or_else(|| {
        validation("maxWaitTime is required: the most seconds to wait in all".to_owned())
    })?;
    let config = WaiterConfig::new(max_wait, number("minDelay")?, number("maxDelay")?)
        .map_err(validation)?;
    Ok((client, describe_fn, config))
}

/// A waiter error: `name`, `state`, `reason`, and `$fault` as the client's errors have it.
fn waiter_error(name: &str, state: &str, message: &str, last: &Last) -> JsValue {
    // A FAILED claim is the service's answer; running out of time or aborting is the caller's.
    let fault = if state == "FAILURE" {
        "server"
    } else {
        "client"
    };
    let error = js_error(name, message, fault, None);
    set(&error, "state", &JsValue::from_str(state));
    set(&error, "reason", &last.value());
    error
}

fn aborted(last: &Last) -> JsValue {
    waiter_error(
        "AbortError",
        "ABORTED",
        "The waiter was aborted before the phone number was CLAIMED",
        last,
    )
}

/// The `PhoneNumberId` of the input, for messages.
fn id_of(input: &JsValue) -> String {
    get(input, "PhoneNumberId")
        .as_string()
        .unwrap_or_else(|| "(no PhoneNumberId)".to_owned())
}

async fn wait(params: JsValue, input: JsValue) -> Result<JsValue, JsValue> {
    let (client, describe_fn, config) = read_params(&params)?;
    let signal = read_call_options(&params).map_err(|e| validation(e.message().to_owned()))?;
    let call_options = Object::new();
    if let Some(signal) = &signal {
        set(&call_options, "abortSignal", signal);
    }
    let abort = CallAbort::new(signal);
    let mut waiter = ClaimWaiter::new(config, now_s());
    let mut last = Last::Nothing;
    loop {
        if abort.aborted() {
            return Err(aborted(&last));
        }
        let pending = describe_fn
            .call2(&client, &input, &call_options)
            .map(|value| as_promise(&value))
            .unwrap_or_else(|thrown| Promise::reject(&thrown));
        // The client honours the signal itself; the race also covers one that does not.
        let settled = match abort.race(pending, 0.0).await {
            Err(_) => return Err(aborted(&last)),
            Ok(settled) => settled,
        };
        let (status, error_name) = match settled {
            Ok(output) => {
                let text = status_member(&output, "Status");
                last = Last::Output(output);
                (text.as_deref().map(PhoneNumberWorkflowStatus::from), None)
            }
            Err(error) => {
                let name = get(&error, "name").as_string().unwrap_or_default();
                if name == "AbortError" {
                    return Err(aborted(&last));
                }
                last = Last::Error(error);
                (None, Some(name))
            }
        };
        // The client marks what it retries with `$retryable` (throttling, 5xx, network,
        // timeout): after its own retries, the waiter still waits on those.
        let retryable = get(&last.value(), "$retryable").is_object();
        let outcome = match &error_name {
            Some(name) if retryable => ClaimOutcome::Transient(name),
            Some(name) => ClaimOutcome::Failed(name),
            None => ClaimOutcome::Described(status.as_ref()),
        };
        match waiter.next(outcome, now_s(), js_sys::Math::random()) {
            WaiterAction::Success => {
                let result = Object::new();
                set(&result, "state", &JsValue::from_str("SUCCESS"));
                set(&result, "reason", &last.value());
                return Ok(result.into());
            }
            WaiterAction::Failure => {
                let message = status_member(&last.value(), "Message").filter(|m| !m.is_empty());
                let why = match message {
                    Some(message) => format!("FAILED: {message}"),
                    None => "FAILED, with no PhoneNumberStatus.Message".to_owned(),
                };
                let text = format!("The claim of phone number {} {why}", id_of(&input));
                return Err(waiter_error("WaiterFailure", "FAILURE", &text, &last));
            }
            WaiterAction::Error => return Err(last.value()),
            WaiterAction::Timeout => {
                let seen = match &last {
                    Last::Error(error) => get(error, "name")
                        .as_string()
                        .unwrap_or_else(|| "an error".to_owned()),
                    _ => status_member(&last.value(), "Status")
                        .unwrap_or_else(|| "no status".to_owned()),
                };
                let attempts = waiter.attempts();
                let text = format!(
                    "Phone number {} was not CLAIMED within maxWaitTime ({} s): {attempts} {}, the last gave {seen}",
                    id_of(&input),
                    config.max_wait_s,
                    if attempts == 1 { "attempt" } else { "attempts" }
                );
                return Err(waiter_error("TimeoutError", "TIMEOUT", &text, &last));
            }
            WaiterAction::Retry(delay_s) => {
                if abort
                    .sleep((delay_s * 1000.0).min(MAX_TIMER_MS))
                    .await
                    .is_err()
                {
                    return Err(aborted(&last));
                }
            }
        }
    }
}
