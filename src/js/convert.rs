//! Reading and writing plain JS object properties, and Rust values to JS with
//! `serde-wasm-bindgen`.

use js_sys::Reflect;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

/// A Rust value as a JS value: structs and maps as plain objects (so `Tags` is a
/// `Record<string, string>`), `None` as `undefined`.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    // Every value serialized here is strings, numbers and objects of them, which cannot
    // fail; an empty object stands in rather than a panic.
    value
        .serialize(&serializer)
        .unwrap_or_else(|_| js_sys::Object::new().into())
}

pub(crate) use super::bindings::get;

/// Sets a property; setting on a fresh plain object cannot fail.
pub(crate) fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// What a value is, for error messages: `a number`, `null`, ….
pub(crate) fn describe(value: &JsValue) -> &'static str {
    if value.is_undefined() {
        "undefined"
    } else if value.is_null() {
        "null"
    } else if value.as_string().is_some() {
        "a string"
    } else if value.as_f64().is_some() {
        "a number"
    } else if value.as_bool().is_some() {
        "a boolean"
    } else if value.is_function() {
        "a function"
    } else if value.is_symbol() {
        "a symbol"
    } else if value.is_bigint() {
        "a bigint"
    } else if super::bindings::is_array(value).unwrap_or(false) {
        "an array"
    } else {
        "an object"
    }
}

/// An optional property read by `read`: `Ok(None)` when absent or `null`, an error message
/// naming `what` it must be when `read` refuses it.
fn optional<T>(
    target: &JsValue,
    key: &str,
    path: &str,
    what: &str,
    read: impl FnOnce(&JsValue) -> Option<T>,
) -> Result<Option<T>, String> {
    let value = get(target, key);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    read(&value)
        .map(Some)
        .ok_or_else(|| format!("{path} must be {what}, got {}", describe(&value)))
}

/// An optional string property: `Ok(None)` when absent, an error message when not a string.
pub(crate) fn optional_string(
    target: &JsValue,
    key: &str,
    path: &str,
) -> Result<Option<String>, String> {
    optional(target, key, path, "a string", JsValue::as_string)
}

/// A required, non-empty string property.
pub(crate) fn required_string(target: &JsValue, key: &str, path: &str) -> Result<String, String> {
    match optional_string(target, key, path)? {
        Some(text) if !text.is_empty() => Ok(text),
        _ => Err(format!("{path} is required")),
    }
}

/// An optional boolean property.
pub(crate) fn optional_bool(
    target: &JsValue,
    key: &str,
    path: &str,
) -> Result<Option<bool>, String> {
    optional(target, key, path, "a boolean", JsValue::as_bool)
}

/// An optional finite number property.
pub(crate) fn optional_number(
    target: &JsValue,
    key: &str,
    path: &str,
) -> Result<Option<f64>, String> {
    optional(target, key, path, "a finite number", |value| {
        value.as_f64().filter(|n| n.is_finite())
    })
}

/// Milliseconds since the epoch of a `Date`, or an error message for anything else.
pub(crate) fn date_millis(value: &JsValue, path: &str) -> Result<f64, String> {
    // The intrinsic Date.prototype.getTime, not a `getTime` the object may carry.
    let millis = value
        .dyn_ref::<js_sys::Date>()
        .map(|d| super::bindings::date_time_value(d).unwrap_or(f64::NAN));
    match millis {
        Some(ms) if ms.is_finite() => Ok(ms),
        Some(_) => Err(format!("{path} is an invalid Date")),
        None => Err(format!("{path} must be a Date, got {}", describe(value))),
    }
}
