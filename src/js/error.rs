//! Turning errors into JS `Error`s named as the AWS SDK for JavaScript names them.

use super::convert::set;
use crate::connect::ConnectError;
use wasm_bindgen::JsValue;

/// A JS `Error` with `name`, `message`, `$fault` and, when given, `$metadata`.
pub(crate) fn js_error(
    name: &str,
    message: &str,
    fault: &str,
    metadata: Option<&JsValue>,
) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    let value: JsValue = error.into();
    set(&value, "$fault", &JsValue::from_str(fault));
    if let Some(metadata) = metadata {
        set(&value, "$metadata", metadata);
    }
    value
}

/// A `ValidationError` (thrown by the signer; the client rejects with [`connect_error`]).
#[cfg(feature = "signer")]
pub(crate) fn validation_error(message: &str) -> JsValue {
    js_error("ValidationError", message, "client", None)
}

/// The JS error for a call that failed before anything was sent (`$metadata` of no attempt).
pub(crate) fn unsent_error(error: &ConnectError) -> JsValue {
    let metadata =
        super::connect_client::metadata_to_js(&super::client::ResponseMetadata::default());
    connect_error(error, &metadata, None)
}

/// The JS error for a failed call, with `$retryable` for retryable errors.
pub(crate) fn connect_error(
    error: &ConnectError,
    metadata: &JsValue,
    cause: Option<&JsValue>,
) -> JsValue {
    let value = js_error(
        error.name(),
        error.message(),
        error.fault().as_str(),
        Some(metadata),
    );
    let kind = crate::retry::classify(error);
    if kind != crate::retry::RetryKind::No {
        let retryable = js_sys::Object::new();
        set(
            &retryable,
            "throttling",
            &JsValue::from_bool(kind == crate::retry::RetryKind::Throttling),
        );
        set(&value, "$retryable", &retryable);
    }
    if let Some(cause) = cause {
        // A JS error behind ours (a fetch rejection, a provider's exception) keeps its identity.
        set(&value, "cause", cause);
    }
    if let ConnectError::Unknown { status, .. } | ConnectError::ResponseParse { status, .. } = error
    {
        set(&value, "statusCode", &JsValue::from(*status));
    }
    value
}
