//! The STS calls of the Node credential chain, as three plain functions over the pure
//! [`crate::sts`]: the JS side reads the profile, sends what these build with `fetch`, and
//! hands the answer back.
//!
//! - `__stsAssumeRole(…)`: `AssumeRole`, signed by the source credentials;
//! - `__stsWebIdentity(…)`: `AssumeRoleWithWebIdentity`, unsigned;
//! - `__stsParse(action, status, requestId, body)`: the credentials, or a thrown AWS error.
//!
//! They need only the `sts-exports` feature: the npm package builds them into a small .wasm of their
//! own, which only `connect-phone-wasm/credentials` loads (in Node, when a role is assumed), so
//! no browser bundle carries the XML reader. Arguments are plain values, so nothing here reads
//! JS objects.

// Without `js-exports` these are reached from JS only, not through the `exports` module.
#![cfg_attr(not(feature = "js-exports"), allow(unreachable_pub))]

use crate::connect::{ConnectError, HttpResponse};
use crate::retry::{classify, RetryKind};
use crate::sigv4::{Credentials, Secret, SigningKeyCache};
use crate::sts::{
    parse_credentials, sign_assume_role, sts_endpoint, web_identity_request, AssumeRoleInput,
    StsRequest, WebIdentityInput,
};
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a property of a fresh plain object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// A JS `Error` named as the AWS SDK names it, with `$fault`, `$metadata` and `$retryable`.
fn aws_error(error: &ConnectError, status: Option<u16>) -> JsValue {
    let value: JsValue = {
        let e = js_sys::Error::new(error.message());
        e.set_name(error.name());
        e.into()
    };
    set(&value, "$fault", &JsValue::from_str(error.fault().as_str()));
    let metadata: JsValue = Object::new().into();
    if let Some(status) = status {
        set(&metadata, "httpStatusCode", &JsValue::from(status));
    }
    if let Some(id) = error.request_id() {
        set(&metadata, "requestId", &JsValue::from_str(id));
    }
    set(
        &metadata,
        "attempts",
        &JsValue::from(u32::from(status.is_some())),
    );
    set(&metadata, "totalRetryDelay", &JsValue::from(0));
    set(&value, "$metadata", &metadata);
    let kind = classify(error);
    if kind != RetryKind::No {
        let retryable: JsValue = Object::new().into();
        set(
            &retryable,
            "throttling",
            &JsValue::from_bool(kind == RetryKind::Throttling),
        );
        set(&value, "$retryable", &retryable);
    }
    value
}

fn unsent(error: ConnectError) -> JsValue {
    aws_error(&error, None)
}

fn request_to_js(request: &StsRequest) -> JsValue {
    let out: JsValue = Object::new().into();
    set(&out, "url", &JsValue::from_str(&request.url));
    let headers: JsValue = Object::new().into();
    for (name, value) in &request.headers {
        set(&headers, name, &JsValue::from_str(value));
    }
    set(&out, "headers", &headers);
    set(&out, "body", &JsValue::from_str(&request.body));
    out
}

/// `AssumeRole` as `{ url, headers, body }`, signed with the source credentials at `now_ms`.
#[wasm_bindgen(js_name = "__stsAssumeRole")]
#[allow(clippy::too_many_arguments)]
pub fn sts_assume_role(
    region: &str,
    endpoint: Option<String>,
    access_key_id: &str,
    secret_access_key: &str,
    session_token: Option<String>,
    role_arn: &str,
    role_session_name: &str,
    external_id: Option<String>,
    duration_seconds: Option<u32>,
    now_ms: f64,
) -> Result<JsValue, JsValue> {
    let url = sts_endpoint(region, endpoint.as_deref()).map_err(unsent)?;
    if access_key_id.is_empty() || secret_access_key.is_empty() {
        return Err(unsent(ConnectError::Credentials(
            "the source credentials have no accessKeyId or secretAccessKey".to_owned(),
        )));
    }
    let credentials = Credentials::from_secrets(
        access_key_id,
        Secret::new(secret_access_key),
        session_token.map(Secret::new),
    );
    let input = AssumeRoleInput {
        role_arn: role_arn.to_owned(),
        role_session_name: role_session_name.to_owned(),
        external_id,
        duration_seconds,
    };
    if !now_ms.is_finite() {
        return Err(unsent(ConnectError::validation("now is not a time")));
    }
    let now_s = (now_ms / 1000.0).floor() as i64;
    sign_assume_role(
        &input,
        &credentials,
        region,
        &url,
        now_s,
        &mut SigningKeyCache::default(),
    )
    .map(|request| request_to_js(&request))
    .map_err(unsent)
}

/// `AssumeRoleWithWebIdentity` as `{ url, headers, body }`.
#[wasm_bindgen(js_name = "__stsWebIdentity")]
pub fn sts_web_identity(
    region: &str,
    endpoint: Option<String>,
    role_arn: &str,
    role_session_name: &str,
    web_identity_token: String,
    duration_seconds: Option<u32>,
) -> Result<JsValue, JsValue> {
    let url = sts_endpoint(region, endpoint.as_deref()).map_err(unsent)?;
    let input = WebIdentityInput {
        role_arn: role_arn.to_owned(),
        role_session_name: role_session_name.to_owned(),
        web_identity_token: Secret::new(web_identity_token),
        duration_seconds,
    };
    web_identity_request(&input, &url)
        .map(|request| request_to_js(&request))
        .map_err(unsent)
}

/// Parses an STS answer: `{ accessKeyId, secretAccessKey, sessionToken, expiration: Date,
/// assumedRoleArn?, $metadata }`, or throws the AWS error (its `name` is STS's code).
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
    let done = parse_credentials(&response, action).map_err(|e| aws_error(&e, Some(status)))?;
    let out: JsValue = Object::new().into();
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
    let metadata: JsValue = Object::new().into();
    set(&metadata, "httpStatusCode", &JsValue::from(status));
    if let Some(id) = &done.request_id {
        set(&metadata, "requestId", &JsValue::from_str(id));
    }
    set(&out, "$metadata", &metadata);
    Ok(out)
}
