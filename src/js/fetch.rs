//! One HTTP attempt through `fetch`: send, time out or abort, and read a bounded body.

use super::bindings::{get, FetchResponse, StreamReader};
use super::cancel::{as_promise, CallAbort};
use crate::connect::{ConnectError, HttpResponse, MAX_RESPONSE_BYTES};
use js_sys::{Function, Promise, Uint8Array};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::cell::Cell;
use wasm_bindgen::{JsCast, JsValue};

/// What came back from one attempt: the parsed-enough response and its `Date` header.
#[derive(Debug)]
pub(crate) struct Received {
    pub(crate) response: HttpResponse,
    pub(crate) date: Option<String>,
}

/// The message of a JS error, with its `cause` (where Node puts the socket error).
fn error_message(error: &JsValue) -> String {
    let message = get(error, "message")
        .as_string()
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_owned());
    let cause = get(&get(error, "cause"), "message")
        .as_string()
        .or_else(|| get(&get(error, "cause"), "code").as_string());
    match cause {
        Some(cause) if !cause.is_empty() && !message.contains(cause.as_str()) => {
            format!("{message}: {cause}")
        }
        _ => message,
    }
}

/// Request headers as a plain object (`fetch` takes a record of them).
struct HeaderRecord<'a>(&'a [(String, String)]);

impl Serialize for HeaderRecord<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// Lets a promise we do not wait for (a stream's `cancel()`) reject without an unhandled
/// rejection: `Promise.allSettled` handles it.
fn settle_quietly(pending: &JsValue) {
    let _ = Promise::all_settled(&js_sys::Array::of1(&as_promise(pending)));
}

/// The `fetch` to call: the injected one, else the global one, looked up at call time.
fn resolve_fetch(injected: Option<&Function>) -> Result<Function, ConnectError> {
    if let Some(fetch) = injected {
        return Ok(fetch.clone());
    }
    get(&js_sys::global(), "fetch")
        .dyn_into::<Function>()
        .map_err(|_| {
            ConnectError::Network(
                "no fetch function: this runtime has no global fetch; pass one as the fetch option"
                    .to_owned(),
            )
        })
}

/// Sends `method url` with `headers` (and `body`) and reads the response.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn send(
    injected: Option<&Function>,
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: Option<&str>,
    abort: &CallAbort,
    timeout_ms: f64,
    cause: &Cell<Option<JsValue>>,
) -> Result<Received, ConnectError> {
    let network = |error: &JsValue, context: &str| {
        cause.set(Some(error.clone()));
        ConnectError::Network(format!("{context}{}", error_message(error)))
    };
    let fetch = resolve_fetch(injected)?;
    // Only an attempt that can be cancelled needs its own controller (costly to make in Node).
    let controller = if timeout_ms > 0.0 || abort.can_abort() {
        web_sys::AbortController::new().ok()
    } else {
        None
    };
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    // The headers cross into JS as one JSON text (one string and one JSON.parse), not a
    // string and a property set per header: this runs on every attempt.
    let record = serde_json::to_string(&HeaderRecord(headers))
        .ok()
        .and_then(|json| js_sys::JSON::parse(&json).ok())
        // Strings always serialize and parse; an empty record stands in rather than a panic.
        .unwrap_or_else(|| js_sys::Object::new().into());
    init.set_headers(&record);
    if let Some(controller) = &controller {
        init.set_signal(Some(&controller.signal()));
    }
    let abort_attempt = || {
        if let Some(controller) = &controller {
            controller.abort();
        }
    };
    let started = js_sys::Date::now();
    let remaining = || {
        if timeout_ms > 0.0 {
            (timeout_ms - (js_sys::Date::now() - started)).max(1.0)
        } else {
            0.0
        }
    };

    // One step of the attempt (the response, then pieces of its body): a cancel aborts the
    // attempt, a rejection is a network failure.
    let step = async |pending: Promise, context: &str| match abort.race(pending, remaining()).await
    {
        Err(reason) => {
            abort_attempt();
            Err(reason.into_error(timeout_ms))
        }
        Ok(Err(error)) => Err(network(&error, context)),
        Ok(Ok(value)) => Ok(value),
    };
    const READING: &str = "the connection failed while reading the response: ";

    let url = JsValue::from_str(url);
    let pending = fetch
        .call2(&js_sys::global(), &url, &init)
        .map_err(|e| network(&e, ""))?;
    // `race` turns whatever fetch returned into a promise (see `as_promise`).
    let response = step(pending.unchecked_into(), "").await?;
    if !response.is_object() {
        return Err(ConnectError::Network(
            "fetch resolved to something that is not a Response".to_owned(),
        ));
    }
    let response: FetchResponse = response.unchecked_into();
    // A real Response has a whole-number status (200 to 599 from fetch); anything outside
    // 100 to 599 came from a fetch stand-in that did not return a Response.
    let status = response
        .status()
        .ok()
        .and_then(|s| s.as_f64())
        .filter(|s| (100.0..=599.0).contains(s) && s.fract() == 0.0)
        .ok_or_else(|| {
            ConnectError::Network(
                "fetch resolved to something that is not a Response (no HTTP status)".to_owned(),
            )
        })? as u16;
    // Only a real `Headers` is read (its `get` is caught if it throws); a stand-in's
    // anything-else has no headers.
    let headers = response
        .headers()
        .ok()
        .and_then(|h| h.dyn_into::<web_sys::Headers>().ok());
    let header = |name: &str| headers.as_ref()?.get(name).ok().flatten();
    // The error type and the date (for clock skew) matter on errors only: each read is a
    // call into JS.
    let failed = !(200..300).contains(&status);
    let mut received = HttpResponse {
        status,
        request_id: header("x-amzn-requestid").or_else(|| header("x-amz-request-id")),
        error_type: if failed {
            header("x-amzn-errortype")
        } else {
            None
        },
        content_type: header("content-type"),
        body: Vec::new(),
    };
    let date = if failed { header("date") } else { None };
    let too_big = |status| ConnectError::ResponseParse {
        message: format!(
            "the response body is larger than {MAX_RESPONSE_BYTES} bytes; refusing to read it"
        ),
        status,
        request_id: received.request_id.clone(),
    };
    let declared = header("content-length").and_then(|l| l.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_RESPONSE_BYTES as u64) {
        abort_attempt();
        // Without a controller (nothing could cancel this attempt) the unread body would
        // hold the connection: cancel the stream instead.
        if let Ok(body) = response.body() {
            if let Some(cancel) = get(&body, "cancel").dyn_ref::<Function>() {
                if let Ok(pending) = cancel.call0(&body) {
                    settle_quietly(&pending);
                }
            }
        }
        return Err(too_big(received.status));
    }
    // A body of known, allowed length is read in one step; one of unknown length is
    // streamed, so an endless or huge body is refused without being buffered.
    if declared.is_some() {
        let pending = response.array_buffer().map_err(|e| network(&e, ""))?;
        let buffer = step(pending, READING).await?;
        let Some(buffer) = buffer.dyn_ref::<js_sys::ArrayBuffer>() else {
            return Err(ConnectError::Network(
                "the response's arrayBuffer() gave something that is not an ArrayBuffer".to_owned(),
            ));
        };
        let bytes = js_sys::Uint8Array::new(buffer);
        if bytes.length() as usize > MAX_RESPONSE_BYTES {
            return Err(too_big(received.status));
        }
        received.body = bytes.to_vec();
        return Ok(Received {
            response: received,
            date,
        });
    }
    let body = response.body().unwrap_or(JsValue::UNDEFINED);
    if body.is_object() {
        let reader: StreamReader =
            match js_sys::Reflect::get(&body, &JsValue::from_str("getReader"))
                .ok()
                .and_then(|f| f.dyn_into::<Function>().ok())
                .map(|f| f.call0(&body))
            {
                Some(Ok(reader)) => reader.unchecked_into(),
                _ => {
                    return Err(ConnectError::Network(
                        "the response body cannot be read".to_owned(),
                    ))
                }
            };
        loop {
            let next = reader.read().map_err(|e| network(&e, ""))?;
            let chunk = step(next, READING).await?;
            if get(&chunk, "done").as_bool() == Some(true) {
                break;
            }
            let Ok(bytes) = get(&chunk, "value").dyn_into::<Uint8Array>() else {
                return Err(ConnectError::Network(
                    "the response stream gave a chunk that is not bytes".to_owned(),
                ));
            };
            if received.body.len().saturating_add(bytes.length() as usize) > MAX_RESPONSE_BYTES {
                if let Ok(pending) = reader.cancel() {
                    settle_quietly(&pending);
                }
                abort_attempt();
                return Err(too_big(received.status));
            }
            let start = received.body.len();
            received.body.resize(start + bytes.length() as usize, 0);
            if let Some(slot) = received.body.get_mut(start..) {
                bytes.copy_to(slot);
            }
        }
    } else if !(body.is_null() || body.is_undefined()) {
        return Err(ConnectError::Network(
            "the response body is not a stream".to_owned(),
        ));
    }
    Ok(Received {
        response: received,
        date,
    })
}
