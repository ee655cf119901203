//! A string that never prints and is wiped from memory when dropped.

use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A secret string (a secret access key or a session token).
///
/// `Debug` prints `** redacted **`, there is no `Display`, and the bytes are zeroized when
/// the value is dropped, so a freed WASM heap does not keep the secret.
///
/// ```
/// use connect_phone_wasm::sigv4::Secret;
/// let secret = Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
/// assert_eq!(format!("{secret:?}"), "** redacted **");
/// ```
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself, for signing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("** redacted **")
    }
}

/// Read from a string (a credentials document's secret key or token), never written out.
impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret)
    }
}
