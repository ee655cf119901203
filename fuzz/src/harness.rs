//! What each fuzz target does with its bytes: decode them into inputs, run the code under
//! test, and assert the invariants that must hold for every input.
//!
//! This file depends on `connect_phone_wasm` and `std` only, so `tests/fuzz_regressions.rs`
//! includes it as a module and replays saved inputs natively, under plain `cargo test`.
//!
//! Input layout (all three targets): a fixed number of control bytes (missing ones read as
//! zero), then text fields separated by `0xFF`, a byte that never occurs in UTF-8. A field
//! that is absent takes a realistic default; a field that is present but empty stays empty.
//! Fields are read as lossy UTF-8, so every byte string is a valid input.

use connect_phone_wasm::connect::{
    describe_phone_number_request, invocation_id, parse_output, parse_response, resolve_endpoint,
    validate_phone_number_id, validate_region, ConnectError, DescribePhoneNumberOutput,
    EndpointConfig, HttpResponse, RequestContext,
};
use connect_phone_wasm::http::{HttpRequest, Scheme, Url};
use connect_phone_wasm::sigv4::canonical_request::canonical_query;
use connect_phone_wasm::sigv4::{
    percent_encode, presign, sign, sign_wire_form_with, Credentials, PayloadChecksumKind,
    PayloadMode, PercentEncodingMode, SessionTokenMode, SignedRequest, SigningKeyCache,
    SigningParams, SigningSettings, MAX_PRESIGN_EXPIRY_SECONDS,
};

/// Separates the fields of an input.
pub const SEPARATOR: u8 = 0xFF;

/// The environment variable that names invariants (comma-separated ids) to skip: an input
/// that breaks one of them is dropped instead of reported, so a run can go on looking for
/// other bugs while a known one is open. Unset, every invariant is checked.
pub const SKIP_VARIABLE: &str = "FUZZ_SKIP_INVARIANTS";

fn skipped(id: &str) -> bool {
    static SKIPPED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    SKIPPED
        .get_or_init(|| {
            std::env::var(SKIP_VARIABLE)
                .unwrap_or_default()
                .split(',')
                .map(|id| id.trim().to_owned())
                .filter(|id| !id.is_empty())
                .collect()
        })
        .iter()
        .any(|skip| skip == id)
}

/// `invariant!("id", condition, "message", args…)`: panics with `invariant id violated: …`
/// when the condition is false, unless the id is skipped; then the function returns.
macro_rules! invariant {
    ($id:literal, $cond:expr, $($message:tt)+) => {
        if !$cond {
            if skipped($id) {
                return;
            }
            panic!("invariant {} violated: {}", $id, format_args!($($message)+));
        }
    };
}

/// `invariant_eq!("id", left, right, "message", args…)`, with both values in the message.
macro_rules! invariant_eq {
    ($id:literal, $left:expr, $right:expr, $($message:tt)+) => {
        match (&$left, &$right) {
            (left, right) => invariant!(
                $id,
                left == right,
                "{}\n  left: {:?}\n right: {:?}",
                format_args!($($message)+),
                left,
                right
            ),
        }
    };
}

/// The last second SigV4 can sign: 9999-12-31T23:59:59Z.
const LAST_SIGNING_SECOND: u64 = 253_402_300_799;

/// An input split into its control bytes and its fields.
struct Input<'a> {
    control: Vec<u8>,
    fields: Vec<&'a [u8]>,
}

impl<'a> Input<'a> {
    /// Splits `data` after `control_len` bytes into at most `max_fields` fields (the last one
    /// keeps any further separators).
    fn new(data: &'a [u8], control_len: usize, max_fields: usize) -> Input<'a> {
        let (control, rest) = data.split_at(control_len.min(data.len()));
        let mut control = control.to_vec();
        control.resize(control_len, 0);
        let fields = if rest.is_empty() {
            Vec::new()
        } else {
            rest.splitn(max_fields, |&b| b == SEPARATOR).collect()
        };
        Input { control, fields }
    }

    fn byte(&self, i: usize) -> u8 {
        self.control.get(i).copied().unwrap_or(0)
    }

    fn bit(&self, byte: usize, bit: u32) -> bool {
        self.byte(byte) >> bit & 1 == 1
    }

    fn array<const N: usize>(&self, from: usize) -> [u8; N] {
        let mut out = [0u8; N];
        for (i, b) in out.iter_mut().enumerate() {
            *b = self.byte(from + i);
        }
        out
    }

    fn raw(&self, i: usize) -> Option<&'a [u8]> {
        self.fields.get(i).copied()
    }

    fn text(&self, i: usize, default: &str) -> String {
        self.raw(i).map_or_else(
            || default.to_owned(),
            |b| String::from_utf8_lossy(b).into_owned(),
        )
    }
}

// ---------------------------------------------------------------------------------------
// sign

/// What the `sign` target decodes from its bytes.
///
/// Control bytes (14):
/// - 0: bit 0 single (S3) path encoding, bit 1 `x-amz-content-sha256`, bit 2 unsigned
///   payload, bit 3 session token added after signing, bit 4 a session token, bit 5 the time
///   taken as any `i64` (else folded into 1970..=9999), bit 6 the expiry taken as any `i32`
///   (else folded into 1..=604800), bit 7 the key cache warmed with near-miss scopes first;
/// - 1: the seed that shuffles and re-cases the headers;
/// - 2..10: the signing time (little-endian);
/// - 10..14: the presign expiry (little-endian).
///
/// Fields: method, URL, region, service, access key id, secret key, session token, body,
/// then header name, header value, name, value, …
#[derive(Debug)]
struct SignCase {
    method: String,
    url: String,
    region: String,
    service: String,
    access_key_id: String,
    secret: String,
    session_token: Option<String>,
    body: Vec<u8>,
    headers: Vec<(String, String)>,
    settings: SigningSettings,
    time: i64,
    expires_in: i64,
    seed: u8,
    warm_cache: bool,
}

impl SignCase {
    const CONTROL: usize = 14;

    fn decode(data: &[u8]) -> SignCase {
        let input = Input::new(data, Self::CONTROL, usize::MAX);
        let time_bytes: [u8; 8] = input.array(2);
        let time = if input.bit(0, 5) {
            i64::from_le_bytes(time_bytes)
        } else {
            // In range, so most inputs get past validation.
            i64::try_from(u64::from_le_bytes(time_bytes) % (LAST_SIGNING_SECOND + 1))
                .unwrap_or_default()
        };
        let expiry_bytes: [u8; 4] = input.array(10);
        let expires_in = if input.bit(0, 6) {
            i64::from(i32::from_le_bytes(expiry_bytes))
        } else {
            1 + i64::from(u32::from_le_bytes(expiry_bytes)) % MAX_PRESIGN_EXPIRY_SECONDS
        };
        let settings = SigningSettings {
            percent_encoding_mode: if input.bit(0, 0) {
                PercentEncodingMode::Single
            } else {
                PercentEncodingMode::Double
            },
            payload_checksum_kind: if input.bit(0, 1) {
                PayloadChecksumKind::XAmzSha256
            } else {
                PayloadChecksumKind::NoHeader
            },
            payload_mode: if input.bit(0, 2) {
                PayloadMode::Unsigned
            } else {
                PayloadMode::Hashed
            },
            session_token_mode: if input.bit(0, 3) {
                SessionTokenMode::Exclude
            } else {
                SessionTokenMode::Include
            },
        };
        let headers = input
            .fields
            .get(8..)
            .unwrap_or_default()
            .chunks(2)
            .map(|pair| {
                let text = |i: usize| {
                    pair.get(i)
                        .map(|b| String::from_utf8_lossy(b).into_owned())
                        .unwrap_or_default()
                };
                (text(0), text(1))
            })
            .collect();
        SignCase {
            method: input.text(0, "GET"),
            url: input.text(1, "https://example.amazonaws.com/"),
            region: input.text(2, "us-east-1"),
            service: input.text(3, "service"),
            access_key_id: input.text(4, "AKIDEXAMPLE"),
            secret: input.text(5, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            session_token: input.bit(0, 4).then(|| input.text(6, "session-token")),
            body: input.raw(7).unwrap_or_default().to_vec(),
            headers,
            settings,
            time,
            expires_in,
            seed: input.byte(1),
            warm_cache: input.bit(0, 7),
        }
    }

    /// The request with `headers` pushed in order; names that are not tokens are refused by
    /// `push_header` and left out. `None` when the method or URL is refused.
    fn request(&self, headers: &[(String, String)]) -> Option<HttpRequest> {
        let mut request = HttpRequest::new(&self.method, &self.url).ok()?;
        for (name, value) in headers {
            let _ = request.push_header(name, value);
        }
        Some(request.with_body(self.body.clone()))
    }

    /// The headers `push_header` accepts, shuffled by name (the values of one name keep
    /// their order: that order is signed) and with every name re-cased.
    fn shuffled_headers(&self) -> Vec<(String, String)> {
        let mut rng = XorShift(u64::from(self.seed) << 32 | 0x9E37_79B9);
        let group_key = |name: &str| {
            // FNV-1a of the lower-case name, mixed with the seed.
            name.bytes()
                .fold(0xCBF2_9CE4_8422_2325_u64 ^ u64::from(self.seed), |h, b| {
                    (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01B3)
                })
        };
        let mut headers = self.headers.clone();
        headers.sort_by_key(|(name, _)| group_key(name));
        for (name, _) in &mut headers {
            *name = name
                .chars()
                .map(|c| {
                    if rng.next() & 1 == 1 {
                        c.to_ascii_uppercase()
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect();
        }
        headers
    }
}

/// xorshift64: a deterministic stream of bits from the input's seed.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// The `sign` target: `HttpRequest::new` + `push_header` + `sign` and `presign` with a
/// signing-key cache, for any method, URL, headers, body, scope, time and settings.
///
/// Invariants (ids for [`SKIP_VARIABLE`]):
/// - `url-round-trip`: a URL that parses prints as a URL that parses back to itself;
/// - `canonical-query-idempotent`: the canonical query of a canonical query is itself;
/// - `sign-presign-agree`: `sign` succeeds exactly when `presign` with a valid expiry does,
///   and `presign-expiry`: an expiry outside 1..=604800 is refused;
/// - `key-cache`: a key cache warmed with near-miss scopes signs as a fresh one does;
/// - a signed request is well formed (see `check_signed`): `signature-hex`,
///   `creq-control-chars` (the canonical request has no control character but its `\n`
///   separators), `creq-lines` (one line per signed header), `signed-headers-sorted`,
///   `signed-headers-host-date`, `payload-hash`, `authorization`, `string-to-sign`,
///   `sent-headers-lowercase`, `sent-headers-unique`, `sent-no-host`, `authorization-last`;
/// - `wire-form-parse`: `Url::parse` (with its shortcut for URLs in wire form) and
///   `Url::parse_whatwg` give the same result;
/// - `wire-form-agrees`: when `sign_wire_form_with` takes the URL and body, with no headers
///   or with the case's, `sign` sends the same headers and the URL prints as given;
/// - `header-order`: reordering the headers (keeping the order of the values of one name,
///   which is signed) and re-casing their names gives the same `Authorization`, and
///   `presign-header-order` the same presigned URL;
/// - `resign-sent-headers`: signing the headers that `sign` returned (what a server gets)
///   gives the same canonical request and signature;
/// - `presigned-url-round-trip`, `presign-only-query`, `presigned-signature`: a presigned
///   URL parses back to itself, differs from the request's in its query only, and ends in
///   `X-Amz-Signature=<64 hex>`.
pub fn check_sign(data: &[u8]) {
    let case = SignCase::decode(data);
    invariant_eq!(
        "wire-form-parse",
        Url::parse(&case.url),
        Url::parse_whatwg(&case.url),
        "Url::parse's wire-form shortcut and the full parser differ on {:?}",
        case.url
    );
    let Some(request) = case.request(&case.headers) else {
        return;
    };

    let url = request.url();
    let printed = url.to_string();
    invariant_eq!(
        "url-round-trip",
        Url::parse(&printed).as_ref(),
        Ok(url),
        "the URL {printed:?} (from {:?}) does not parse back to itself",
        case.url
    );
    let query = canonical_query(url.query());
    invariant_eq!(
        "canonical-query-idempotent",
        canonical_query(&query),
        query,
        "canonical_query of {:?}",
        url.query()
    );

    let credentials = Credentials::new(
        case.access_key_id.as_str(),
        case.secret.as_str(),
        case.session_token.clone(),
    );
    let params = SigningParams::new(
        &credentials,
        &case.region,
        &case.service,
        case.time,
        case.settings,
    );
    let mut cache = SigningKeyCache::default();
    if case.warm_cache {
        // Keys for scopes that differ from the real one in one part only.
        let other_secret = Credentials::new(
            case.access_key_id.as_str(),
            format!("{}x", case.secret),
            None,
        );
        let other_region = format!("{}x", case.region);
        let other_service = format!("{}x", case.service);
        let (region, service, time, settings) =
            (&case.region, &case.service, case.time, case.settings);
        for near_miss in [
            SigningParams::new(&other_secret, region, service, time, settings),
            SigningParams::new(&credentials, &other_region, service, time, settings),
            SigningParams::new(&credentials, region, &other_service, time, settings),
            SigningParams::new(
                &credentials,
                region,
                service,
                time.saturating_sub(86_400),
                settings,
            ),
        ] {
            let _ = sign(&request, &near_miss, &mut cache);
        }
    }

    let signed = sign(&request, &params, &mut cache);
    // The wire-form signer takes the URL as given, with no headers or with the case's: when
    // it signs, the full path must accept the same request, print the URL unchanged and send
    // the same headers (the caller's, then the signer's).
    let given: Vec<(&str, &str)> = case
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let none: [(&str, &str); 0] = [];
    for headers in [&none[..], &given[..]] {
        let Some(fast) = sign_wire_form_with(
            &case.method,
            &case.url,
            &case.body,
            headers,
            &params,
            &mut cache,
        ) else {
            continue;
        };
        let mut sent: Vec<(&str, &str)> = headers.to_vec();
        sent.extend(fast.headers().map(|(n, v)| -> (&str, &str) { (n, v) }));
        let full = HttpRequest::new(&case.method, &case.url)
            .map_err(|e| e.to_string())
            .and_then(|mut r| {
                for (name, value) in headers {
                    r.push_header(name, value).map_err(|e| e.to_string())?;
                }
                let r = r.with_body(case.body.clone());
                let printed = r.url().to_string();
                let signed = sign(&r, &params, &mut SigningKeyCache::default())
                    .map_err(|e| e.to_string())?;
                Ok((printed, signed.headers))
            });
        let full = full.as_ref().map(|(printed, headers)| {
            let headers: Vec<(&str, &str)> = headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            (printed.as_str(), headers)
        });
        invariant_eq!(
            "wire-form-agrees",
            full,
            Ok::<_, &String>((case.url.as_str(), sent)),
            "the wire-form signer and sign differ on {} {:?} with headers {:?}",
            case.method,
            case.url,
            headers
        );
    }
    let presigned = presign(&request, &params, case.expires_in, &mut cache);
    if (1..=MAX_PRESIGN_EXPIRY_SECONDS).contains(&case.expires_in) {
        invariant_eq!(
            "sign-presign-agree",
            signed.as_ref().err(),
            presigned.as_ref().err(),
            "sign and presign disagree"
        );
    } else {
        invariant!(
            "presign-expiry",
            presigned.is_err(),
            "presign accepted expiry {}",
            case.expires_in
        );
    }

    let shuffled = case.shuffled_headers();
    let shuffled_request = case.request(&shuffled);

    if let Ok(signed) = &signed {
        let fresh = sign(&request, &params, &mut SigningKeyCache::default());
        invariant_eq!(
            "key-cache",
            fresh.as_ref(),
            Ok(signed),
            "a warmed key cache signs differently"
        );
        check_signed(signed, &case);

        if let Some(shuffled_request) = &shuffled_request {
            let again = sign(shuffled_request, &params, &mut cache);
            invariant_eq!(
                "header-order",
                again
                    .as_ref()
                    .map(|s| (s.authorization(), &s.canonical_request)),
                Ok((signed.authorization(), &signed.canonical_request)),
                "headers {shuffled:?} sign differently from {:?}",
                case.headers
            );
        }

        // What a server receives: the headers `sign` returned, less `authorization`.
        let sent: Vec<(String, String)> = signed
            .headers
            .iter()
            .filter(|(name, _)| name != "authorization")
            .cloned()
            .collect();
        let resent = case.request(&sent).map(|r| sign(&r, &params, &mut cache));
        invariant_eq!(
            "resign-sent-headers",
            resent
                .as_ref()
                .map(|r| r.as_ref().map(|s| (&s.canonical_request, &s.signature))),
            Some(Ok((&signed.canonical_request, &signed.signature))),
            "signing the returned headers {sent:?} gives another signature"
        );
    }

    if let Ok(presigned) = &presigned {
        let printed = presigned.to_string();
        invariant_eq!(
            "presigned-url-round-trip",
            Url::parse(&printed).as_ref(),
            Ok(presigned),
            "the presigned URL {printed:?} does not parse back to itself"
        );
        invariant_eq!(
            "presign-only-query",
            (
                presigned.scheme(),
                presigned.host_header(),
                presigned.path()
            ),
            (url.scheme(), url.host_header(), url.path()),
            "presigning changed more than the query"
        );
        let signature = presigned
            .query()
            .rsplit_once("&X-Amz-Signature=")
            .map(|(_, s)| s);
        invariant!(
            "presigned-signature",
            signature.is_some_and(is_signature),
            "the presigned query {:?} does not end with a signature",
            presigned.query()
        );
        if let Some(shuffled_request) = &shuffled_request {
            let again = presign(shuffled_request, &params, case.expires_in, &mut cache);
            invariant_eq!(
                "presign-header-order",
                again.as_ref(),
                Ok(presigned),
                "headers {shuffled:?} presign differently from {:?}",
                case.headers
            );
        }
    }
}

fn is_signature(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The shape of a successful signature.
fn check_signed(signed: &SignedRequest, case: &SignCase) {
    invariant!(
        "signature-hex",
        is_signature(&signed.signature),
        "signature {:?}",
        signed.signature
    );

    let creq = &signed.canonical_request;
    let control = creq.chars().find(|&c| c.is_control() && c != '\n');
    invariant_eq!(
        "creq-control-chars",
        control,
        None,
        "the canonical request {creq:?} has a raw control character (headers {:?})",
        case.headers
    );
    let lines: Vec<&str> = creq.split('\n').collect();
    let signed_headers = lines
        .get(lines.len().saturating_sub(2))
        .copied()
        .unwrap_or_default();
    let names: Vec<&str> = signed_headers.split(';').collect();
    invariant_eq!(
        "creq-lines",
        lines.len(),
        names.len() + 6,
        "the canonical request {creq:?} does not have one line per signed header"
    );
    invariant!(
        "signed-headers-sorted",
        names.windows(2).all(|w| w.first() < w.last()),
        "signed headers {signed_headers:?} are not sorted and unique"
    );
    invariant!(
        "signed-headers-host-date",
        names.contains(&"host") && names.contains(&"x-amz-date"),
        "signed headers {signed_headers:?} lack host or x-amz-date"
    );
    let payload = lines.last().copied().unwrap_or_default();
    invariant!(
        "payload-hash",
        is_signature(payload) || payload == "UNSIGNED-PAYLOAD",
        "payload hash {payload:?}"
    );

    let date = signed.header("x-amz-date").unwrap_or_default();
    let expected = format!(
        "AWS4-HMAC-SHA256 Credential={}/{}/{}/{}/aws4_request, SignedHeaders={}, Signature={}",
        case.access_key_id,
        date.get(..8).unwrap_or_default(),
        case.region,
        case.service,
        signed_headers,
        signed.signature
    );
    invariant_eq!(
        "authorization",
        signed.authorization(),
        expected,
        "the Authorization header"
    );

    let sts: Vec<&str> = signed.string_to_sign.split('\n').collect();
    invariant!(
        "string-to-sign",
        sts.len() == 4
            && sts.first() == Some(&"AWS4-HMAC-SHA256")
            && sts.get(1) == Some(&date)
            && sts.last().is_some_and(|hash| is_signature(hash)),
        "string to sign {:?}",
        signed.string_to_sign
    );

    let sent: Vec<&str> = signed.headers.iter().map(|(n, _)| n.as_str()).collect();
    invariant!(
        "sent-headers-lowercase",
        sent.iter()
            .all(|n| !n.bytes().any(|b| b.is_ascii_uppercase())),
        "header names to send are not lower-case: {sent:?}"
    );
    let unique = sent
        .iter()
        .enumerate()
        .all(|(i, name)| !sent.iter().skip(i + 1).any(|other| other == name));
    invariant!(
        "sent-headers-unique",
        unique,
        "a header is sent twice: {sent:?}"
    );
    invariant!(
        "sent-no-host",
        !sent.contains(&"host"),
        "host is among the headers to send: {sent:?}"
    );
    invariant_eq!(
        "authorization-last",
        sent.last(),
        Some(&"authorization"),
        "authorization is not the last header: {sent:?}"
    );
}

// ---------------------------------------------------------------------------------------
// endpoint

/// The `endpoint` target: `resolve_endpoint` for any region, FIPS and dual-stack flags and
/// custom endpoint, then `describe_phone_number_request` for any id, signed.
///
/// Control bytes (19): 0: bit 0 FIPS, bit 1 dual-stack, bit 2 a custom endpoint; 1: the
/// attempt; 2: the most attempts; 3..19: the random bytes of the invocation id.
/// Fields: region, custom endpoint, phone number id.
///
/// Invariants (ids for [`SKIP_VARIABLE`]):
/// - `endpoint-error`: errors are `ValidationError`s (and, as every error here,
///   `error-name-message`: with a name and a message);
/// - `endpoint-region`: an endpoint is resolved for a valid region only;
/// - `custom-endpoint`: a custom endpoint is exactly the URL given, with no query, and
///   neither FIPS nor dual-stack;
/// - `endpoint-host`, `endpoint-url`: any other is `https://` with no port, path `/` and a
///   host of `[a-z0-9.-]` only that starts with `connect` and holds `.{region}.`;
/// - `endpoint-round-trip`: the endpoint URL parses back to itself;
/// - `request-id-valid`: a request is built for a valid id only;
/// - `request-target`: it is a `GET` to the endpoint's scheme, host and port;
/// - `request-path`: its path ends in `/phone-number/{percent-encoded id}`;
/// - `request-round-trip`: its URL parses back to itself;
/// - `request-signs`: it signs, and its canonical request has no control character but
///   `\n`.
pub fn check_endpoint(data: &[u8]) {
    let input = Input::new(data, 19, 3);
    let use_fips = input.bit(0, 0);
    let use_dual_stack = input.bit(0, 1);
    let config = EndpointConfig {
        region: input.text(0, "us-west-2"),
        use_fips,
        use_dual_stack,
        endpoint: input
            .bit(0, 2)
            .then(|| input.text(1, "http://127.0.0.1:8080")),
    };
    let endpoint = match resolve_endpoint(&config) {
        Ok(endpoint) => endpoint,
        Err(error) => {
            check_error(&error);
            invariant_eq!(
                "endpoint-error",
                error.name(),
                "ValidationError",
                "{error:?}"
            );
            return;
        }
    };
    invariant!(
        "endpoint-region",
        validate_region(&config.region).is_ok(),
        "resolved an endpoint for region {:?}",
        config.region
    );
    let url = &endpoint.url;
    match &config.endpoint {
        Some(custom) => {
            invariant!(
                "custom-endpoint",
                !use_fips
                    && !use_dual_stack
                    && endpoint.partition == "custom"
                    && Url::parse(custom).as_ref() == Ok(url)
                    && url.query().is_empty(),
                "custom endpoint {custom:?} resolved to {endpoint:?}"
            );
        }
        None => {
            let host = url.host();
            invariant!(
                "endpoint-host",
                host.bytes()
                    .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-'))
                    && (host.starts_with("connect.") || host.starts_with("connect-fips."))
                    && host.contains(&format!(".{}.", config.region)),
                "host {host:?} for region {:?}",
                config.region
            );
            invariant_eq!(
                "endpoint-url",
                (
                    url.scheme(),
                    url.port(),
                    url.path(),
                    url.query(),
                    endpoint.partition == "custom"
                ),
                (Scheme::Https, None, "/", "", false),
                "endpoint {endpoint:?}"
            );
        }
    }
    let printed = url.to_string();
    invariant_eq!(
        "endpoint-round-trip",
        Url::parse(&printed).as_ref(),
        Ok(url),
        "{printed:?} does not parse back"
    );

    let id = input.text(2, "12345678-1234-1234-1234-123456789012");
    let invocation = invocation_id(input.array(3));
    let context = RequestContext {
        invocation_id: &invocation,
        attempt: u32::from(input.byte(1)),
        max_attempts: u32::from(input.byte(2)),
    };
    let request = match describe_phone_number_request(&endpoint, &id, &context) {
        Ok(request) => request,
        Err(error) => {
            check_error(&error);
            return;
        }
    };
    invariant!(
        "request-id-valid",
        validate_phone_number_id(&id).is_ok(),
        "built a request for id {id:?}"
    );
    let request_url = request.url();
    invariant_eq!(
        "request-target",
        (
            request.method(),
            request_url.scheme(),
            request_url.host_header()
        ),
        ("GET", url.scheme(), url.host_header()),
        "request {request_url} for endpoint {url}"
    );
    let tail = format!("/phone-number/{}", percent_encode(id.as_bytes()));
    invariant!(
        "request-path",
        request_url.path().ends_with(&tail),
        "the request path {:?} for id {id:?} (endpoint {url}) does not end with {tail:?}",
        request_url.path()
    );
    let printed = request_url.to_string();
    invariant_eq!(
        "request-round-trip",
        Url::parse(&printed).as_ref(),
        Ok(request_url),
        "{printed:?} does not parse back"
    );

    let credentials = Credentials::new("AKIDEXAMPLE", "secret", Some("token".to_owned()));
    let params = SigningParams::new(
        &credentials,
        &config.region,
        "connect",
        1_700_000_000,
        SigningSettings::default(),
    );
    let signed = sign(&request, &params, &mut SigningKeyCache::default());
    let control = signed.as_ref().map(|signed| {
        signed
            .canonical_request
            .chars()
            .find(|&c| c.is_control() && c != '\n')
    });
    invariant_eq!(
        "request-signs",
        control,
        Ok(None),
        "a DescribePhoneNumber request for {id:?} does not sign cleanly: {signed:?}"
    );
}

// ---------------------------------------------------------------------------------------
// response

/// The `response` target: `parse_response` (serde and `serde_json`) for any status, headers
/// and body.
///
/// Control bytes (3): 0..2: the status (big-endian); 2: bit 0 a request id, bit 1 an
/// `x-amzn-ErrorType`, bit 2 a `Content-Type`. Fields: request id, error type, content
/// type, then the body (which may hold `0xFF` bytes).
///
/// Invariants (ids for [`SKIP_VARIABLE`]):
/// - `output-status`: an output comes from a 2xx response only;
/// - `output-round-trip`: the output serialized with serde parses back to it (with
///   `serde_json` alone, and with `parse_output`);
/// - `error-name-message`: an error has a non-empty `name()` and `message()`;
/// - `error-fields`: it has the response's status and request id;
/// - `error-kind`: it is a `ConnectError::ResponseParse` exactly when the status is 2xx (by
///   variant: a server may name its error `ResponseParseError` too);
/// - `parse-error-kind`: a 2xx body that the untyped `serde_json::Value` parser accepts is
///   never called truncated or not JSON, but JSON of the wrong shape. (The typed parser skips
///   unknown members without checking their escapes, so a truncated body may hold an escape
///   the untyped parser refuses first: truncated implies only that the untyped parse fails.)
pub fn check_response(data: &[u8]) {
    let input = Input::new(data, 3, 4);
    let optional = |bit: u32, field: usize| {
        input
            .raw(field)
            .filter(|_| input.bit(2, bit))
            .map(|b| String::from_utf8_lossy(b).into_owned())
    };
    let response = HttpResponse {
        status: u16::from_be_bytes(input.array(0)),
        request_id: optional(0, 0),
        error_type: optional(1, 1),
        content_type: optional(2, 2),
        body: input.raw(3).unwrap_or_default().to_vec(),
    };
    let success = (200..300).contains(&response.status);

    match parse_response(&response) {
        Ok(output) => {
            invariant!(
                "output-status",
                success,
                "an output from status {}",
                response.status
            );
            let written = serde_json::to_string(&output).unwrap_or_default();
            let reparsed = serde_json::from_str::<DescribePhoneNumberOutput>(&written)
                .map_err(|e| e.to_string());
            let again = parse_output(&HttpResponse {
                status: 200,
                body: written.clone().into_bytes(),
                ..HttpResponse::default()
            });
            invariant_eq!(
                "output-round-trip",
                (reparsed.as_ref(), again.as_ref().map_err(|e| e.message())),
                (Ok(&output), Ok(&output)),
                "serialized as {written:?}"
            );
        }
        Err(error) => {
            check_error(&error);
            invariant_eq!(
                "error-fields",
                (error.status(), error.request_id()),
                (Some(response.status), response.request_id.as_deref()),
                "{error:?}"
            );
            invariant_eq!(
                "error-kind",
                matches!(error, ConnectError::ResponseParse { .. }),
                success,
                "status {} gave {error:?}",
                response.status
            );
        }
    }

    if let (true, Err(error)) = (success, &parse_response(&response)) {
        let message = error.message();
        let value = serde_json::from_slice::<serde_json::Value>(&response.body);
        let shape = value.is_ok() && !response.body.iter().all(u8::is_ascii_whitespace);
        let truncated = message.starts_with("the response body is truncated");
        let wrong_shape = message.starts_with("the response body is not DescribePhoneNumber JSON");
        invariant!(
            "parse-error-kind",
            (!truncated || value.is_err()) && (!shape || wrong_shape),
            "{message:?} for a body that serde_json reads as {value:?}"
        );
    }
}

/// `error-name-message`: every error has a name and a message.
fn check_error(error: &ConnectError) {
    invariant!(
        "error-name-message",
        !error.name().is_empty() && !error.message().is_empty(),
        "an error with an empty name or message: {error:?}"
    );
}

/// `sts`: two control bytes (the status, big-endian), then the action name (default
/// `AssumeRole`) and the body. Checks that [`sts::parse_credentials`] never panics; that
/// credentials come only from a 2xx and are complete; that an error from a 2xx is a parse or
/// service error; and that no message or `Debug` output carries the secret key or token.
pub fn check_sts(data: &[u8]) {
    use connect_phone_wasm::sts;
    let input = Input::new(data, 2, 2);
    let action = input.text(0, "AssumeRole");
    let response = HttpResponse {
        status: u16::from_be_bytes(input.array(0)),
        body: input.raw(1).unwrap_or_default().to_vec(),
        ..HttpResponse::default()
    };
    let success = (200..300).contains(&response.status);
    match sts::parse_credentials(&response, &action) {
        Ok(done) => {
            invariant!(
                "sts-status",
                success,
                "credentials from status {}",
                response.status
            );
            let credentials = &done.credentials;
            invariant!(
                "sts-complete",
                !credentials.access_key_id().is_empty()
                    && !credentials.secret_access_key().expose().is_empty()
                    && credentials.session_token().is_some(),
                "incomplete credentials"
            );
            let debug = format!("{done:?}");
            let secret = credentials.secret_access_key().expose();
            let token = credentials.session_token().map_or("", |t| t.expose());
            invariant!(
                "sts-debug-secret",
                (secret.len() < 4 || !debug.contains(secret))
                    && (token.len() < 4 || !debug.contains(token)),
                "Debug shows a secret: {debug}"
            );
        }
        Err(error) => {
            if success {
                invariant!(
                    "sts-error-kind",
                    matches!(
                        error,
                        ConnectError::ResponseParse { .. } | ConnectError::Service(_)
                    ),
                    "a 2xx failed as {}",
                    error.name()
                );
            }
            invariant!(
                "sts-error-name",
                !error.name().is_empty() || matches!(error, ConnectError::Service(_)),
                "an unnamed error"
            );
        }
    }
}
