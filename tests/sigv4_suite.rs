//! Runs every case of the AWS SigV4 test suite (tests/sigv4-suite) natively.
//!
//! The suite's `.req` files hold raw paths and expect them encoded once. Our signer signs
//! the wire path (what `fetch` sends, already encoded once), so by default it encodes that
//! again: for a raw path with nothing to encode the two are the same. Where the raw path has
//! characters that the wire form must encode (a space, UTF-8), the wire path already is the
//! once-encoded raw path, so those cases are signed in `Single` mode (no second encoding);
//! none of them needs normalisation.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use connect_phone_wasm::http::HttpRequest;
use connect_phone_wasm::sigv4::{
    sign, Credentials, PercentEncodingMode, SessionTokenMode, SigningKeyCache, SigningParams,
    SigningSettings,
};
use std::fs;
use std::path::{Path, PathBuf};

const TOKEN: &str = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

fn cases(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            cases(&path, out);
        } else if path.extension().is_some_and(|e| e == "req") {
            out.push(path);
        }
    }
}

/// A parsed `.req`: method, raw path with query, headers (folded lines joined) and body.
struct RawRequest {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: String,
}

fn parse_req(text: &str) -> RawRequest {
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let mut lines = head.lines();
    let request_line = lines.next().unwrap();
    let method = request_line.split(' ').next().unwrap().to_owned();
    let target = request_line[method.len() + 1..request_line.rfind(" HTTP/").unwrap()].to_owned();
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            let last = headers.last_mut().unwrap();
            last.1.push('\n');
            last.1.push_str(line);
        } else {
            let (name, value) = line.split_once(':').unwrap();
            headers.push((name.to_owned(), value.to_owned()));
        }
    }
    RawRequest {
        method,
        target,
        headers,
        body: body.to_owned(),
    }
}

#[test]
fn every_suite_case_matches() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sigv4-suite");
    let mut files = Vec::new();
    cases(&root, &mut files);
    files.sort();
    assert_eq!(files.len(), 34, "the suite has 34 cases");
    let mut cache = SigningKeyCache::default();
    for req_path in &files {
        let name = req_path.file_stem().unwrap().to_str().unwrap();
        let read = |ext: &str| fs::read_to_string(req_path.with_extension(ext)).unwrap();
        let raw = parse_req(&read("req"));
        let host = raw
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("host"))
            .unwrap()
            .1
            .clone();
        let mut request = HttpRequest::new(&raw.method, &format!("https://{host}{}", raw.target))
            .unwrap()
            .with_body(raw.body.clone().into_bytes());
        let mut token = None;
        let mut settings = SigningSettings::default();
        let raw_path = raw.target.split('?').next().unwrap();
        if raw_path.bytes().any(|b| b == b' ' || !b.is_ascii()) {
            settings.percent_encoding_mode = PercentEncodingMode::Single;
        }
        for (n, v) in &raw.headers {
            if n.eq_ignore_ascii_case("x-amz-security-token") {
                token = Some(v.clone());
            } else if !n.eq_ignore_ascii_case("x-amz-date") {
                request.push_header(n, v).unwrap();
            }
        }
        if token.is_none() {
            // get-vanilla-with-session-token names its token only in the expected output.
            token = read("creq")
                .lines()
                .find_map(|l| l.strip_prefix("x-amz-security-token:"))
                .map(str::to_owned);
        }
        if name == "post-sts-header-after" {
            token = Some(TOKEN.to_owned());
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
            signed.canonical_request,
            read("creq"),
            "{name}: canonical request"
        );
        assert_eq!(signed.string_to_sign, read("sts"), "{name}: string to sign");
        assert_eq!(
            signed.authorization(),
            read("authz"),
            "{name}: authorization"
        );
    }
}
