//! Runs every case of the AWS SigV4 test suite (tests/sigv4-suite) natively.
//!
//! The suite's `.req` files hold raw paths and expect them encoded once. Our signer signs
//! the wire path (what `fetch` sends, already encoded once), so by default it encodes that
//! again: for a raw path with nothing to encode the two are the same. Where the raw path has
//! characters that the wire form must encode (a space, UTF-8), the wire path already is the
//! once-encoded raw path, so those cases are signed in `Single` mode (no second encoding);
//! none of them needs normalisation.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[path = "common/suite.rs"]
mod suite;

use connect_phone_wasm::http::HttpRequest;
use connect_phone_wasm::sigv4::{
    sign, Credentials, PercentEncodingMode, SessionTokenMode, SigningKeyCache, SigningParams,
    SigningSettings,
};
use std::path::Path;

fn count_req_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            if p.is_dir() {
                count_req_files(&p)
            } else {
                usize::from(p.extension().is_some_and(|e| e == "req"))
            }
        })
        .sum()
}

#[test]
fn the_compiled_in_cases_are_the_whole_suite() {
    let on_disk = count_req_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sigv4-suite"));
    assert_eq!(on_disk, 34);
    assert_eq!(suite::CASES.len(), on_disk);
}

#[test]
fn every_suite_case_matches() {
    let mut cache = SigningKeyCache::default();
    for case in &suite::CASES {
        let raw = suite::parse_req(case.req);
        let url = format!("https://{}{}", raw.host(), raw.target);
        let mut request = HttpRequest::new(&raw.method, &url)
            .unwrap()
            .with_body(raw.body.clone().into_bytes());
        for (n, v) in &raw.headers {
            if !n.eq_ignore_ascii_case("x-amz-security-token")
                && !n.eq_ignore_ascii_case("x-amz-date")
            {
                request.push_header(n, v).unwrap();
            }
        }
        let mut settings = SigningSettings::default();
        if raw.path_needs_encoding() {
            settings.percent_encoding_mode = PercentEncodingMode::Single;
        }
        let mut token = raw.session_token(case.creq);
        if case.name == "post-sts-header-after" {
            token = Some(suite::SUITE_TOKEN.to_owned());
            settings.session_token_mode = SessionTokenMode::Exclude;
        }
        let creds = Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            token,
        );
        let params = SigningParams::new(&creds, "us-east-1", "service", 1_440_938_160, settings);
        let signed = sign(&request, &params, &mut cache).unwrap();
        assert_eq!(
            signed.canonical_request, case.creq,
            "{}: canonical request",
            case.name
        );
        assert_eq!(
            signed.string_to_sign, case.sts,
            "{}: string to sign",
            case.name
        );
        assert_eq!(
            signed.authorization(),
            case.authz,
            "{}: authorization",
            case.name
        );
        if case.name == "post-sts-header-after" {
            assert_eq!(
                signed.header("x-amz-security-token"),
                Some(suite::SUITE_TOKEN),
                "the token is still sent"
            );
        }
    }
}
