//! Property tests over random inputs (a seeded generator, so failures reproduce): signing
//! does not depend on header order or case, canonicalisation is idempotent, encoding round
//! trips, and no input reaches a panic in the signer, the URL parser, the endpoint resolver
//! or the response parser.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use connect_phone_wasm::connect::{parse_response, resolve_endpoint, EndpointConfig, HttpResponse};
use connect_phone_wasm::http::HttpRequest;
use connect_phone_wasm::sigv4::canonical_request::canonical_query;
use connect_phone_wasm::sigv4::{
    percent_decode, percent_encode, sign, Credentials, SigningKeyCache, SigningParams,
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
