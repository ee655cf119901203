//! Query-string signing: a URL that carries its own signature.

use super::canonical_request::canonical_headers;
use super::sign::{compute, PayloadHash};
use super::url_escape::percent_encode;
use super::{credential_scope, SigningError, SigningKeyCache, SigningParams, ALGORITHM};
use crate::http::{HttpRequest, Url};

/// The longest expiry SigV4 allows: seven days.
pub const MAX_PRESIGN_EXPIRY_SECONDS: i64 = 604_800;

/// Presigns a request: returns its URL with `X-Amz-Algorithm`, `X-Amz-Credential`,
/// `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders`, `X-Amz-Security-Token` (for
/// temporary credentials) and `X-Amz-Signature` added to the query.
///
/// The caller's headers are signed too, and must then be sent with the URL.
///
/// ```
/// use connect_phone_wasm::http::HttpRequest;
/// use connect_phone_wasm::sigv4::{presign, Credentials, SigningKeyCache, SigningParams, SigningSettings};
/// let request = HttpRequest::get("https://example.amazonaws.com/")?;
/// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None);
/// let params = SigningParams::new(&creds, "us-east-1", "service", 1_440_938_160, SigningSettings::default());
/// let url = presign(&request, &params, 300, &mut SigningKeyCache::default())?;
/// assert!(url.to_string().contains("X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature="));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn presign(
    request: &HttpRequest,
    params: &SigningParams<'_>,
    expires_in: i64,
    cache: &mut SigningKeyCache,
) -> Result<Url, SigningError> {
    let time = params.validate()?;
    if !(1..=MAX_PRESIGN_EXPIRY_SECONDS).contains(&expires_in) {
        return Err(SigningError::ExpiryOutOfRange(expires_in));
    }
    let host = request.url().host_header();
    let signable = request
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .filter(|(n, _)| {
            !matches!(
                n.to_ascii_lowercase().as_str(),
                "host" | "authorization" | "x-amz-date" | "x-amz-security-token"
            )
        });
    let canonical = canonical_headers(std::iter::once(("host", host.as_str())).chain(signable));
    let scope = credential_scope(time.date_stamp(), params.region, params.service);
    let credential = format!("{}/{}", params.credentials.access_key_id(), scope);

    // Presigning a presigned URL again replaces its signature rather than adding a second one.
    let mut query = without_auth_params(request.url().query());
    let expires = expires_in.to_string();
    let mut added: Vec<(&str, &str)> = vec![
        ("X-Amz-Algorithm", ALGORITHM),
        ("X-Amz-Credential", &credential),
        ("X-Amz-Date", time.amz_date()),
        ("X-Amz-Expires", &expires),
        ("X-Amz-SignedHeaders", &canonical.signed_headers),
    ];
    if let Some(token) = params.credentials.session_token() {
        added.push(("X-Amz-Security-Token", token.expose()));
    }
    for (name, value) in added {
        append_param(&mut query, name, value);
    }

    let payload = PayloadHash::of(request.body(), params.settings.payload_mode);
    let computed = compute(
        request,
        &query,
        &canonical,
        payload.as_str(),
        &time,
        &scope,
        params,
        cache,
    );
    append_param(&mut query, "X-Amz-Signature", &computed.signature);

    let mut url = request.url().clone();
    url.set_query(query);
    Ok(url)
}

/// The query without the parameters this module writes.
fn without_auth_params(query: &str) -> String {
    const AUTH: [&str; 7] = [
        "x-amz-algorithm",
        "x-amz-credential",
        "x-amz-date",
        "x-amz-expires",
        "x-amz-signedheaders",
        "x-amz-security-token",
        "x-amz-signature",
    ];
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let name = pair
                .split('=')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            !pair.is_empty() && !AUTH.contains(&name.as_str())
        })
        .collect();
    kept.join("&")
}

fn append_param(query: &mut String, name: &str, value: &str) {
    if !query.is_empty() {
        query.push('&');
    }
    query.push_str(name);
    query.push('=');
    query.push_str(&percent_encode(value.as_bytes()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sigv4::{Credentials, SigningSettings};

    #[test]
    fn presigning_twice_gives_the_same_url() {
        let creds = Credentials::new("AKIDEXAMPLE", "secret", Some("token".into()));
        let params = SigningParams::new(
            &creds,
            "us-east-1",
            "s3",
            1_440_938_160,
            SigningSettings::default(),
        );
        let mut cache = SigningKeyCache::default();
        let request = HttpRequest::get("https://example.com/key?versionId=1").unwrap();
        let once = presign(&request, &params, 60, &mut cache)
            .unwrap()
            .to_string();
        let again = presign(&HttpRequest::get(&once).unwrap(), &params, 60, &mut cache)
            .unwrap()
            .to_string();
        assert_eq!(once, again);
        assert!(once.starts_with("https://example.com/key?versionId=1&X-Amz-Algorithm="));
    }
}
