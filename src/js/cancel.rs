//! Cancellation without closures: a caller's `AbortSignal`, per-attempt timeouts and backoff
//! sleeps are plain promises raced against the work.
//!
//! The abort listener is the resolve function of a promise, and timers call a resolve
//! function, so no Rust closure is handed to JS and nothing leaks per call.

use super::bindings::{clear_timeout, set_timeout_with_arg, CallerSignal};
use crate::connect::ConnectError;
use js_sys::{Array, Function, Object, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

/// The longest single `setTimeout` (a signed 32-bit count of milliseconds).
pub(crate) const MAX_TIMER_MS: f64 = 2_147_483_647.0;

/// A fresh native promise that settles as `value` does, and never throws.
///
/// `Promise.resolve(value)` reads `value.constructor` (and may call a `then`) synchronously,
/// so a caller's object with a throwing getter would throw through WASM frames; inside
/// `Promise.race([value])` the same throw becomes a rejection.
pub(crate) fn as_promise(value: &JsValue) -> Promise {
    Promise::race(&Array::of1(value))
}

/// Why work was cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cancelled {
    /// The caller's signal fired.
    Abort,
    /// The attempt's `requestTimeout` passed.
    Timeout,
}

impl Cancelled {
    /// The typed error; `timeout_ms` is the limit that passed, for the message.
    pub(crate) fn into_error(self, timeout_ms: f64) -> ConnectError {
        match self {
            Cancelled::Abort => ConnectError::Abort("The operation was aborted".to_owned()),
            Cancelled::Timeout => ConnectError::Timeout(format!(
                "No complete response within requestTimeout ({} ms)",
                timeout_ms as u64
            )),
        }
    }
}

/// The caller's abort signal for one call, as a promise that resolves when it fires.
#[derive(Debug)]
pub(crate) struct CallAbort {
    signal: Option<CallerSignal>,
    listener: Option<Function>,
    fired: Option<Promise>,
}

impl CallAbort {
    /// Listens to `signal` until this is dropped.
    pub(crate) fn new(signal: Option<AbortSignal>) -> CallAbort {
        let Some(signal) = signal.map(wasm_bindgen::JsCast::unchecked_into::<CallerSignal>) else {
            return CallAbort {
                signal: None,
                listener: None,
                fired: None,
            };
        };
        let mut listener = None;
        let fired = Promise::new(&mut |resolve, _reject| {
            // A signal whose addEventListener throws cannot be listened to: only polled.
            if signal.add_event_listener("abort", &resolve).is_ok() {
                listener = Some(resolve);
            }
        });
        CallAbort {
            signal: Some(signal),
            listener,
            fired: Some(fired),
        }
    }

    /// Whether the caller gave a signal, so this call can be aborted.
    pub(crate) fn can_abort(&self) -> bool {
        self.fired.is_some()
    }

    /// Whether the caller has aborted.
    pub(crate) fn aborted(&self) -> bool {
        self.signal
            .as_ref()
            .is_some_and(|signal| signal.aborted().is_ok_and(|a| a.is_truthy()))
    }

    /// Waits for `work`, unless the caller aborts or `timeout_ms` (when above 0) passes first.
    pub(crate) async fn race(
        &self,
        work: Promise,
        timeout_ms: f64,
    ) -> Result<Result<JsValue, JsValue>, Cancelled> {
        if self.aborted() {
            return Err(Cancelled::Abort);
        }
        if self.fired.is_none() && timeout_ms <= 0.0 {
            // Nothing can cancel this wait: no timer, no abort listener. (`work` may be any
            // value an injected fetch returned.)
            return Ok(JsFuture::from(as_promise(&work)).await);
        }
        let contenders = Array::of1(&work);
        if let Some(fired) = &self.fired {
            contenders.push(fired);
        }
        let token: JsValue = Object::new().into();
        let mut timer = None;
        if timeout_ms > 0.0 {
            contenders.push(&Promise::new(&mut |resolve, _reject| {
                timer = set_timeout_with_arg(&resolve, timeout_ms, &token).ok();
            }));
        }
        let outcome = JsFuture::from(Promise::race(&contenders)).await;
        if let Some(timer) = timer {
            let _ = clear_timeout(&timer);
        }
        match outcome {
            Ok(value) if Object::is(&value, &token) => Err(Cancelled::Timeout),
            _ if self.aborted() => Err(Cancelled::Abort),
            other => Ok(other),
        }
    }

    /// Sleeps `ms`, or less if the caller aborts.
    pub(crate) async fn sleep(&self, ms: f64) -> Result<(), Cancelled> {
        if ms <= 0.0 {
            return if self.aborted() {
                Err(Cancelled::Abort)
            } else {
                Ok(())
            };
        }
        let mut timer = JsValue::UNDEFINED;
        let sleep = Promise::new(&mut |resolve, _reject| {
            // Without a working setTimeout the sleep ends at once rather than never.
            match set_timeout_with_arg(&resolve, ms, &JsValue::UNDEFINED) {
                Ok(id) => timer = id,
                Err(_) => {
                    let _ = resolve.call0(&JsValue::UNDEFINED);
                }
            }
        });
        let outcome = self.race(sleep, 0.0).await;
        let _ = clear_timeout(&timer);
        outcome.map(|_| ())
    }
}

impl Drop for CallAbort {
    fn drop(&mut self) {
        if let (Some(signal), Some(listener)) = (&self.signal, &self.listener) {
            let _ = signal.remove_event_listener("abort", listener);
        }
    }
}
