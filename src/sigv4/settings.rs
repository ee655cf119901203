//! What to sign and how: explicit settings with the defaults AWS services expect.

use super::{Credentials, SigningError, SigningTime};

/// How the canonical URI is derived from the wire path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PercentEncodingMode {
    /// Normalise the path and encode the (already encoded) wire path again: every service
    /// but S3, Amazon Connect included. An ARN's `:` is `%3A` on the wire, `%253A` signed.
    #[default]
    Double,
    /// Sign the wire path as it is, without normalisation: Amazon S3.
    Single,
}

/// Whether to add an `x-amz-content-sha256` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PayloadChecksumKind {
    /// Add no header; the hash is still part of the canonical request.
    #[default]
    NoHeader,
    /// Add and sign `x-amz-content-sha256` (S3 requires it).
    XAmzSha256,
}

/// Whether the payload is hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PayloadMode {
    /// Hash the body.
    #[default]
    Hashed,
    /// Write `UNSIGNED-PAYLOAD` instead of the hash.
    Unsigned,
}

/// Whether the session token is covered by the signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SessionTokenMode {
    /// Sign `x-amz-security-token` like any other header (what every AWS SDK does).
    #[default]
    Include,
    /// Add `x-amz-security-token` after signing (a few services want that).
    Exclude,
}

/// How to sign, with the defaults that suit every service but S3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SigningSettings {
    /// How the path is encoded in the canonical request.
    pub percent_encoding_mode: PercentEncodingMode,
    /// Whether `x-amz-content-sha256` is added.
    pub payload_checksum_kind: PayloadChecksumKind,
    /// Whether the body is hashed.
    pub payload_mode: PayloadMode,
    /// Whether the session token is signed.
    pub session_token_mode: SessionTokenMode,
}

/// Who signs, for which region and service, when, and how.
#[derive(Debug, Clone)]
pub struct SigningParams<'a> {
    pub(crate) credentials: &'a Credentials,
    pub(crate) region: &'a str,
    pub(crate) service: &'a str,
    pub(crate) time: i64,
    pub(crate) settings: SigningSettings,
}

impl<'a> SigningParams<'a> {
    /// Parameters for signing at `unix_seconds`.
    pub fn new(
        credentials: &'a Credentials,
        region: &'a str,
        service: &'a str,
        unix_seconds: i64,
        settings: SigningSettings,
    ) -> Self {
        SigningParams {
            credentials,
            region,
            service,
            time: unix_seconds,
            settings,
        }
    }

    /// Checks every value and returns the signing time.
    pub(crate) fn validate(&self) -> Result<SigningTime, SigningError> {
        scope_part("region", self.region)?;
        scope_part("service", self.service)?;
        scope_part("accessKeyId", self.credentials.access_key_id())?;
        if self.credentials.secret_access_key().expose().is_empty() {
            return Err(SigningError::Missing("secretAccessKey"));
        }
        let token = self
            .credentials
            .session_token()
            .map(|t| t.expose())
            .unwrap_or_default();
        let has_control = if token.is_ascii() {
            token.bytes().any(|b| b.is_ascii_control())
        } else {
            token.chars().any(char::is_control)
        };
        if has_control {
            return Err(SigningError::Invalid {
                what: "sessionToken",
                why: "it has control characters".to_owned(),
            });
        }
        SigningTime::from_unix_seconds(self.time)
    }
}

/// A credential-scope part may not be empty nor hold `/`, spaces or control characters.
fn scope_part(what: &'static str, value: &str) -> Result<(), SigningError> {
    if value.is_empty() {
        return Err(SigningError::Missing(what));
    }
    if !value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        return Err(SigningError::Invalid {
            what,
            why: "only letters, digits, '-', '_' and '.' are allowed".to_owned(),
        });
    }
    Ok(())
}
