//! A JS function as the credential provider: `credentials: () => Promise<{ accessKeyId,
//! secretAccessKey, sessionToken?, expiration? }>`, called lazily, shared by concurrent calls,
//! and refreshed before it expires; and the credentials objects JS passes.

use super::cancel::{as_promise, CallAbort};
use super::convert::{date_millis, describe, get, optional_string, required_string};
use super::credentials::{fresh, CredentialSource};
use crate::connect::ConnectError;
use crate::redact::redact;
use crate::sigv4::{Credentials, Secret};
use js_sys::{Function, Promise};
use std::cell::{Cell, RefCell};
use wasm_bindgen::JsValue;

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

/// Reads the `credentials` option: an object or a function.
pub(crate) fn credentials_from_js(value: &JsValue) -> Result<CredentialSource, String> {
    if value.is_undefined() || value.is_null() {
        return Ok(CredentialSource::Missing);
    }
    if let Some(function) = wasm_bindgen::JsCast::dyn_ref::<Function>(value) {
        return Ok(CredentialSource::Js(JsProvider {
            function: function.clone(),
            cached: RefCell::new(None),
            pending: RefCell::new(None),
        }));
    }
    read_credentials(value, "credentials").map(CredentialSource::Static)
}

/// A JS function as a memoised credential provider.
#[derive(Debug)]
pub(crate) struct JsProvider {
    function: Function,
    cached: RefCell<Option<(Credentials, Option<f64>)>>,
    pending: RefCell<Option<Promise>>,
}

impl JsProvider {
    /// Forgets the cached credentials, so the next call asks the function again.
    pub(crate) fn invalidate(&self) {
        self.cached.borrow_mut().take();
    }

    /// The credentials to sign with now: the cached ones, or the function's next result.
    pub(crate) async fn resolve(
        &self,
        now_ms: f64,
        abort: &CallAbort,
        cause: &Cell<Option<JsValue>>,
    ) -> Result<Credentials, ConnectError> {
        if let Some(credentials) = fresh(&self.cached.borrow(), now_ms) {
            return Ok(credentials);
        }
        let existing = self.pending.borrow().clone();
        let pending = match existing {
            Some(pending) => pending,
            None => {
                let started = self
                    .function
                    .call0(&JsValue::UNDEFINED)
                    .map_err(|e| self.failed(&e, cause))?;
                let pending = as_promise(&started);
                *self.pending.borrow_mut() = Some(pending.clone());
                pending
            }
        };
        // A provider that never settles must not hang the call past its abort signal; the
        // shared promise stays, so other calls may still get its credentials.
        let outcome = match abort.race(pending.clone(), 0.0).await {
            Ok(outcome) => outcome,
            Err(reason) => return Err(reason.into_error(0.0)),
        };
        // Only the call whose promise this was clears it; a newer one may have started.
        if self
            .pending
            .borrow()
            .as_ref()
            .is_some_and(|p| js_sys::Object::is(p, &pending))
        {
            self.pending.borrow_mut().take();
        }
        let value = outcome.map_err(|e| self.failed(&e, cause))?;
        let credentials = read_credentials(&value, "the credential provider's result")
            .map_err(ConnectError::Credentials)?;
        let expiration_value = get(&value, "expiration");
        let expiration = if expiration_value.is_undefined() || expiration_value.is_null() {
            None
        } else {
            Some(
                date_millis(&expiration_value, "the credential provider's expiration")
                    .map_err(ConnectError::Credentials)?,
            )
        };
        *self.cached.borrow_mut() = Some((credentials.clone(), expiration));
        Ok(credentials)
    }

    /// The error for a provider that threw or rejected: its message, with anything that looks
    /// like a secret (or is one of the credentials it gave before) masked. The error's `cause`
    /// is a copy of the exception with that masked message and its name, not the exception
    /// itself, whose message (and stack, which repeats it) may quote the secret.
    fn failed(&self, error: &JsValue, cause: &Cell<Option<JsValue>>) -> ConnectError {
        let message = get(error, "message")
            .as_string()
            .unwrap_or_else(|| describe(error).to_owned());
        let cached = self.cached.borrow();
        let known: Vec<&str> = cached
            .iter()
            .flat_map(|(credentials, _)| {
                std::iter::once(credentials.secret_access_key().expose())
                    .chain(credentials.session_token().map(Secret::expose))
            })
            .collect();
        let masked = redact(&message, &known);
        let copy = js_sys::Error::new(&masked);
        if let Some(name) = get(error, "name").as_string() {
            copy.set_name(&redact(&name, &known));
        }
        cause.set(Some(copy.into()));
        ConnectError::Credentials(format!("the credential provider failed: {masked}"))
    }
}
