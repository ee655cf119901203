//! `signRequest` and `presignUrl`: the signer, exported to JS.

use super::convert::{
    date_millis, describe, get, optional_bool, optional_string, required_string, set,
};
use super::error::validation_error;
use crate::http::HttpRequest;
use crate::sigv4::{
    presign, sign, Credentials, PayloadChecksumKind, PayloadMode, PercentEncodingMode,
    SigningKeyCache, SigningParams, SigningSettings,
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
    } else if let Some(bytes) = body.dyn_ref::<js_sys::Uint8Array>() {
        built = built.with_body(bytes.to_vec());
    } else if !body.is_undefined() && !body.is_null() {
        return Err(format!(
            "request.body must be a string or a Uint8Array, got {}",
            describe(&body)
        ));
    }
    Ok(built)
}

/// Reads `{ accessKeyId, secretAccessKey, sessionToken? }`.
pub(crate) fn read_credentials(value: &JsValue, path: &str) -> Result<Credentials, String> {
    if !value.is_object() {
        return Err(format!(
            "{path} must be an object with accessKeyId and secretAccessKey, got {}",
            describe(value)
        ));
    }
    let access_key_id = required_string(value, "accessKeyId", &format!("{path}.accessKeyId"))?;
    let secret = required_string(value, "secretAccessKey", &format!("{path}.secretAccessKey"))?;
    let token = optional_string(value, "sessionToken", &format!("{path}.sessionToken"))?;
    Ok(Credentials::new(access_key_id, secret, token))
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
    let mut settings = SigningSettings::default();
    if optional_bool(options, "uriEscapePath", "options.uriEscapePath")? == Some(false) {
        settings.percent_encoding_mode = PercentEncodingMode::Single;
    }
    if optional_bool(options, "applyChecksum", "options.applyChecksum")? == Some(true) {
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    if optional_bool(options, "unsignedPayload", "options.unsignedPayload")? == Some(true) {
        settings.payload_mode = PayloadMode::Unsigned;
    }
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

/// The separator of the flat header list and of the flat result; no header holds a NUL.
const SEPARATOR: char = '\0';

/// `signRequest`'s and `presignUrl`'s fast path: the package's JS wrapper passes already
/// type-checked strings, so a signature crosses the boundary once in and once out.
///
/// `headers` is `name\0value\0…`; the result is `url\0name\0value\0…`. Input the wrapper
/// cannot pass this way goes through [`sign_request`], which explains what is wrong.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = __signFlat)]
pub fn sign_flat(
    method: &str,
    url: &str,
    headers: &str,
    body_text: &str,
    body_bytes: Option<Vec<u8>>,
    region: &str,
    service: &str,
    access_key_id: &str,
    secret_access_key: String,
    session_token: String,
    date_ms: f64,
    flags: u32,
    expires_in: f64,
) -> Result<String, JsValue> {
    let invalid = |message: String| validation_error(&message);
    let mut request = HttpRequest::new(method, url).map_err(|e| invalid(e.to_string()))?;
    let mut fields = headers.split(SEPARATOR);
    while let (Some(name), Some(value)) = (fields.next(), fields.next()) {
        request
            .push_header(name, value)
            .map_err(|e| invalid(e.to_string()))?;
    }
    let body = body_bytes.unwrap_or_else(|| body_text.as_bytes().to_vec());
    let request = request.with_body(body);
    // Owned strings move into `Secret`s without a copy, so these buffers are wiped on drop
    // (the signed headers and canonical request still hold the token: best effort).
    let token = (!session_token.is_empty()).then_some(session_token);
    let credentials = Credentials::new(access_key_id, secret_access_key, token);
    let millis = if flags & FLAG_HAS_DATE != 0 {
        date_ms
    } else {
        js_sys::Date::now()
    };
    let mut settings = SigningSettings::default();
    if flags & FLAG_SINGLE_ENCODE != 0 {
        settings.percent_encoding_mode = PercentEncodingMode::Single;
    }
    if flags & FLAG_APPLY_CHECKSUM != 0 {
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    if flags & FLAG_UNSIGNED_PAYLOAD != 0 {
        settings.payload_mode = PayloadMode::Unsigned;
    }
    if !millis.is_finite() {
        return Err(invalid("options.signingDate is an invalid Date".to_owned()));
    }
    let params = SigningParams::new(
        &credentials,
        region,
        service,
        (millis / 1000.0).floor() as i64,
        settings,
    );
    if flags & FLAG_PRESIGN != 0 {
        return KEY_CACHE
            .with(|cache| {
                presign(
                    &request,
                    &params,
                    expires_in as i64,
                    &mut cache.borrow_mut(),
                )
            })
            .map(|url| url.to_string())
            .map_err(|e| invalid(e.to_string()));
    }
    let signed = KEY_CACHE
        .with(|cache| sign(&request, &params, &mut cache.borrow_mut()))
        .map_err(|e| invalid(e.to_string()))?;
    let url = request.url().to_string();
    let mut out = String::with_capacity(url.len() + 512);
    out.push_str(&url);
    for (name, value) in &signed.headers {
        out.push(SEPARATOR);
        out.push_str(name);
        out.push(SEPARATOR);
        out.push_str(value);
    }
    Ok(out)
}

/// Drops (and wipes) every signing key and secret cached by `signRequest` and `presignUrl`,
/// for a process that signs for many callers and wants none kept.
#[wasm_bindgen(js_name = clearSigningKeyCache)]
pub fn clear_signing_key_cache() {
    KEY_CACHE.with(|cache| cache.borrow_mut().clear());
}
