//! Why a request could not be signed.

use std::fmt;

/// Why a request could not be signed. Messages never include a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningError {
    /// A required value (region, service, access key id, secret) is empty.
    Missing(&'static str),
    /// A value has characters that cannot go into a credential scope.
    Invalid {
        /// Which value.
        what: &'static str,
        /// Why it is rejected.
        why: String,
    },
    /// The signing time is outside the years 1970 to 9999.
    TimeOutOfRange,
    /// A presigned URL's expiry is outside 1 to 604800 seconds.
    ExpiryOutOfRange(i64),
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SigningError::Missing(what) => write!(f, "{what} is required and must not be empty"),
            SigningError::Invalid { what, why } => write!(f, "{what} is not valid: {why}"),
            SigningError::TimeOutOfRange => {
                f.write_str("the signing date must be between 1970 and 9999")
            }
            SigningError::ExpiryOutOfRange(seconds) => {
                write!(
                    f,
                    "expiresIn must be from 1 to 604800 seconds, got {seconds}"
                )
            }
        }
    }
}

impl std::error::Error for SigningError {}
