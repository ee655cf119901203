//! Header-based signing: adds `x-amz-date`, the session token and `Authorization`.

use super::canonical_request::{
    canonical_headers, canonical_query, canonical_request, canonical_uri, normalize_header_value,
    CanonicalHeaders,
};
use super::hashing::{hex_digest, hex_encode, sha256, sha256_hex};
use super::{
    credential_scope, derive_signing_key, string_to_sign, PayloadChecksumKind, PayloadMode,
    SessionTokenMode, SigningError, SigningKeyCache, SigningParams, SigningTime, ALGORITHM,
    EMPTY_BODY_SHA256, UNSIGNED_PAYLOAD,
};
use crate::http::HttpRequest;

/// The outcome of signing: the headers to send, and the intermediate texts for debugging.
///
/// `headers` holds every header to send, lower-case, in a stable order: the caller's own
/// (less any it gave for the headers the signer owns), then `x-amz-date`, the session
/// token, `x-amz-content-sha256` when asked for, and `authorization`. `host` is not in it:
/// `fetch` derives it from the URL, and browsers refuse to set it.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// The headers to send.
    pub headers: Vec<(String, String)>,
    /// The hex signature.
    pub signature: String,
    /// The canonical request that was hashed.
    pub canonical_request: String,
    /// The string that was signed.
    pub string_to_sign: String,
}

/// `Debug` shows the signature and the header names only: the session token is a header
/// value and part of the canonical request.
impl std::fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("SignedRequest")
            .field("headers", &names)
            .field("signature", &self.signature)
            .finish_non_exhaustive()
    }
}

impl SignedRequest {
    /// The `Authorization` header value.
    pub fn authorization(&self) -> &str {
        self.header("authorization").unwrap_or_default()
    }

    /// A header value by lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Headers the signer writes itself; a caller's copy of them is dropped.
fn is_owned_by_signer(lower: &str, params: &SigningParams<'_>) -> bool {
    match lower {
        "host" | "authorization" | "x-amz-date" => true,
        "x-amz-security-token" => params.credentials.session_token().is_some(),
        "x-amz-content-sha256" => {
            params.settings.payload_checksum_kind == PayloadChecksumKind::XAmzSha256
        }
        _ => false,
    }
}

/// The payload hash as the canonical request has it: the hex SHA-256 of the body, or
/// `UNSIGNED-PAYLOAD`; on the stack.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum PayloadHash {
    Fixed(&'static str),
    Hex([u8; 64]),
}

impl PayloadHash {
    /// The hash of `body` in `mode`.
    pub(crate) fn of(body: &[u8], mode: PayloadMode) -> PayloadHash {
        match mode {
            PayloadMode::Unsigned => PayloadHash::Fixed(UNSIGNED_PAYLOAD),
            PayloadMode::Hashed if body.is_empty() => PayloadHash::Fixed(EMPTY_BODY_SHA256),
            PayloadMode::Hashed => PayloadHash::Hex(hex_digest(&sha256(body))),
        }
    }

    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            PayloadHash::Fixed(text) => text,
            PayloadHash::Hex(hex) => std::str::from_utf8(hex).unwrap_or_default(),
        }
    }
}

/// The canonical request, the string to sign and the signature of one request.
pub(crate) struct Computed {
    pub(crate) creq: String,
    pub(crate) sts: String,
    pub(crate) signature: String,
}

/// The steps header and query signing share: canonical request, string to sign, key, HMAC.
#[allow(clippy::too_many_arguments)]
pub(crate) fn compute(
    request: &HttpRequest,
    wire_query: &str,
    canonical: &CanonicalHeaders,
    payload_hash: &str,
    time: &SigningTime,
    scope: &str,
    params: &SigningParams<'_>,
    cache: &mut SigningKeyCache,
) -> Computed {
    let creq = canonical_request(
        request.method(),
        &canonical_uri(request.url().path(), params.settings.percent_encoding_mode),
        &canonical_query(wire_query),
        canonical,
        payload_hash,
    );
    let sts = string_to_sign(time.amz_date(), scope, &sha256_hex(creq.as_bytes()));
    let secret = params.credentials.secret_access_key();
    let (date, region, service) = (time.date_stamp(), params.region, params.service);
    let mac = match cache.key_for(secret, date, region, service, scope) {
        Some(key) => key.mac(sts.as_bytes()),
        None => derive_signing_key(secret, date, region, service).mac(sts.as_bytes()),
    };
    let signature = hex_encode(&mac);
    Computed {
        creq,
        sts,
        signature,
    }
}

/// Signs a request with an `Authorization` header.
///
/// ```
/// use connect_phone_wasm::http::HttpRequest;
/// use connect_phone_wasm::sigv4::{sign, Credentials, SigningKeyCache, SigningParams, SigningSettings};
/// let request = HttpRequest::get("https://example.amazonaws.com/")?;
/// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None);
/// let params = SigningParams::new(&creds, "us-east-1", "service", 1_440_938_160, SigningSettings::default());
/// let signed = sign(&request, &params, &mut SigningKeyCache::default())?;
/// assert_eq!(signed.signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sign(
    request: &HttpRequest,
    params: &SigningParams<'_>,
    cache: &mut SigningKeyCache,
) -> Result<SignedRequest, SigningError> {
    let time = params.validate()?;
    let amz_date = time.amz_date();
    let token = params.credentials.session_token().map(|t| t.expose());
    let payload = PayloadHash::of(request.body(), params.settings.payload_mode);

    let mut headers: Vec<(String, String)> = Vec::with_capacity(request.headers().len() + 4);
    for (name, value) in request.headers() {
        let lower = name.to_ascii_lowercase();
        if is_owned_by_signer(&lower, params) {
            continue;
        }
        // A name given twice (in any case) is sent once, with its values joined as the
        // canonical form joins them, so a map of headers (JS, fetch) carries all of them.
        match headers.iter_mut().find(|(n, _)| *n == lower) {
            Some((_, joined)) => {
                *joined = format!(
                    "{},{}",
                    normalize_header_value(joined),
                    normalize_header_value(value)
                );
            }
            // A folded value (the suite's multiline header) is sent as it is signed: fetch
            // refuses line breaks in a header.
            None if value.contains(['\n', '\r']) => {
                headers.push((lower, normalize_header_value(value)))
            }
            None => headers.push((lower, value.clone())),
        }
    }
    headers.push(("x-amz-date".to_owned(), amz_date.to_owned()));
    let token_signed = params.settings.session_token_mode == SessionTokenMode::Include;
    if let (Some(token), true) = (token, token_signed) {
        headers.push(("x-amz-security-token".to_owned(), token.to_owned()));
    }
    if params.settings.payload_checksum_kind == PayloadChecksumKind::XAmzSha256 {
        headers.push((
            "x-amz-content-sha256".to_owned(),
            payload.as_str().to_owned(),
        ));
    }

    let host = request.url().host_header();
    let canonical = canonical_headers(
        std::iter::once(("host", host.as_str()))
            .chain(headers.iter().map(|(n, v)| (n.as_str(), v.as_str()))),
    );
    let scope = credential_scope(time.date_stamp(), params.region, params.service);
    let Computed {
        creq,
        sts,
        signature,
    } = compute(
        request,
        request.url().query(),
        &canonical,
        payload.as_str(),
        &time,
        &scope,
        params,
        cache,
    );

    if let (Some(token), false) = (token, token_signed) {
        headers.push(("x-amz-security-token".to_owned(), token.to_owned()));
    }
    let mut authorization = String::with_capacity(160);
    for part in [
        ALGORITHM,
        " Credential=",
        params.credentials.access_key_id(),
        "/",
        &scope,
        ", SignedHeaders=",
        &canonical.signed_headers,
        ", Signature=",
        &signature,
    ] {
        authorization.push_str(part);
    }
    headers.push(("authorization".to_owned(), authorization));
    Ok(SignedRequest {
        headers,
        signature,
        canonical_request: creq,
        string_to_sign: sts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sigv4::{Credentials, SigningSettings};

    fn signed(headers: &[(&str, &str)]) -> SignedRequest {
        let mut request = HttpRequest::get("https://example.amazonaws.com/").unwrap();
        for (n, v) in headers {
            request.push_header(n, v).unwrap();
        }
        let creds = Credentials::new("AKIDEXAMPLE", "secret", Some("the-token".into()));
        let params = SigningParams::new(
            &creds,
            "us-east-1",
            "service",
            1_440_938_160,
            SigningSettings::default(),
        );
        sign(&request, &params, &mut SigningKeyCache::default()).unwrap()
    }

    #[test]
    fn a_name_repeated_in_any_case_is_sent_once_with_the_signed_values() {
        let repeated = signed(&[("X-Foo", " a "), ("x-foo", "b  c")]);
        assert_eq!(repeated.header("x-foo"), Some("a,b c"));
        assert_eq!(
            repeated
                .headers
                .iter()
                .filter(|(n, _)| n == "x-foo")
                .count(),
            1
        );
        // Sending what was returned signs the same.
        assert_eq!(signed(&[("x-foo", "a,b c")]).signature, repeated.signature);
    }

    #[test]
    fn debug_hides_the_session_token() {
        let shown = format!("{:?}", signed(&[]));
        assert!(!shown.contains("the-token"), "{shown}");
        assert!(shown.contains("x-amz-security-token"));
    }
}
