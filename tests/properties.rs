//! Property tests over random inputs (a seeded generator, so failures reproduce): signing
//! does not depend on header order or case, canonicalisation is idempotent, encoding round
//! trips, and no input reaches a panic in the signer, the URL parser, the endpoint resolver
//! or the response parser.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use connect_phone_wasm::connect::{
    describe_phone_number_request, describe_phone_number_url, parse_response, resolve_endpoint,
    sdk_headers, EndpointConfig, HttpResponse, RequestContext,
};
use connect_phone_wasm::http::{HttpRequest, Url};
use connect_phone_wasm::sigv4::canonical_request::canonical_query;
use connect_phone_wasm::sigv4::{
    percent_decode, percent_encode, sign, sign_wire_form_with, Credentials, PayloadChecksumKind,
    PayloadMode, PercentEncodingMode, SessionTokenMode, SigningKeyCache, SigningParams,
    SigningSettings,
};

/// xorshift64*: small, deterministic, good enough to spread inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn text(&mut self, alphabet: &[&str], max: usize) -> String {
        (0..self.below(max + 1))
            .map(|_| self.pick(alphabet))
            .collect()
    }
    fn bytes(&mut self, max: usize) -> Vec<u8> {
        (0..self.below(max + 1))
            .map(|_| self.next() as u8)
            .collect()
    }
}

const PATH: &[&str] = &[
    "a", "Z", "0", "-", "_", ".", "~", "/", "//", "..", "%", "%2F", "%3a", " ", "é", "電", "😀",
    "+", "=", "&", ":", "@", "!", "$",
];
const VALUE: &[&str] = &["v", "x y", "  ", "\t", "\n ", "\"q\"", ",", ";", "=", "A1"];
/// Header names for the wire-form signer: ones it signs as given, and ones it must refuse
/// (upper case, the signer's own, unsigned, not a token).
const EXTRA_NAME: &[&str] = &[
    "amz-sdk-invocation-id",
    "amz-sdk-request",
    "x-amz-user-agent",
    "content-type",
    "x-amz-meta-a",
    "a",
    "zz-last",
    "X-Amz-Meta-A",
    "host",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-content-sha256",
    "authorization",
    "user-agent",
    "x-amzn-trace-id",
    "bad name",
    "",
];
/// Values: canonical as given, and ones that canonicalise (spaces, tabs) or are not ASCII.
const EXTRA_VALUE: &[&str] = &[
    "attempt=1; max=3",
    "00000000-0000-4000-8000-000000000000",
    "connect-phone-wasm/0.1.0 lang/rust",
    "v",
    "",
    " lead",
    "trail ",
    "two  spaces",
    "tab\there",
    "é",
];
const NAME: &[&str] = &[
    "x-amz-meta-a",
    "content-type",
    "x-custom",
    "accept",
    "x-amz-target",
    "my-header1",
    "user-agent",
    "x-amzn-trace-id",
];

fn credentials() -> Credentials {
    Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        Some("token".into()),
    )
}

fn random_case(rng: &mut Rng, name: &str) -> String {
    name.chars()
        .map(|c| {
            if rng.below(2) == 0 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

#[test]
fn header_order_and_case_do_not_change_the_signature() {
    let mut rng = Rng(0x5eed_0001);
    let creds = credentials();
    let mut cache = SigningKeyCache::default();
    for _ in 0..500 {
        let url = format!(
            "https://example.amazonaws.com/{}?{}={}",
            rng.text(PATH, 8),
            rng.text(PATH, 3),
            rng.text(PATH, 3)
        );
        let Ok(base) = HttpRequest::new("GET", &url) else {
            continue;
        };
        let headers: Vec<(String, String)> = (0..rng.below(6))
            .map(|_| (rng.pick(NAME).to_owned(), rng.text(VALUE, 4)))
            .collect();
        let params = SigningParams::new(
            &creds,
            "us-east-1",
            "connect",
            1_700_000_000,
            SigningSettings::default(),
        );
        let mut first = base.clone();
        for (n, v) in &headers {
            first.push_header(n, v).unwrap();
        }
        // Shuffle distinct names (keeping repeats of one name in order) and randomise case.
        let mut order: Vec<usize> = (0..headers.len()).collect();
        order.sort_by_key(|&i| (rng.next(), i));
        let mut names: Vec<&str> = Vec::new();
        for &i in &order {
            if !names.contains(&headers[i].0.as_str()) {
                names.push(&headers[i].0);
            }
        }
        let mut second = base.clone();
        for name in names {
            for (n, v) in headers.iter().filter(|(n, _)| n == name) {
                second.push_header(&random_case(&mut rng, n), v).unwrap();
            }
        }
        let a = sign(&first, &params, &mut cache).unwrap();
        let b = sign(&second, &params, &mut cache).unwrap();
        assert_eq!(a.authorization(), b.authorization(), "{url} {headers:?}");
    }
}

/// Pieces of URLs around the wire form: most make one the fast signer takes, some one it
/// must leave to the full signer.
const SCHEME: &[&str] = &["https://", "http://", "HTTP://", "https:/"];
const HOST: &[&str] = &[
    "connect.us-east-1.amazonaws.com",
    "example.com",
    "a-b.c0",
    "localhost",
    "127.0.0.1",
    "10.0.0.255",
    "0.0.0.0",
    "127.1",
    "1.2.3.4.5",
    "01.2.3.4",
    "256.1.1.1",
    "Example.com",
    "a..b",
    "-x.y",
    "x.-y",
    "a.9",
    "xn--a.com",
    "u@a.com",
    "a_b.com",
    "[::1]",
];
const PORT: &[&str] = &[
    "", "", "", ":443", ":80", ":8080", ":0", ":65535", ":65536", ":08", ":",
];
const WIRE_PATH: &[&str] = &[
    "a",
    "Z",
    "0",
    "-",
    "_",
    ".",
    "~",
    "/",
    "/",
    "/",
    "%2F",
    "%3a",
    "%2e",
    "%2E",
    "%",
    "%zz",
    "..",
    "//",
    " ",
    "é",
    ":",
    "+",
    "?",
    "#",
    "phone-number",
];
const METHOD: &[&str] = &["GET", "GET", "POST", "PUT", "get", "Get", "", "G T"];
const TOKEN: &[&str] = &["", "token", "IQoJb3JpZ2luX2VjE+/=", "a b", " t", "t\n"];
const REGION: &[&str] = &["us-east-1", "eu-west-2", "cn-north-1", "", "bad region"];

#[test]
fn the_wire_form_signer_signs_what_the_full_signer_signs() {
    let mut rng = Rng(0x5eed_0005);
    let mut cache = SigningKeyCache::default();
    let mut taken = 0;
    let mut taken_with_headers = 0;
    for i in 0..30_000 {
        // Half the cases are built from pieces of the wire form only.
        let clean = rng.below(2) == 0;
        let pick = |rng: &mut Rng, items: &[&'static str], clean_items: usize| {
            items[rng.below(if clean { clean_items } else { items.len() })]
        };
        let url = format!(
            "{}{}{}{}",
            pick(&mut rng, SCHEME, 2),
            pick(&mut rng, HOST, 7),
            pick(&mut rng, PORT, 8),
            match rng.below(8) {
                0 if !clean => String::new(),
                _ => format!(
                    "/{}",
                    rng.text(&WIRE_PATH[..if clean { 11 } else { WIRE_PATH.len() }], 10)
                ),
            }
        );
        let method = pick(&mut rng, METHOD, 4);
        // Url::parse's wire-form shortcut gives what the full WHATWG parser gives.
        assert_eq!(Url::parse(&url), Url::parse_whatwg(&url), "{url}");
        let token = match pick(&mut rng, TOKEN, 3) {
            "" => None,
            t => Some(t.replace("\\n", "\n")),
        };
        let creds = Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            token,
        );
        let settings = SigningSettings {
            percent_encoding_mode: [PercentEncodingMode::Double, PercentEncodingMode::Single]
                [rng.below(2)],
            payload_checksum_kind: [
                PayloadChecksumKind::NoHeader,
                PayloadChecksumKind::XAmzSha256,
            ][rng.below(2)],
            payload_mode: [PayloadMode::Hashed, PayloadMode::Unsigned][rng.below(2)],
            session_token_mode: [
                SessionTokenMode::Include,
                SessionTokenMode::Include,
                SessionTokenMode::Exclude,
            ][rng.below(3)],
        };
        let body = if rng.below(3) == 0 {
            rng.bytes(200)
        } else {
            Vec::new()
        };
        let time = 1_700_000_000 + rng.below(3) as i64 * 86_400;
        let params =
            SigningParams::new(&creds, pick(&mut rng, REGION, 3), "connect", time, settings);
        // A fresh cache now and then: a key derived by either signer serves the other.
        if i % 97 == 0 {
            cache = SigningKeyCache::default();
        }
        // Headers of the caller's, from none (signRequest's fast path) to more than it takes.
        // Mostly ones it takes (the first 7 names, the first 5 values), so both sides are tried.
        let clean = rng.below(4) != 0;
        let (names, values) = match clean {
            true => (&EXTRA_NAME[..7], &EXTRA_VALUE[..5]),
            false => (EXTRA_NAME, EXTRA_VALUE),
        };
        let headers: Vec<(&str, &str)> = (0..[0, 0, 1, 3, 5][rng.below(5)])
            .map(|_| (rng.pick(names), rng.pick(values)))
            .collect();
        let Some(fast) = sign_wire_form_with(method, &url, &body, &headers, &params, &mut cache)
        else {
            continue;
        };
        taken += 1;
        taken_with_headers += usize::from(!headers.is_empty());
        // Built with the full parser, so that no shortcut is on both sides.
        let parsed = Url::parse_whatwg(&url)
            .unwrap_or_else(|e| panic!("{url}: the fast signer took what the parser refuses: {e}"));
        let mut request = HttpRequest::from_url(method, parsed).with_body(body.clone());
        for (name, value) in &headers {
            request.push_header(name, value).unwrap();
        }
        assert_eq!(
            request.url().to_string(),
            url,
            "the wire form is not what fetch sends"
        );
        let full = sign(&request, &params, &mut cache).unwrap();
        let full: Vec<(&str, &str)> = full
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        // The caller sends its headers as given, then the signer's.
        let fast: Vec<(&str, &str)> = headers.iter().copied().chain(fast.headers()).collect();
        assert_eq!(fast, full, "{method} {url} {headers:?} {settings:?}");
    }
    // Most cases are in wire form; a generator that missed them would prove nothing.
    assert!(taken > 3_000, "only {taken} cases took the fast path");
    assert!(
        taken_with_headers > 1_000,
        "only {taken_with_headers} cases with headers took the fast path"
    );
}

#[test]
fn canonical_query_is_idempotent_and_encoding_round_trips() {
    let mut rng = Rng(0x5eed_0002);
    for _ in 0..2000 {
        let query = rng.text(PATH, 12);
        let once = canonical_query(&query);
        assert_eq!(canonical_query(&once), once, "{query:?}");
        let bytes = rng.bytes(40);
        assert_eq!(percent_decode(&percent_encode(&bytes)), bytes);
    }
}

#[test]
fn no_request_input_panics() {
    let mut rng = Rng(0x5eed_0003);
    let creds = credentials();
    let mut cache = SigningKeyCache::default();
    const ANY: &[&str] = &[
        "h", "t", "p", "s", ":", "/", "//", "?", "#", "[", "]", "@", ":99999", ":8", " ", "\u{0}",
        "é", "%", "%zz", "..", "\\", "\r\n", "x.y",
    ];
    for _ in 0..5000 {
        let url = format!(
            "{}{}",
            rng.pick(&["https://", "http://", "", "ftp://", "HTTPS://"]),
            rng.text(ANY, 12)
        );
        let method = rng.text(&["G", "E", "T", " ", "\n", "é"], 4);
        let region = rng.text(&["us", "-", "east", "1", "", " ", "/", "é"], 4);
        let Ok(mut request) = HttpRequest::new(&method, &url) else {
            continue;
        };
        let _ = request.push_header(
            &rng.text(&["a", ":", " ", "é", "-"], 4),
            &rng.text(VALUE, 3),
        );
        let params = SigningParams::new(
            &creds,
            &region,
            "connect",
            rng.next() as i64 % 400_000_000_000,
            SigningSettings::default(),
        );
        let _ = sign(&request, &params, &mut cache);
        let _ = resolve_endpoint(&EndpointConfig {
            region: region.clone(),
            use_fips: rng.below(2) == 0,
            use_dual_stack: rng.below(2) == 0,
            endpoint: (rng.below(3) == 0).then(|| url.clone()),
        });
    }
}

#[test]
fn no_response_input_panics() {
    let mut rng = Rng(0x5eed_0004);
    let valid = br#"{"ClaimedPhoneNumberSummary":{"PhoneNumberId":"x","PhoneNumberCountryCode":"US","Tags":{"a":"b"},"PhoneNumberStatus":{"Status":"CLAIMED","Message":"m"}}}"#;
    for _ in 0..20_000 {
        let mut body = valid.to_vec();
        for _ in 0..rng.below(4) {
            match rng.below(3) {
                0 if !body.is_empty() => {
                    let i = rng.below(body.len());
                    body[i] = rng.next() as u8;
                }
                1 => body.truncate(rng.below(body.len() + 1)),
                _ => body.extend(rng.bytes(8)),
            }
        }
        if rng.below(10) == 0 {
            body = "[".repeat(rng.below(10_000)).into_bytes();
        }
        let status = [200u16, 400, 403, 404, 429, 500, 502, 503][rng.below(8)];
        let error_type = (rng.below(2) == 0)
            .then(|| rng.text(&["Throttling", "Exception", ":", "#", "x", " ", "é"], 5));
        let response = HttpResponse {
            status,
            error_type,
            body,
            ..HttpResponse::default()
        };
        match parse_response(&response) {
            Ok(_) => assert_eq!(status, 200),
            Err(error) => assert!(!error.name().is_empty() && !error.message().is_empty()),
        }
    }
}

/// ConnectClient signs on the wire-form path when it can, and on the full path otherwise:
/// for every kind of endpoint and id, the two send the same URL and headers.
#[test]
fn describe_requests_sign_the_same_on_both_paths() {
    let endpoints: [(&str, Option<&str>, bool); 9] = [
        ("us-west-2", None, true),
        ("us-gov-west-1", None, true),
        ("cn-north-1", None, true),
        ("eu-central-1", None, true),
        ("us-west-2", Some("http://127.0.0.1:8080"), true),
        (
            "us-west-2",
            Some("https://connect.example.com/prefix/"),
            true,
        ),
        ("us-west-2", Some("HTTP://LOCALHOST:80"), true),
        // Hosts the wire form leaves to the full path.
        ("us-west-2", Some("http://[::1]:8080"), false),
        ("us-west-2", Some("https://xn--nxasmq6b.example"), false),
    ];
    let ids = [
        "12345678-1234-4234-8234-123456789012",
        "arn:aws:connect:us-west-2:123456789012:phone-number/12345678-1234-4234-8234-123456789012",
        "arn:aws:connect:us-west-2:123456789012:instance/12345678-1234-4234-8234-123456789012/phone-number/12345678-1234-4234-8234-123456789012",
    ];
    let mut fast_taken = 0;
    for (region, custom, wire) in endpoints {
        let endpoint = resolve_endpoint(&EndpointConfig {
            region: region.into(),
            endpoint: custom.map(str::to_owned),
            ..Default::default()
        })
        .unwrap();
        for id in ids {
            for token in [None, Some("FwoGZXIvYXdzE//token+/=")] {
                let creds = Credentials::new(
                    "AKIDEXAMPLE",
                    "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                    token.map(str::to_owned),
                );
                let params = SigningParams::new(
                    &creds,
                    region,
                    "connect",
                    1_700_000_000,
                    SigningSettings::default(),
                );
                let context = RequestContext {
                    invocation_id: "00000000-0000-4000-8000-000000000000",
                    attempt: 2,
                    max_attempts: 3,
                };
                let mut cache = SigningKeyCache::default();
                let url = describe_phone_number_url(&endpoint, id).unwrap();
                let sdk_request = context.sdk_request();
                let sdk = sdk_headers(&context, &sdk_request);
                let fast = sign_wire_form_with("GET", &url, b"", &sdk, &params, &mut cache);
                assert_eq!(fast.is_some(), wire, "{custom:?}");
                let request = describe_phone_number_request(&endpoint, id, &context).unwrap();
                let full = sign(&request, &params, &mut cache).unwrap();
                let Some(fast) = fast else { continue };
                fast_taken += 1;
                assert_eq!(url, request.url().to_string());
                let mut sent: Vec<(&str, &str)> =
                    sdk.iter().copied().chain(fast.headers()).collect();
                let mut expected: Vec<(&str, &str)> = full
                    .headers
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str()))
                    .collect();
                // fetch takes the headers as a set: only the order may differ.
                sent.sort_unstable();
                expected.sort_unstable();
                assert_eq!(sent, expected, "{url}");
            }
        }
    }
    assert_eq!(fast_taken, 7 * 3 * 2);
}
