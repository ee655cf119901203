//! `fromCognitoIdentityPool`: temporary credentials from an Amazon Cognito identity pool, over
//! the two unsigned Cognito Identity calls that [`crate::cognito`] builds and parses.
//!
//! The JS entry wraps [`CognitoIdentityProvider`] in an async function; `ConnectClient`
//! memoises that function and calls it again 5 minutes before the credentials expire.

use super::bindings::object_entries;
use super::cancel::{as_promise, CallAbort};
use super::client::ResponseMetadata;
use super::connect_client::metadata_to_js;
use super::convert::{describe, get, optional_string, set};
use super::error::{connect_error, unsent_error};
use super::fetch::send;
use crate::cognito::{
    cognito_endpoint, get_credentials_for_identity_body, get_id_body, identity_cache_key,
    parse_credentials, parse_identity_id, validate_identity_pool_id, CognitoCredentials,
    CONTENT_TYPE, TARGET_GET_CREDENTIALS, TARGET_GET_ID,
};
use crate::connect::{validate_region, ConnectError, HttpResponse};
use crate::retry::{backoff_ms, classify, RetryKind};
use js_sys::{Function, Object, Promise};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroize;

/// Attempts per Cognito call: `TooManyRequestsException` and 5xx are retried.
const MAX_ATTEMPTS: u32 = 3;

/// A `logins` value: a token, or a function that resolves to one at each refresh.
#[derive(Debug)]
enum Login {
    Token(String),
    Resolve(Function),
}

/// Where identity ids are kept between refreshes (never credentials).
#[derive(Debug)]
enum Cache {
    /// A `Storage` (`localStorage`, or the caller's).
    Storage(JsValue),
    /// This provider's memory only.
    Memory,
}

#[derive(Debug)]
struct Options {
    identity_pool_id: String,
    endpoint: String,
    logins: Vec<(String, Login)>,
    custom_role_arn: Option<String>,
    user_identifier: Option<String>,
    cache: Cache,
    fetch: Option<Function>,
}

/// The provider behind `fromCognitoIdentityPool(options)`.
#[wasm_bindgen]
#[derive(Debug)]
pub struct CognitoIdentityProvider {
    options: Rc<Options>,
    /// Identity ids this provider got, by cache key (`""` for an uncached authenticated one).
    memory: Rc<RefCell<Vec<(String, String)>>>,
}

fn validation(message: impl Into<String>) -> JsValue {
    unsent_error(&ConnectError::validation(message))
}

/// `globalThis.localStorage`, where reading it works (it throws in some sandboxed frames).
fn local_storage() -> Option<JsValue> {
    let storage =
        js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("localStorage")).ok()?;
    is_storage(&storage).then_some(storage)
}

fn is_storage(value: &JsValue) -> bool {
    value.is_object()
        && ["getItem", "setItem", "removeItem"]
            .iter()
            .all(|name| get(value, name).is_function())
}

fn read_options(options: &JsValue) -> Result<Options, String> {
    if !options.is_object() {
        return Err(format!(
            "fromCognitoIdentityPool options must be an object with identityPoolId, got {}",
            describe(options)
        ));
    }
    let pool = optional_string(options, "identityPoolId", "identityPoolId")?.unwrap_or_default();
    let pool_region = validate_identity_pool_id(&pool)
        .map_err(|e| e.message().to_owned())?
        .to_owned();
    let region = optional_string(options, "region", "region")?.unwrap_or(pool_region);
    validate_region(&region).map_err(|e| e.message().to_owned())?;
    let endpoint_option = optional_string(options, "endpoint", "endpoint")?;
    let endpoint = cognito_endpoint(&region, endpoint_option.as_deref())
        .map_err(|e| e.message().to_owned())?;
    let mut logins = Vec::new();
    let raw = get(options, "logins");
    if !(raw.is_undefined() || raw.is_null()) {
        if !raw.is_object() || super::bindings::is_array(&raw).unwrap_or(true) {
            return Err(format!(
                "logins must be an object of provider names to tokens (or functions returning a Promise of one), got {}",
                describe(&raw)
            ));
        }
        let entries = object_entries(&raw).map_err(|_| "logins cannot be read".to_owned())?;
        for entry in entries.iter() {
            let name = get(&entry, "0").as_string().unwrap_or_default();
            let value = get(&entry, "1");
            let login = match (value.as_string(), value.dyn_ref::<Function>()) {
                (Some(token), _) if !token.is_empty() => Login::Token(token),
                (Some(_), _) => {
                    return Err(format!(
                        "logins[{}] is an empty token: leave the provider out for an unauthenticated identity",
                        crate::http::quoted(&name)
                    ))
                }
                (_, Some(function)) => Login::Resolve(function.clone()),
                _ => {
                    return Err(format!(
                        "logins[{}] must be a non-empty token or a function returning a Promise of one, got {}",
                        crate::http::quoted(&name),
                        describe(&value)
                    ))
                }
            };
            if name.is_empty() {
                return Err("logins has an empty provider name".to_owned());
            }
            logins.push((name, login));
        }
    }
    let cache_value = get(options, "cache");
    let cache = if cache_value.is_undefined() || cache_value.is_null() {
        local_storage().map_or(Cache::Memory, Cache::Storage)
    } else if cache_value.as_bool() == Some(false) {
        Cache::Memory
    } else if is_storage(&cache_value) {
        Cache::Storage(cache_value)
    } else {
        return Err(format!(
            "cache must be a Storage (with getItem, setItem and removeItem) or false, got {}",
            describe(&cache_value)
        ));
    };
    let fetch = match get(options, "fetch") {
        f if f.is_undefined() || f.is_null() => None,
        f => Some(
            f.dyn_into::<Function>()
                .map_err(|f| format!("fetch must be a function, got {}", describe(&f)))?,
        ),
    };
    Ok(Options {
        identity_pool_id: pool,
        endpoint,
        logins,
        custom_role_arn: optional_string(options, "customRoleArn", "customRoleArn")?,
        user_identifier: optional_string(options, "userIdentifier", "userIdentifier")?,
        cache,
        fetch,
    })
}

#[wasm_bindgen]
impl CognitoIdentityProvider {
    /// Checks the options; a bad one throws a `ValidationError`, and nothing is sent.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<CognitoIdentityProvider, JsValue> {
        let options = read_options(&options).map_err(validation)?;
        Ok(CognitoIdentityProvider {
            options: Rc::new(options),
            memory: Rc::new(RefCell::new(Vec::new())),
        })
    }

    /// `{ accessKeyId, secretAccessKey, sessionToken, expiration, identityId }`, fresh.
    pub fn resolve(&self) -> Promise {
        let options = Rc::clone(&self.options);
        let memory = Rc::clone(&self.memory);
        wasm_bindgen_futures::future_to_promise(async move { refresh(&options, &memory).await })
    }
}

/// The `logins` map for one refresh: functions are called once, and their tokens used for
/// both calls of this refresh.
async fn resolve_logins(options: &Options) -> Result<Vec<(String, String)>, JsValue> {
    let mut resolved = Vec::with_capacity(options.logins.len());
    for (name, login) in &options.logins {
        let token = match login {
            Login::Token(token) => token.clone(),
            Login::Resolve(function) => {
                let pending = function
                    .call0(&JsValue::UNDEFINED)
                    .map(|value| as_promise(&value))
                    .unwrap_or_else(|thrown| Promise::reject(&thrown));
                let value = wasm_bindgen_futures::JsFuture::from(pending)
                    .await
                    .map_err(|cause| {
                        let error = validation(format!(
                            "the logins function for {} failed",
                            crate::http::quoted(name)
                        ));
                        set(&error, "cause", &cause);
                        error
                    })?;
                match value.as_string() {
                    Some(token) if !token.is_empty() => token,
                    _ => {
                        return Err(validation(format!(
                            "the logins function for {} must resolve to a non-empty token, got {}",
                            crate::http::quoted(name),
                            describe(&value)
                        )))
                    }
                }
            }
        };
        resolved.push((name.clone(), token));
    }
    Ok(resolved)
}

/// One Cognito Identity call, with retries, parsed by `parse`; the response body is wiped
/// once parsed. Not generic: the sending and retrying code is in the .wasm once.
async fn call(
    options: &Options,
    target: &str,
    body: &str,
    parse: &dyn Fn(&HttpResponse) -> Result<Parsed, ConnectError>,
) -> Result<Parsed, JsValue> {
    let headers = [
        ("content-type".to_owned(), CONTENT_TYPE.to_owned()),
        ("x-amz-target".to_owned(), target.to_owned()),
    ];
    let abort = CallAbort::new(None);
    let mut metadata = ResponseMetadata::default();
    loop {
        metadata.attempts += 1;
        let cause = Cell::new(None);
        let outcome = match send(
            options.fetch.as_ref(),
            "POST",
            &options.endpoint,
            &headers,
            Some(body),
            &abort,
            0.0,
            &cause,
        )
        .await
        {
            Ok(mut received) => {
                metadata.http_status_code = Some(received.response.status);
                metadata.request_id = received.response.request_id.clone();
                let parsed = parse(&received.response);
                received.response.body.zeroize();
                parsed
            }
            Err(error) => Err(error),
        };
        let error = match outcome {
            Ok(value) => return Ok(value),
            Err(error) => error,
        };
        let kind = classify(&error);
        if kind == RetryKind::No || metadata.attempts >= MAX_ATTEMPTS {
            return Err(connect_error(
                &error,
                &metadata_to_js(&metadata),
                cause.take().as_ref(),
            ));
        }
        let delay = backoff_ms(kind, metadata.attempts, js_sys::Math::random());
        let _ = abort.sleep(delay).await;
        metadata.total_retry_delay_ms += delay;
    }
}

/// What a call gave.
enum Parsed {
    IdentityId(String),
    Credentials(CognitoCredentials),
}

fn storage_get(cache: &Cache, key: &str) -> Option<String> {
    let Cache::Storage(storage) = cache else {
        return None;
    };
    let get_item: Function = get(storage, "getItem").dyn_into().ok()?;
    get_item
        .call1(storage, &JsValue::from_str(key))
        .ok()?
        .as_string()
        .filter(|id| !id.is_empty())
}

fn storage_call(cache: &Cache, method: &str, key: &str, value: Option<&str>) {
    let Cache::Storage(storage) = cache else {
        return;
    };
    if let Ok(function) = get(storage, method).dyn_into::<Function>() {
        // A full or refusing Storage only loses the cache.
        let _ = match value {
            Some(value) => function.call2(storage, &key.into(), &value.into()),
            None => function.call1(storage, &key.into()),
        };
    }
}

async fn refresh(
    options: &Options,
    memory: &RefCell<Vec<(String, String)>>,
) -> Result<JsValue, JsValue> {
    let logins = resolve_logins(options).await?;
    let key = identity_cache_key(
        &options.identity_pool_id,
        !logins.is_empty(),
        options.user_identifier.as_deref(),
    );
    let memory_key = key.clone().unwrap_or_default();
    let remembered = |memory: &Vec<(String, String)>| {
        memory
            .iter()
            .find(|(k, _)| *k == memory_key)
            .map(|(_, id)| id.clone())
    };
    // A cached identity the pool no longer knows (a pool reset, an emulator restarted) costs
    // one GetId more in this same refresh, not a failed call.
    let mut first_round = true;
    let done = loop {
        let known = remembered(&memory.borrow()).or_else(|| {
            key.as_deref()
                .and_then(|key| storage_get(&options.cache, key))
        });
        let cached = known.is_some();
        let identity_id = match known {
            Some(id) => id,
            None => {
                let body = get_id_body(&options.identity_pool_id, &logins);
                let parse = |r: &HttpResponse| parse_identity_id(r).map(Parsed::IdentityId);
                let Parsed::IdentityId(id) = call(options, TARGET_GET_ID, &body, &parse).await?
                else {
                    return Err(validation("GetId gave no identity id"));
                };
                if let Some(key) = &key {
                    storage_call(&options.cache, "setItem", key, Some(&id));
                }
                id
            }
        };
        {
            let mut memory = memory.borrow_mut();
            memory.retain(|(k, _)| *k != memory_key);
            memory.push((memory_key.clone(), identity_id.clone()));
        }
        let body = get_credentials_for_identity_body(
            &identity_id,
            &logins,
            options.custom_role_arn.as_deref(),
        );
        let parse = |r: &HttpResponse| parse_credentials(r).map(Parsed::Credentials);
        match call(options, TARGET_GET_CREDENTIALS, &body, &parse).await {
            Ok(Parsed::Credentials(done)) => break (done, identity_id),
            Ok(Parsed::IdentityId(_)) => {
                return Err(validation("GetCredentialsForIdentity gave no credentials"))
            }
            Err(error) => {
                // The identity may be gone or no longer this user's: forget it.
                memory.borrow_mut().retain(|(k, _)| *k != memory_key);
                if let Some(key) = &key {
                    storage_call(&options.cache, "removeItem", key, None);
                }
                let gone =
                    get(&error, "name").as_string().as_deref() == Some("ResourceNotFoundException");
                if first_round && cached && gone {
                    first_round = false;
                    continue;
                }
                return Err(error);
            }
        }
    };
    let (done, identity_id) = done;
    let result = Object::new();
    let credentials = &done.credentials;
    set(&result, "accessKeyId", &credentials.access_key_id().into());
    set(
        &result,
        "secretAccessKey",
        &credentials.secret_access_key().expose().into(),
    );
    if let Some(token) = credentials.session_token() {
        set(&result, "sessionToken", &token.expose().into());
    }
    set(
        &result,
        "expiration",
        &js_sys::Date::new(&JsValue::from(done.expiration_ms as f64)),
    );
    let identity = if done.identity_id.is_empty() {
        identity_id
    } else {
        done.identity_id.clone()
    };
    set(&result, "identityId", &identity.into());
    Ok(result.into())
}
