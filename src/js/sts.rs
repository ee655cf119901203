//! The STS calls of the Node credential chain, as three plain functions: the JS side reads
//! the profile, sends what these build with `fetch` and hands the answer back.
//!
//! - `__stsAssumeRole(input)`: `AssumeRole`, signed by the source credentials;
//! - `__stsWebIdentity(input)`: `AssumeRoleWithWebIdentity`, unsigned;
//! - `__stsParse(action, status, requestId, body)`: the credentials, or a thrown AWS error.

use super::client::ResponseMetadata;
use super::connect_client::metadata_to_js;
use super::convert::{get, optional_number, optional_string, required_string, set};
use super::credential_function::read_credentials;
use super::error::{connect_error, unsent_error};
use crate::connect::{ConnectError, HttpResponse};
use crate::sigv4::{Secret, SigningKeyCache};
use crate::sts::{
    parse_credentials, sign_assume_role, sts_endpoint, web_identity_request, AssumeRoleInput,
    StsRequest, WebIdentityInput,
};
use wasm_bindgen::prelude::*;

fn validation(message: impl Into<String>) -> JsValue {
    unsent_error(&ConnectError::validation(message))
}

fn duration(input: &JsValue) -> Result<Option<u32>, JsValue> {
    match optional_number(input, "durationSeconds", "durationSeconds").map_err(validation)? {
        None => Ok(None),
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => {
            Ok(Some(n as u32))
        }
        Some(n) => Err(validation(format!(
            "durationSeconds must be a whole number of seconds, got {n}"
        ))),
    }
}

fn endpoint(input: &JsValue) -> Result<String, JsValue> {
    let region = required_string(input, "region", "region").map_err(validation)?;
    let custom = optional_string(input, "endpoint", "endpoint").map_err(validation)?;
    sts_endpoint(&region, custom.as_deref()).map_err(|e| unsent_error(&e))
}

fn request_to_js(request: &StsRequest) -> JsValue {
    let out = js_sys::Object::new();
    set(&out, "url", &JsValue::from_str(&request.url));
    let headers = js_sys::Object::new();
    for (name, value) in &request.headers {
        set(&headers, name, &JsValue::from_str(value));
    }
    set(&out, "headers", &headers);
    set(&out, "body", &JsValue::from_str(&request.body));
    out.into()
}

/// `AssumeRole` as `{ url, headers, body }`, signed with `credentials` at `now` (ms).
#[wasm_bindgen(js_name = "__stsAssumeRole")]
pub fn sts_assume_role(input: JsValue) -> Result<JsValue, JsValue> {
    let url = endpoint(&input)?;
    let region = required_string(&input, "region", "region").map_err(validation)?;
    let credentials = read_credentials(&get(&input, "credentials"), "the source credentials")
        .map_err(|m| unsent_error(&ConnectError::Credentials(m)))?;
    let now_ms = optional_number(&input, "now", "now")
        .map_err(validation)?
        .ok_or_else(|| validation("now is required"))?;
    let role = AssumeRoleInput {
        role_arn: required_string(&input, "roleArn", "role_arn").map_err(validation)?,
        role_session_name: required_string(&input, "roleSessionName", "role_session_name")
            .map_err(validation)?,
        external_id: optional_string(&input, "externalId", "external_id").map_err(validation)?,
        duration_seconds: duration(&input)?,
    };
    let now_s = (now_ms / 1000.0).floor() as i64;
    let request = sign_assume_role(
        &role,
        &credentials,
        &region,
        &url,
        now_s,
        &mut SigningKeyCache::default(),
    )
    .map_err(|e| unsent_error(&e))?;
    Ok(request_to_js(&request))
}

/// `AssumeRoleWithWebIdentity` as `{ url, headers, body }`.
#[wasm_bindgen(js_name = "__stsWebIdentity")]
pub fn sts_web_identity(input: JsValue) -> Result<JsValue, JsValue> {
    let url = endpoint(&input)?;
    let token = required_string(&input, "webIdentityToken", "the web identity token")
        .map_err(|m| unsent_error(&ConnectError::Credentials(m)))?;
    let role = WebIdentityInput {
        role_arn: required_string(&input, "roleArn", "role_arn").map_err(validation)?,
        role_session_name: required_string(&input, "roleSessionName", "role_session_name")
            .map_err(validation)?,
        web_identity_token: Secret::new(token),
        duration_seconds: duration(&input)?,
    };
    let request = web_identity_request(&role, &url).map_err(|e| unsent_error(&e))?;
    Ok(request_to_js(&request))
}

/// Parses an STS answer: `{ accessKeyId, secretAccessKey, sessionToken, expiration: Date,
/// assumedRoleArn? }`, or throws the AWS error (`name` is STS's code) with `$metadata`.
#[wasm_bindgen(js_name = "__stsParse")]
pub fn sts_parse(
    action: &str,
    status: u16,
    request_id: Option<String>,
    body: &str,
) -> Result<JsValue, JsValue> {
    let response = HttpResponse {
        status,
        request_id,
        body: body.as_bytes().to_vec(),
        ..Default::default()
    };
    let metadata = |request_id: Option<&str>| {
        metadata_to_js(&ResponseMetadata {
            http_status_code: Some(status),
            request_id: request_id.map(str::to_owned),
            attempts: 1,
            total_retry_delay_ms: 0.0,
        })
    };
    match parse_credentials(&response, action) {
        Ok(done) => {
            let out = js_sys::Object::new();
            let credentials = &done.credentials;
            set(
                &out,
                "accessKeyId",
                &JsValue::from_str(credentials.access_key_id()),
            );
            set(
                &out,
                "secretAccessKey",
                &JsValue::from_str(credentials.secret_access_key().expose()),
            );
            if let Some(token) = credentials.session_token() {
                set(&out, "sessionToken", &JsValue::from_str(token.expose()));
            }
            set(
                &out,
                "expiration",
                &js_sys::Date::new(&JsValue::from_f64(done.expiration_ms as f64)).into(),
            );
            if let Some(arn) = &done.assumed_role_arn {
                set(&out, "assumedRoleArn", &JsValue::from_str(arn));
            }
            set(&out, "$metadata", &metadata(done.request_id.as_deref()));
            Ok(out.into())
        }
        Err(error) => Err(connect_error(&error, &metadata(error.request_id()), None)),
    }
}
