//! `signRequest` and `presignUrl`: the signer, exported to JS.

use super::convert::{
    date_millis, describe, get, optional_bool, optional_string, required_string, set,
};
use super::credential_function::read_credentials;
use super::error::validation_error;
use crate::http::HttpRequest;
use crate::sigv4::{
    presign, sign, sign_wire_form_with, Credentials, PayloadChecksumKind, PayloadMode,
    PercentEncodingMode, SigningKeyCache, SigningParams, SigningSettings, MAX_WIRE_HEADERS,
};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    /// Signing keys derived by `signRequest` and `presignUrl`, shared by all their calls.
    static KEY_CACHE: RefCell<SigningKeyCache> = RefCell::new(SigningKeyCache::default());
}

/// Everything `signRequest` takes, read from JS once.
struct SignInput {
    request: HttpRequest,
    region: String,
    service: String,
    credentials: Credentials,
    time: i64,
    settings: SigningSettings,
}

impl SignInput {
    fn params(&self) -> SigningParams<'_> {
        SigningParams::new(
            &self.credentials,
            &self.region,
            &self.service,
            self.time,
            self.settings,
        )
    }
}

fn read_request(request: &JsValue) -> Result<HttpRequest, String> {
    if !request.is_object() {
        return Err(format!(
            "request must be an object, got {}",
            describe(request)
        ));
    }
    let method =
        optional_string(request, "method", "request.method")?.unwrap_or_else(|| "GET".to_owned());
    let url = required_string(request, "url", "request.url")?;
    let mut built = HttpRequest::new(&method, &url).map_err(|e| e.to_string())?;
    let headers = get(request, "headers");
    if !headers.is_undefined() && !headers.is_null() {
        if !headers.is_object() {
            return Err(format!(
                "request.headers must be an object, got {}",
                describe(&headers)
            ));
        }
        let entries = super::bindings::object_entries(&headers).map_err(|_| {
            "request.headers could not be read (a getter or a Proxy threw)".to_owned()
        })?;
        for entry in entries.iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            let name = pair.get(0).as_string().unwrap_or_default();
            let value = pair.get(1);
            let value = value.as_string().ok_or_else(|| {
                format!(
                    "request.headers[{}] must be a string, got {}",
                    crate::http::quoted(&name),
                    describe(&value)
                )
            })?;
            built
                .push_header(&name, &value)
                .map_err(|e| e.to_string())?;
        }
    }
    let body = get(request, "body");
    if let Some(text) = body.as_string() {
        built = built.with_body(text.into_bytes());
    } else if body.dyn_ref::<js_sys::Uint8Array>().is_some() {
        // Copied first: a Proxy around a Uint8Array passes `instanceof`, and reading its
        // bytes directly would throw through WASM.
        let bytes = super::bindings::BytesCopy::new(&body).map_err(|_| {
            "request.body could not be read (a Uint8Array behind a Proxy?)".to_owned()
        })?;
        built = built.with_body(bytes.to_vec());
    } else if !body.is_undefined() && !body.is_null() {
        return Err(format!(
            "request.body must be a string or a Uint8Array, got {}",
            describe(&body)
        ));
    }
    Ok(built)
}

/// The settings `uriEscapePath: false`, `applyChecksum: true` and `unsignedPayload: true`
/// ask for.
fn settings(single_encode: bool, apply_checksum: bool, unsigned_payload: bool) -> SigningSettings {
    let mut settings = SigningSettings::default();
    if single_encode {
        settings.percent_encoding_mode = PercentEncodingMode::Single;
    }
    if apply_checksum {
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    if unsigned_payload {
        settings.payload_mode = PayloadMode::Unsigned;
    }
    settings
}

fn read_input(request: &JsValue, options: &JsValue) -> Result<SignInput, String> {
    let request = read_request(request)?;
    if !options.is_object() {
        return Err(format!(
            "options must be an object, got {}",
            describe(options)
        ));
    }
    let region = required_string(options, "region", "options.region")?;
    let service = required_string(options, "service", "options.service")?;
    let credentials = read_credentials(&get(options, "credentials"), "options.credentials")?;
    let date = get(options, "signingDate");
    let millis = if date.is_undefined() || date.is_null() {
        js_sys::Date::now()
    } else {
        date_millis(&date, "options.signingDate")?
    };
    let settings = settings(
        optional_bool(options, "uriEscapePath", "options.uriEscapePath")? == Some(false),
        optional_bool(options, "applyChecksum", "options.applyChecksum")? == Some(true),
        optional_bool(options, "unsignedPayload", "options.unsignedPayload")? == Some(true),
    );
    Ok(SignInput {
        request,
        region,
        service,
        credentials,
        time: (millis / 1000.0).floor() as i64,
        settings,
    })
}

/// Signs a request (see the package README): returns `{ method, url, headers }` with
/// lower-case header names, ready for `fetch`.
#[wasm_bindgen(js_name = signRequest)]
pub fn sign_request(request: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let input = read_input(&request, &options).map_err(|m| validation_error(&m))?;
    let params = input.params();
    let signed = KEY_CACHE
        .with(|cache| sign(&input.request, &params, &mut cache.borrow_mut()))
        .map_err(|e| validation_error(&e.to_string()))?;
    let headers = js_sys::Object::new();
    for (name, value) in &signed.headers {
        set(&headers, name, &JsValue::from_str(value));
    }
    let out = js_sys::Object::new();
    set(&out, "method", &JsValue::from_str(input.request.method()));
    set(
        &out,
        "url",
        &JsValue::from_str(&input.request.url().to_string()),
    );
    set(&out, "headers", &headers);
    Ok(out.into())
}

/// Presigns a request: returns the URL with the signature in its query string.
#[wasm_bindgen(js_name = presignUrl)]
pub fn presign_url(request: JsValue, options: JsValue) -> Result<String, JsValue> {
    let input = read_input(&request, &options).map_err(|m| validation_error(&m))?;
    let expires = get(&options, "expiresIn");
    let expires_in = match expires.as_f64() {
        Some(n) if n.fract() == 0.0 && n.is_finite() => n as i64,
        _ => {
            return Err(validation_error(&format!(
                "options.expiresIn must be a whole number of seconds from 1 to 604800, got {}",
                describe(&expires)
            )))
        }
    };
    let params = input.params();
    KEY_CACHE
        .with(|cache| presign(&input.request, &params, expires_in, &mut cache.borrow_mut()))
        .map(|url| url.to_string())
        .map_err(|e| validation_error(&e.to_string()))
}

/// Flags of [`sign_flat`], one bit per boolean option.
const FLAG_SINGLE_ENCODE: u32 = 1;
const FLAG_APPLY_CHECKSUM: u32 = 2;
const FLAG_UNSIGNED_PAYLOAD: u32 = 4;
const FLAG_HAS_DATE: u32 = 8;
const FLAG_PRESIGN: u32 = 16;
/// The region, service and credentials are those of the previous call, not passed again.
const FLAG_SAME_CONTEXT: u32 = 32;

/// The separator of the flat header list and of the flat result; no header holds a NUL.
const SEPARATOR: char = '\0';

/// The region, service and credentials [`sign_flat`] was last given. A caller signs with the
/// same ones call after call, and passing them is a third of a signature's boundary cost.
struct SigningContext {
    /// The number the wrapper gave them; a call that names another number gets `''`.
    id: u32,
    region: String,
    service: String,
    credentials: Credentials,
}

thread_local! {
    /// The context of the last [`sign_flat`] call; cleared with the key cache.
    static CONTEXT: RefCell<Option<SigningContext>> = const { RefCell::new(None) };
}

/// `signRequest`'s and `presignUrl`'s fast path: the package's JS wrapper passes already
/// type-checked strings, so a signature crosses the boundary once in and once out.
///
/// Absent strings are `undefined`: a missing method is `GET`, missing headers and body are
/// empty. `headers` is `name\0value\0…`; the result is `url\0name\0value\0…`, with an empty `url`
/// when it is the one given.
///
/// Without `FLAG_SAME_CONTEXT` the region, service and credentials are kept under
/// `context_id`. With it they are ignored and the kept ones are used, if they are kept under
/// `context_id`; otherwise (after [`clear_signing_key_cache`], or when another call has
/// replaced them) the result is empty and the wrapper passes them again.
/// Input the wrapper cannot pass this way goes through [`sign_request`], which explains what
/// is wrong.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = __signFlat)]
pub fn sign_flat(
    method: Option<String>,
    url: &str,
    headers: Option<String>,
    body_text: Option<String>,
    body_bytes: Option<Vec<u8>>,
    region: Option<String>,
    service: Option<String>,
    access_key_id: Option<String>,
    secret_access_key: Option<String>,
    session_token: Option<String>,
    date_ms: f64,
    flags: u32,
    expires_in: f64,
    context_id: u32,
) -> Result<String, JsValue> {
    // The clock is read before anything is borrowed: `Date.now` is JS, and could call back.
    let millis = if flags & FLAG_HAS_DATE != 0 {
        date_ms
    } else {
        js_sys::Date::now()
    };
    CONTEXT.with(|context| {
        let Ok(mut context) = context.try_borrow_mut() else {
            return Err(validation_error(
                "signRequest and presignUrl cannot be called while one of them is running",
            ));
        };
        if flags & FLAG_SAME_CONTEXT == 0 {
            // Owned strings move into `Secret`s without a copy, so these buffers are wiped
            // on drop (the signed headers and canonical request still hold the token: best
            // effort).
            *context = Some(SigningContext {
                id: context_id,
                region: region.unwrap_or_default(),
                service: service.unwrap_or_default(),
                credentials: Credentials::new(
                    access_key_id.unwrap_or_default(),
                    secret_access_key.unwrap_or_default(),
                    session_token,
                ),
            });
        }
        let Some(context) = context.as_ref().filter(|c| c.id == context_id) else {
            return Ok(String::new());
        };
        let call = FlatCall {
            method: method.as_deref().unwrap_or("GET"),
            url,
            headers: headers.as_deref().unwrap_or_default(),
            body: body_bytes
                .unwrap_or_else(|| body_text.map(String::into_bytes).unwrap_or_default()),
            millis,
            flags,
            expires_in,
        };
        sign_flat_in(call, context).map_err(|message| validation_error(&message))
    })
}

/// The per-request arguments of [`sign_flat`].
struct FlatCall<'a> {
    method: &'a str,
    url: &'a str,
    headers: &'a str,
    body: Vec<u8>,
    millis: f64,
    flags: u32,
    expires_in: f64,
}

fn sign_flat_in(call: FlatCall<'_>, context: &SigningContext) -> Result<String, String> {
    let flags = call.flags;
    let millis = call.millis;
    let settings = settings(
        flags & FLAG_SINGLE_ENCODE != 0,
        flags & FLAG_APPLY_CHECKSUM != 0,
        flags & FLAG_UNSIGNED_PAYLOAD != 0,
    );
    let params = SigningParams::new(
        &context.credentials,
        &context.region,
        &context.service,
        (millis / 1000.0).floor() as i64,
        settings,
    );
    // The common case, a URL already in wire form and at most a few plain headers of the
    // caller's, is signed without building the request; anything else, errors included,
    // takes the full path.
    if flags & FLAG_PRESIGN == 0 && millis.is_finite() {
        if let Some((pairs, count)) = flat_pairs(call.headers) {
            let given = pairs.get(..count).unwrap_or_default();
            let fast = KEY_CACHE.with(|cache| {
                sign_wire_form_with(
                    call.method,
                    call.url,
                    &call.body,
                    given,
                    &params,
                    &mut cache.borrow_mut(),
                )
                .map(|signed| {
                    let added = signed.headers().map(|(n, v)| -> (&str, &str) { (n, v) });
                    flat_result("", given.iter().copied().chain(added))
                })
            });
            if let Some(out) = fast {
                return Ok(out);
            }
        }
    }
    let mut request = HttpRequest::new(call.method, call.url).map_err(|e| e.to_string())?;
    let mut fields = call.headers.split(SEPARATOR);
    while let (Some(name), Some(value)) = (fields.next(), fields.next()) {
        request
            .push_header(name, value)
            .map_err(|e| e.to_string())?;
    }
    let request = request.with_body(call.body);
    if !millis.is_finite() {
        return Err("options.signingDate is an invalid Date".to_owned());
    }
    if flags & FLAG_PRESIGN != 0 {
        return KEY_CACHE
            .with(|cache| {
                presign(
                    &request,
                    &params,
                    call.expires_in as i64,
                    &mut cache.borrow_mut(),
                )
            })
            .map(|url| url.to_string())
            .map_err(|e| e.to_string());
    }
    let signed = KEY_CACHE
        .with(|cache| sign(&request, &params, &mut cache.borrow_mut()))
        .map_err(|e| e.to_string())?;
    Ok(flat_result(
        &request.url().to_string(),
        signed.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
    ))
}

/// The caller's headers, `name\0value\0…`, as pairs on the stack; `None` when there are more
/// than the wire-form signer takes.
fn flat_pairs(headers: &str) -> Option<([(&str, &str); MAX_WIRE_HEADERS], usize)> {
    let mut pairs = [("", ""); MAX_WIRE_HEADERS];
    let mut count = 0;
    if headers.is_empty() {
        return Some((pairs, 0));
    }
    let mut fields = headers.split(SEPARATOR);
    while let Some(name) = fields.next() {
        let slot = pairs.get_mut(count)?;
        *slot = (name, fields.next()?);
        count += 1;
    }
    Some((pairs, count))
}

/// `url\0name\0value\0…`, what [`sign_flat`] returns.
fn flat_result<'a, 'b>(url: &str, headers: impl Iterator<Item = (&'a str, &'b str)>) -> String {
    let mut out = String::with_capacity(url.len() + 512);
    out.push_str(url);
    for (name, value) in headers {
        out.push(SEPARATOR);
        out.push_str(name);
        out.push(SEPARATOR);
        out.push_str(value);
    }
    out
}

/// Drops (and wipes) every signing key and secret cached by `signRequest` and `presignUrl`,
/// for a process that signs for many callers and wants none kept.
#[wasm_bindgen(js_name = clearSigningKeyCache)]
pub fn clear_signing_key_cache() {
    KEY_CACHE.with(|cache| cache.borrow_mut().clear());
    CONTEXT.with(|context| context.borrow_mut().take());
}
