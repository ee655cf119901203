//! Credentials: a fixed set, or an async provider that is called lazily, shared by
//! concurrent calls, and refreshed before it expires.

use super::cancel::CallAbort;
#[cfg(feature = "js-exports")]
use super::credential_function::JsProvider;
use crate::connect::ConnectError;
use crate::redact::redact;
use crate::sigv4::{Credentials, Secret};
use js_sys::{Function, Promise};
use std::cell::{Cell, RefCell};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::{SystemTime, UNIX_EPOCH};
use wasm_bindgen::JsValue;

/// Credentials this close to expiry are refreshed first.
const REFRESH_WINDOW_MS: f64 = 5.0 * 60.0 * 1000.0;

/// The cached credentials, if they are not about to expire at `now_ms`.
pub(crate) fn fresh(
    cached: &Option<(Credentials, Option<f64>)>,
    now_ms: f64,
) -> Option<Credentials> {
    let (credentials, expiration) = cached.as_ref()?;
    expiration
        .is_none_or(|at| at - now_ms > REFRESH_WINDOW_MS)
        .then(|| credentials.clone())
}

/// Credentials from a provider, with the time they expire, if they do.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvidedCredentials {
    credentials: Credentials,
    expiration: Option<SystemTime>,
}

impl ProvidedCredentials {
    /// Credentials that expire at `expiration` (temporary ones), or never (`None`).
    pub fn new(credentials: Credentials, expiration: Option<SystemTime>) -> ProvidedCredentials {
        ProvidedCredentials {
            credentials,
            expiration,
        }
    }

    /// The credentials.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// When they expire, if they do.
    pub fn expiration(&self) -> Option<SystemTime> {
        self.expiration
    }
}

impl From<Credentials> for ProvidedCredentials {
    fn from(credentials: Credentials) -> ProvidedCredentials {
        ProvidedCredentials::new(credentials, None)
    }
}

/// What a [`ProvideCredentials`] provider returns: a boxed future (not `Send`: the client
/// runs on the one thread of a WebAssembly instance).
pub type CredentialsFuture =
    Pin<Box<dyn Future<Output = Result<ProvidedCredentials, Box<dyn std::error::Error>>>>>;

/// An async source of credentials, such as your backend or Amazon Cognito.
///
/// The client calls it on first use and again 5 minutes before the credentials it gave
/// expire, or when the service answers `ExpiredTokenException`; concurrent calls share one
/// pending request. Its error becomes a `CredentialsError`, with any secret it had given
/// masked in the message. A closure does the same through
/// [`ClientConfigBuilder::credentials_fn`](crate::ClientConfigBuilder::credentials_fn).
///
/// ```
/// use connect_phone_wasm::{Credentials, CredentialsFuture, ProvideCredentials, ProvidedCredentials};
///
/// #[derive(Debug)]
/// struct FromBackend;
///
/// impl ProvideCredentials for FromBackend {
///     fn provide_credentials(&self) -> CredentialsFuture {
///         Box::pin(async {
///             // Ask your backend here.
///             let credentials = Credentials::new("ASIAEXAMPLE", "secret", Some("token".into()));
///             Ok(ProvidedCredentials::from(credentials))
///         })
///     }
/// }
/// ```
pub trait ProvideCredentials {
    /// Starts getting credentials.
    fn provide_credentials(&self) -> CredentialsFuture;
}

/// A closure as a provider (see `ClientConfigBuilder::credentials_fn`).
pub(crate) struct CredentialsFn<F>(pub(crate) F);

impl<F, Fut> ProvideCredentials for CredentialsFn<F>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<ProvidedCredentials, Box<dyn std::error::Error>>> + 'static,
{
    fn provide_credentials(&self) -> CredentialsFuture {
        Box::pin((self.0)())
    }
}

/// Where a client's credentials come from.
#[derive(Debug)]
pub(crate) enum CredentialSource {
    /// Fixed credentials.
    Static(Credentials),
    /// A Rust provider, behind a trait object: its code is in the .wasm only of an app that
    /// gives one (the JS builds never do).
    Rust(Box<dyn MemoisedProvider>),
    /// A JS function, `() => Promise<{ accessKeyId, secretAccessKey, sessionToken?, expiration? }>`.
    #[cfg(feature = "js-exports")]
    Js(JsProvider),
    /// None were given (JS only: the Rust builder refuses that).
    #[cfg_attr(not(feature = "js-exports"), allow(dead_code))]
    Missing,
}

impl CredentialSource {
    /// The credentials to sign with now.
    pub(crate) async fn resolve(
        &self,
        now_ms: f64,
        abort: &CallAbort,
        #[cfg_attr(not(feature = "js-exports"), allow(unused_variables))] cause: &Cell<
            Option<JsValue>,
        >,
    ) -> Result<Credentials, ConnectError> {
        match self {
            CredentialSource::Static(credentials) => Ok(credentials.clone()),
            CredentialSource::Missing => Err(ConnectError::Credentials(
                "no credentials: pass credentials: { accessKeyId, secretAccessKey, sessionToken? } or an async provider".to_owned(),
            )),
            CredentialSource::Rust(provider) => provider.resolve(now_ms, abort).await,
            #[cfg(feature = "js-exports")]
            CredentialSource::Js(provider) => provider.resolve(now_ms, abort, cause).await,
        }
    }

    /// Forgets cached provider credentials, so the next call asks the provider again; `false`
    /// for fixed credentials, which a new attempt cannot change.
    pub(crate) fn invalidate(&self) -> bool {
        match self {
            CredentialSource::Rust(provider) => {
                provider.invalidate();
                true
            }
            #[cfg(feature = "js-exports")]
            CredentialSource::Js(provider) => {
                provider.invalidate();
                true
            }
            CredentialSource::Static(_) | CredentialSource::Missing => false,
        }
    }
}

/// What a provider's run gave: the credentials and their expiry in epoch milliseconds, or the
/// error's message.
type Outcome = Result<(Credentials, Option<f64>), String>;

/// A run of the provider that calls wait on: a promise that resolves (to nothing, so no
/// secret enters JS) once `outcome` is written.
#[derive(Clone)]
struct Pending {
    settled: Promise,
    outcome: Rc<RefCell<Option<Outcome>>>,
}

/// A provider with its cache, as the client uses it.
pub(crate) trait MemoisedProvider: fmt::Debug {
    /// The credentials to sign with now.
    fn resolve<'a>(
        &'a self,
        now_ms: f64,
        abort: &'a CallAbort,
    ) -> Pin<Box<dyn Future<Output = Result<Credentials, ConnectError>> + 'a>>;

    /// Forgets the cached credentials.
    fn invalidate(&self);
}

/// A memoised Rust credential provider.
pub(crate) struct RustProvider {
    provider: Rc<dyn ProvideCredentials>,
    cached: RefCell<Option<(Credentials, Option<f64>)>>,
    pending: RefCell<Option<Pending>>,
}

impl fmt::Debug for RustProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The cached credentials' Debug shows the access key id only.
        f.debug_struct("RustProvider")
            .field("cached", &self.cached.borrow().as_ref().map(|(c, _)| c))
            .field("pending", &self.pending.borrow().is_some())
            .finish_non_exhaustive()
    }
}

/// Milliseconds since the epoch (0 for a time before it).
fn epoch_ms(time: SystemTime) -> f64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

impl RustProvider {
    pub(crate) fn source(provider: impl ProvideCredentials + 'static) -> CredentialSource {
        CredentialSource::Rust(Box::new(RustProvider {
            provider: Rc::new(provider),
            cached: RefCell::new(None),
            pending: RefCell::new(None),
        }))
    }

    /// Runs the provider as a task of its own, so a call that is aborted while waiting does
    /// not cancel it for the others.
    fn start(&self) -> Pending {
        let outcome = Rc::new(RefCell::new(None));
        let mut resolve: Option<Function> = None;
        let settled = Promise::new(&mut |resolve_fn, _reject| resolve = Some(resolve_fn));
        let future = self.provider.provide_credentials();
        let slot = Rc::clone(&outcome);
        wasm_bindgen_futures::spawn_local(async move {
            let result = match future.await {
                Ok(provided) => Ok((provided.credentials, provided.expiration.map(epoch_ms))),
                Err(error) => Err(error.to_string()),
            };
            *slot.borrow_mut() = Some(result);
            if let Some(resolve) = resolve {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
        });
        Pending { settled, outcome }
    }

    async fn resolve_now(
        &self,
        now_ms: f64,
        abort: &CallAbort,
    ) -> Result<Credentials, ConnectError> {
        if let Some(credentials) = fresh(&self.cached.borrow(), now_ms) {
            return Ok(credentials);
        }
        let existing = self.pending.borrow().clone();
        let pending = match existing {
            Some(pending) => pending,
            None => {
                let pending = self.start();
                *self.pending.borrow_mut() = Some(pending.clone());
                pending
            }
        };
        // A provider that never finishes must not hang the call past its abort signal.
        if let Err(reason) = abort.race(pending.settled.clone(), 0.0).await {
            return Err(reason.into_error(0.0));
        }
        // Only the call whose run this was clears it; a newer one may have started.
        if self
            .pending
            .borrow()
            .as_ref()
            .is_some_and(|p| Rc::ptr_eq(&p.outcome, &pending.outcome))
        {
            self.pending.borrow_mut().take();
        }
        let outcome = pending.outcome.borrow().clone();
        match outcome {
            Some(Ok((credentials, expiration))) => {
                *self.cached.borrow_mut() = Some((credentials.clone(), expiration));
                Ok(credentials)
            }
            Some(Err(message)) => {
                let cached = self.cached.borrow();
                let known: Vec<&str> = cached
                    .iter()
                    .flat_map(|(credentials, _)| {
                        std::iter::once(credentials.secret_access_key().expose())
                            .chain(credentials.session_token().map(Secret::expose))
                    })
                    .collect();
                Err(ConnectError::Credentials(format!(
                    "the credential provider failed: {}",
                    redact(&message, &known)
                )))
            }
            None => Err(ConnectError::Credentials(
                "the credential provider ended without credentials".to_owned(),
            )),
        }
    }
}

impl MemoisedProvider for RustProvider {
    fn resolve<'a>(
        &'a self,
        now_ms: f64,
        abort: &'a CallAbort,
    ) -> Pin<Box<dyn Future<Output = Result<Credentials, ConnectError>> + 'a>> {
        Box::pin(self.resolve_now(now_ms, abort))
    }

    fn invalidate(&self) {
        self.cached.borrow_mut().take();
    }
}
