//! AWS Signature Version 4: canonical request, string to sign, signing key, signature.
//!
//! Every function here is pure. The signing time is an input, so the signer runs anywhere,
//! on `wasm32` too, where there is no system clock to read.
//!
//! One file per step of the algorithm:
//! [`canonical_request`] builds the canonical request,
//! `string_to_sign` the scope and string to sign, `signing_key` derives and caches the key,
//! `sign` writes the `Authorization` header and `presign` the query-string form.

pub mod canonical_request;
mod credentials;
mod date_time;
mod error;
mod hashing;
mod presign;
mod secret;
mod settings;
mod sign;
mod signing_key;
mod string_to_sign;
mod uri_path_normalization;
mod url_escape;
mod wire_sign;

pub use self::credentials::Credentials;
pub use self::date_time::{
    format_amz_date, parse_amz_date, parse_http_date, parse_iso8601_ms, SigningTime,
};
pub use self::error::SigningError;
pub use self::presign::{presign, MAX_PRESIGN_EXPIRY_SECONDS};
pub use self::secret::Secret;
pub use self::settings::{
    PayloadChecksumKind, PayloadMode, PercentEncodingMode, SessionTokenMode, SigningParams,
    SigningSettings,
};
pub use self::sign::{sign, SignedRequest};
pub use self::signing_key::{derive_signing_key, SigningKey, SigningKeyCache};
pub use self::string_to_sign::{credential_scope, string_to_sign};
pub use self::url_escape::{percent_decode, percent_encode};
pub use self::wire_sign::{sign_wire_form, sign_wire_form_with, WireSigned, MAX_WIRE_HEADERS};

pub(crate) use self::hashing::hex_encode;

/// The algorithm name written in the `Authorization` header and `X-Amz-Algorithm`.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The hex SHA-256 of an empty body, precomputed because most signed requests are GETs.
pub const EMPTY_BODY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The payload hash written for a payload that is not signed.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
