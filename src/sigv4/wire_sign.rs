//! Header signing for a request already in wire form, hashed as it is written.
//!
//! [`sign`](super::sign) builds the canonical request and the string to sign as strings, so
//! that a caller can see them. When the URL is already what `fetch` sends (see
//! [`wire_form`]) and the caller's headers (none, or a few) are already in canonical form,
//! the canonical request is fixed by a handful of values; this module streams those values
//! into SHA-256 instead, and allocates three times (the signed header names, the credential
//! scope and the `Authorization` value). It signs exactly what [`sign`](super::sign) signs; a
//! property test holds the two to the same output.

use super::canonical_request::is_signable;
use super::hashing::hex_digest;
use super::hashing::Sha256Stream;
use super::sign::PayloadHash;
use super::{
    credential_scope, PayloadChecksumKind, SessionTokenMode, SigningKeyCache, SigningParams,
    SigningTime, ALGORITHM,
};
use crate::http::is_token;
use crate::http::wire_form;
use sha2::Digest;

/// The headers that signing adds, in the order [`sign`](super::sign) returns them.
#[derive(Clone, PartialEq, Eq)]
pub struct WireSigned<'a> {
    time: SigningTime,
    token: Option<&'a str>,
    content_sha256: Option<PayloadHash>,
    authorization: String,
}

/// `Debug` shows the header names only: the session token is a header value.
impl std::fmt::Debug for WireSigned<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers().map(|(name, _)| name).collect();
        f.debug_struct("WireSigned")
            .field("headers", &names)
            .finish_non_exhaustive()
    }
}

impl WireSigned<'_> {
    /// `(name, value)` for `x-amz-date`, then the session token and `x-amz-content-sha256`
    /// when they apply, then `authorization`.
    pub fn headers(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            Some(("x-amz-date", self.time.amz_date())),
            self.token.map(|t| ("x-amz-security-token", t)),
            self.content_sha256
                .as_ref()
                .map(|h| ("x-amz-content-sha256", h.as_str())),
            Some(("authorization", self.authorization.as_str())),
        ]
        .into_iter()
        .flatten()
    }
}

/// Signs a request with no headers of its own whose URL is in wire form, or returns `None`
/// when [`sign`](super::sign) must: another URL, a method not in upper case, a session
/// token with spaces, [`SessionTokenMode::Exclude`], or parameters `sign` would refuse.
///
/// ```
/// use connect_phone_wasm::http::HttpRequest;
/// use connect_phone_wasm::sigv4::{sign, sign_wire_form, Credentials, SigningKeyCache, SigningParams, SigningSettings};
/// let url = "https://example.amazonaws.com/";
/// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None);
/// let params = SigningParams::new(&creds, "us-east-1", "service", 1_440_938_160, SigningSettings::default());
/// let mut cache = SigningKeyCache::default();
/// let fast = sign_wire_form("GET", url, b"", &params, &mut cache).unwrap();
/// let full = sign(&HttpRequest::get(url)?, &params, &mut cache)?;
/// let full: Vec<(&str, &str)> = full.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
/// assert_eq!(fast.headers().collect::<Vec<_>>(), full);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sign_wire_form<'a>(
    method: &str,
    url: &str,
    body: &[u8],
    params: &SigningParams<'a>,
    cache: &mut SigningKeyCache,
) -> Option<WireSigned<'a>> {
    sign_wire_form_with(method, url, body, &[], params, cache)
}

/// The most headers [`sign_wire_form_with`] takes from its caller.
pub const MAX_WIRE_HEADERS: usize = 4;

/// [`sign_wire_form`] for a request that also sends `headers` of its own, or `None` when
/// [`sign`](super::sign) must. The caller sends `headers` as given, then
/// [`WireSigned::headers`].
///
/// Each name must be a lower-case HTTP token that is signed and not one of the signer's own
/// (`host`, `x-amz-date`, `x-amz-security-token`, `x-amz-content-sha256`, `authorization`), each
/// given once; each value visible ASCII with single inner spaces, so that its canonical form
/// is itself. At most [`MAX_WIRE_HEADERS`] headers.
///
/// ```
/// use connect_phone_wasm::http::HttpRequest;
/// use connect_phone_wasm::sigv4::{sign, sign_wire_form_with, Credentials, SigningKeyCache, SigningParams, SigningSettings};
/// let url = "https://connect.us-west-2.amazonaws.com/phone-number/x";
/// let headers = [("x-amz-user-agent", "app/1.0"), ("amz-sdk-request", "attempt=1; max=3")];
/// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Some("token".into()));
/// let params = SigningParams::new(&creds, "us-west-2", "connect", 1_700_000_000, SigningSettings::default());
/// let mut cache = SigningKeyCache::default();
/// let fast = sign_wire_form_with("GET", url, b"", &headers, &params, &mut cache).unwrap();
/// let mut request = HttpRequest::get(url)?;
/// for (name, value) in headers {
///     request.push_header(name, value)?;
/// }
/// let full = sign(&request, &params, &mut cache)?;
/// let full: Vec<(&str, &str)> = full.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
/// let sent: Vec<(&str, &str)> = headers.into_iter().chain(fast.headers()).collect();
/// assert_eq!(sent, full);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sign_wire_form_with<'a>(
    method: &str,
    url: &str,
    body: &[u8],
    headers: &[(&str, &str)],
    params: &SigningParams<'a>,
    cache: &mut SigningKeyCache,
) -> Option<WireSigned<'a>> {
    if headers.len() > MAX_WIRE_HEADERS || !headers.iter().all(|h| is_plain_header(*h)) {
        return None;
    }
    let wire = wire_form(url)?;
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let time = params.validate().ok()?;
    let settings = params.settings;
    let credentials = params.credentials;
    let token = credentials.session_token().map(|t| t.expose());
    if token.is_some_and(|t| t.contains([' ', '\t'])) {
        return None;
    }
    if token.is_some() && settings.session_token_mode == SessionTokenMode::Exclude {
        return None;
    }
    let payload = PayloadHash::of(body, settings.payload_mode);
    let checksum = settings.payload_checksum_kind == PayloadChecksumKind::XAmzSha256;
    let date = time.amz_date();

    // The canonical headers: the signer's and the caller's, sorted by name, on the stack.
    let mut canonical: [(&str, &str); MAX_WIRE_HEADERS + 4] = [("", ""); MAX_WIRE_HEADERS + 4];
    let mut count = 0;
    let own = [
        Some(("host", wire.host_header)),
        checksum.then_some(("x-amz-content-sha256", payload.as_str())),
        Some(("x-amz-date", date)),
        token.map(|t| ("x-amz-security-token", t)),
    ];
    for header in own.into_iter().flatten().chain(headers.iter().copied()) {
        let slot = canonical.get_mut(count)?;
        *slot = header;
        count += 1;
    }
    let canonical = canonical.get_mut(..count)?;
    // An insertion sort: a handful of items, and far less code than the library sorts.
    for i in 1..canonical.len() {
        let mut j = i;
        while j > 0 && canonical.get(j - 1).map(|h| h.0) > canonical.get(j).map(|h| h.0) {
            canonical.swap(j - 1, j);
            j -= 1;
        }
    }
    if canonical
        .windows(2)
        .any(|w| matches!(w, [a, b] if a.0 == b.0))
    {
        return None;
    }
    let signed_headers = signed_header_names(canonical);

    // The canonical request: method, URI, (empty) query, headers, signed headers, payload.
    let mut creq = Sha256Stream::new();
    creq.update(method.as_bytes());
    creq.update(b"\n");
    match settings.percent_encoding_mode {
        // The path is unreserved bytes, `/` and `%XX`: encoding it again touches `%` only.
        super::PercentEncodingMode::Double => {
            for (i, piece) in wire.path.split('%').enumerate() {
                if i > 0 {
                    creq.update(b"%25");
                }
                creq.update(piece.as_bytes());
            }
        }
        super::PercentEncodingMode::Single => creq.update(wire.path.as_bytes()),
    }
    // The (empty) query, then one line per header.
    creq.update(b"\n\n");
    for (name, value) in canonical.iter() {
        for part in [name, ":", value, "\n"] {
            creq.update(part.as_bytes());
        }
    }
    for part in ["\n", &signed_headers, "\n", payload.as_str()] {
        creq.update(part.as_bytes());
    }
    let creq_hash = hex_digest(&creq.finalize().into());

    let scope = credential_scope(time.date_stamp(), params.region, params.service);
    let key = cache.key_for(
        credentials.secret_access_key(),
        time.date_stamp(),
        params.region,
        params.service,
        &scope,
    )?;
    let signature = key.mac_parts(&[
        ALGORITHM.as_bytes(),
        b"\n",
        date.as_bytes(),
        b"\n",
        scope.as_bytes(),
        b"\n",
        &creq_hash,
    ]);
    let signature = hex_digest(&signature);
    let mut authorization = String::with_capacity(200);
    for part in [
        ALGORITHM,
        " Credential=",
        credentials.access_key_id(),
        "/",
        &scope,
        ", SignedHeaders=",
        &signed_headers,
        ", Signature=",
        std::str::from_utf8(&signature).unwrap_or_default(),
    ] {
        authorization.push_str(part);
    }
    Some(WireSigned {
        time,
        token,
        content_sha256: checksum.then_some(payload),
        authorization,
    })
}

/// Whether a caller's header is one [`sign`](super::sign) would sign and send exactly as given.
fn is_plain_header((name, value): (&str, &str)) -> bool {
    let plain_name = is_token(name)
        && !name.bytes().any(|b| b.is_ascii_uppercase())
        && is_signable(name)
        && !matches!(
            name,
            "host" | "x-amz-date" | "x-amz-security-token" | "x-amz-content-sha256"
        );
    let bytes = value.as_bytes();
    let plain_value = bytes.iter().all(|b| (b' '..=b'~').contains(b))
        && bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && !bytes.windows(2).any(|pair| pair == b"  ");
    plain_name && plain_value
}

/// `name;name;…` of sorted canonical headers.
fn signed_header_names(canonical: &[(&str, &str)]) -> String {
    let mut names = String::with_capacity(96);
    for (i, (name, _)) in canonical.iter().enumerate() {
        if i > 0 {
            names.push(';');
        }
        names.push_str(name);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sigv4::{Credentials, SigningSettings};

    const URL: &str = "https://connect.us-east-1.amazonaws.com/phone-number/x";

    fn sign_as<'a>(
        creds: &'a Credentials,
        method: &str,
        url: &str,
        settings: SigningSettings,
    ) -> Option<WireSigned<'a>> {
        let params = SigningParams::new(creds, "us-east-1", "connect", 1_700_000_000, settings);
        sign_wire_form(method, url, b"", &params, &mut SigningKeyCache::default())
    }

    fn signs(method: &str, url: &str, token: &str, settings: SigningSettings) -> bool {
        let token = (!token.is_empty()).then(|| token.to_owned());
        let creds = Credentials::new("AKIDEXAMPLE", "secret", token);
        sign_as(&creds, method, url, settings).is_some()
    }

    #[test]
    fn leaves_to_the_full_signer_what_it_does_not_take() {
        let plain = SigningSettings::default();
        let exclude = SigningSettings {
            session_token_mode: SessionTokenMode::Exclude,
            ..plain
        };
        assert!(signs("GET", URL, "", plain));
        assert!(signs("GET", URL, "token", plain));
        assert!(signs("GET", URL, "", exclude));
        assert!(!signs("get", URL, "", plain), "a method not in upper case");
        assert!(!signs("", URL, "", plain), "no method");
        assert!(!signs(
            "GET",
            "https://connect.us-east-1.amazonaws.com/a b",
            "",
            plain
        ));
        assert!(!signs("GET", URL, "a token", plain), "a token with a space");
        assert!(!signs("GET", URL, "token", exclude), "a token signed after");
        let creds = Credentials::new("AKID EXAMPLE", "secret", None);
        assert!(sign_as(&creds, "GET", URL, plain).is_none(), "invalid");
    }

    #[test]
    fn debug_shows_header_names_only() {
        let creds = Credentials::new("AKIDEXAMPLE", "secret", Some("the-token".into()));
        let signed = sign_as(&creds, "GET", URL, SigningSettings::default());
        let shown = format!("{signed:?}");
        assert!(shown.contains("x-amz-security-token"), "{shown}");
        assert!(
            !shown.contains("the-token") && !shown.contains("Signature="),
            "{shown}"
        );
    }
}
