//! AWS credentials: an access key id, a secret key and an optional session token.

use super::Secret;

/// AWS credentials. `Debug` shows the access key id only.
///
/// ```
/// use connect_phone_wasm::sigv4::Credentials;
/// let creds = Credentials::new("AKIDEXAMPLE", "secret", Some("token".into()));
/// let shown = format!("{creds:?}");
/// assert!(shown.contains("AKIDEXAMPLE") && !shown.contains("secret\"") && !shown.contains("token\""));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: Secret,
    session_token: Option<Secret>,
}

impl Credentials {
    /// Credentials from their parts; an empty session token counts as none.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: Secret::new(secret_access_key),
            session_token: session_token
                .filter(|token| !token.is_empty())
                .map(Secret::new),
        }
    }

    /// Credentials from secrets already wrapped (read from a credentials document), so the
    /// secret strings are never copied.
    pub fn from_secrets(
        access_key_id: impl Into<String>,
        secret_access_key: Secret,
        session_token: Option<Secret>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key,
            session_token: session_token.filter(|token| !token.expose().is_empty()),
        }
    }

    /// The access key id (not a secret).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &Secret {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&Secret> {
        self.session_token.as_ref()
    }
}
