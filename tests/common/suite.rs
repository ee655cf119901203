//! The AWS SigV4 test suite, compiled in (so it runs on wasm32 too), and its `.req` parser.

#![allow(dead_code, unreachable_pub, missing_docs)]

/// One case: the request and the expected canonical request, string to sign and header.
pub struct SuiteCase {
    pub name: &'static str,
    pub req: &'static str,
    pub creq: &'static str,
    pub sts: &'static str,
    pub authz: &'static str,
}

/// The session token the suite uses.
pub const SUITE_TOKEN: &str = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

/// Every case of tests/sigv4-suite.
pub const CASES: [SuiteCase; 34] = [
    SuiteCase { name: "get-header-key-duplicate", req: include_str!("../sigv4-suite/get-header-key-duplicate/get-header-key-duplicate.req"), creq: include_str!("../sigv4-suite/get-header-key-duplicate/get-header-key-duplicate.creq"), sts: include_str!("../sigv4-suite/get-header-key-duplicate/get-header-key-duplicate.sts"), authz: include_str!("../sigv4-suite/get-header-key-duplicate/get-header-key-duplicate.authz") },
    SuiteCase { name: "get-header-value-multiline", req: include_str!("../sigv4-suite/get-header-value-multiline/get-header-value-multiline.req"), creq: include_str!("../sigv4-suite/get-header-value-multiline/get-header-value-multiline.creq"), sts: include_str!("../sigv4-suite/get-header-value-multiline/get-header-value-multiline.sts"), authz: include_str!("../sigv4-suite/get-header-value-multiline/get-header-value-multiline.authz") },
    SuiteCase { name: "get-header-value-order", req: include_str!("../sigv4-suite/get-header-value-order/get-header-value-order.req"), creq: include_str!("../sigv4-suite/get-header-value-order/get-header-value-order.creq"), sts: include_str!("../sigv4-suite/get-header-value-order/get-header-value-order.sts"), authz: include_str!("../sigv4-suite/get-header-value-order/get-header-value-order.authz") },
    SuiteCase { name: "get-header-value-trim", req: include_str!("../sigv4-suite/get-header-value-trim/get-header-value-trim.req"), creq: include_str!("../sigv4-suite/get-header-value-trim/get-header-value-trim.creq"), sts: include_str!("../sigv4-suite/get-header-value-trim/get-header-value-trim.sts"), authz: include_str!("../sigv4-suite/get-header-value-trim/get-header-value-trim.authz") },
    SuiteCase { name: "get-unreserved", req: include_str!("../sigv4-suite/get-unreserved/get-unreserved.req"), creq: include_str!("../sigv4-suite/get-unreserved/get-unreserved.creq"), sts: include_str!("../sigv4-suite/get-unreserved/get-unreserved.sts"), authz: include_str!("../sigv4-suite/get-unreserved/get-unreserved.authz") },
    SuiteCase { name: "get-utf8", req: include_str!("../sigv4-suite/get-utf8/get-utf8.req"), creq: include_str!("../sigv4-suite/get-utf8/get-utf8.creq"), sts: include_str!("../sigv4-suite/get-utf8/get-utf8.sts"), authz: include_str!("../sigv4-suite/get-utf8/get-utf8.authz") },
    SuiteCase { name: "get-vanilla-empty-query-key", req: include_str!("../sigv4-suite/get-vanilla-empty-query-key/get-vanilla-empty-query-key.req"), creq: include_str!("../sigv4-suite/get-vanilla-empty-query-key/get-vanilla-empty-query-key.creq"), sts: include_str!("../sigv4-suite/get-vanilla-empty-query-key/get-vanilla-empty-query-key.sts"), authz: include_str!("../sigv4-suite/get-vanilla-empty-query-key/get-vanilla-empty-query-key.authz") },
    SuiteCase { name: "get-vanilla-query-order-encoded", req: include_str!("../sigv4-suite/get-vanilla-query-order-encoded/get-vanilla-query-order-encoded.req"), creq: include_str!("../sigv4-suite/get-vanilla-query-order-encoded/get-vanilla-query-order-encoded.creq"), sts: include_str!("../sigv4-suite/get-vanilla-query-order-encoded/get-vanilla-query-order-encoded.sts"), authz: include_str!("../sigv4-suite/get-vanilla-query-order-encoded/get-vanilla-query-order-encoded.authz") },
    SuiteCase { name: "get-vanilla-query-order-key-case", req: include_str!("../sigv4-suite/get-vanilla-query-order-key-case/get-vanilla-query-order-key-case.req"), creq: include_str!("../sigv4-suite/get-vanilla-query-order-key-case/get-vanilla-query-order-key-case.creq"), sts: include_str!("../sigv4-suite/get-vanilla-query-order-key-case/get-vanilla-query-order-key-case.sts"), authz: include_str!("../sigv4-suite/get-vanilla-query-order-key-case/get-vanilla-query-order-key-case.authz") },
    SuiteCase { name: "get-vanilla-query-order-key", req: include_str!("../sigv4-suite/get-vanilla-query-order-key/get-vanilla-query-order-key.req"), creq: include_str!("../sigv4-suite/get-vanilla-query-order-key/get-vanilla-query-order-key.creq"), sts: include_str!("../sigv4-suite/get-vanilla-query-order-key/get-vanilla-query-order-key.sts"), authz: include_str!("../sigv4-suite/get-vanilla-query-order-key/get-vanilla-query-order-key.authz") },
    SuiteCase { name: "get-vanilla-query-order-value", req: include_str!("../sigv4-suite/get-vanilla-query-order-value/get-vanilla-query-order-value.req"), creq: include_str!("../sigv4-suite/get-vanilla-query-order-value/get-vanilla-query-order-value.creq"), sts: include_str!("../sigv4-suite/get-vanilla-query-order-value/get-vanilla-query-order-value.sts"), authz: include_str!("../sigv4-suite/get-vanilla-query-order-value/get-vanilla-query-order-value.authz") },
    SuiteCase { name: "get-vanilla-query-unreserved", req: include_str!("../sigv4-suite/get-vanilla-query-unreserved/get-vanilla-query-unreserved.req"), creq: include_str!("../sigv4-suite/get-vanilla-query-unreserved/get-vanilla-query-unreserved.creq"), sts: include_str!("../sigv4-suite/get-vanilla-query-unreserved/get-vanilla-query-unreserved.sts"), authz: include_str!("../sigv4-suite/get-vanilla-query-unreserved/get-vanilla-query-unreserved.authz") },
    SuiteCase { name: "get-vanilla-query", req: include_str!("../sigv4-suite/get-vanilla-query/get-vanilla-query.req"), creq: include_str!("../sigv4-suite/get-vanilla-query/get-vanilla-query.creq"), sts: include_str!("../sigv4-suite/get-vanilla-query/get-vanilla-query.sts"), authz: include_str!("../sigv4-suite/get-vanilla-query/get-vanilla-query.authz") },
    SuiteCase { name: "get-vanilla-utf8-query", req: include_str!("../sigv4-suite/get-vanilla-utf8-query/get-vanilla-utf8-query.req"), creq: include_str!("../sigv4-suite/get-vanilla-utf8-query/get-vanilla-utf8-query.creq"), sts: include_str!("../sigv4-suite/get-vanilla-utf8-query/get-vanilla-utf8-query.sts"), authz: include_str!("../sigv4-suite/get-vanilla-utf8-query/get-vanilla-utf8-query.authz") },
    SuiteCase { name: "get-vanilla-with-session-token", req: include_str!("../sigv4-suite/get-vanilla-with-session-token/get-vanilla-with-session-token.req"), creq: include_str!("../sigv4-suite/get-vanilla-with-session-token/get-vanilla-with-session-token.creq"), sts: include_str!("../sigv4-suite/get-vanilla-with-session-token/get-vanilla-with-session-token.sts"), authz: include_str!("../sigv4-suite/get-vanilla-with-session-token/get-vanilla-with-session-token.authz") },
    SuiteCase { name: "get-vanilla", req: include_str!("../sigv4-suite/get-vanilla/get-vanilla.req"), creq: include_str!("../sigv4-suite/get-vanilla/get-vanilla.creq"), sts: include_str!("../sigv4-suite/get-vanilla/get-vanilla.sts"), authz: include_str!("../sigv4-suite/get-vanilla/get-vanilla.authz") },
    SuiteCase { name: "get-relative-relative", req: include_str!("../sigv4-suite/normalize-path/get-relative-relative/get-relative-relative.req"), creq: include_str!("../sigv4-suite/normalize-path/get-relative-relative/get-relative-relative.creq"), sts: include_str!("../sigv4-suite/normalize-path/get-relative-relative/get-relative-relative.sts"), authz: include_str!("../sigv4-suite/normalize-path/get-relative-relative/get-relative-relative.authz") },
    SuiteCase { name: "get-relative", req: include_str!("../sigv4-suite/normalize-path/get-relative/get-relative.req"), creq: include_str!("../sigv4-suite/normalize-path/get-relative/get-relative.creq"), sts: include_str!("../sigv4-suite/normalize-path/get-relative/get-relative.sts"), authz: include_str!("../sigv4-suite/normalize-path/get-relative/get-relative.authz") },
    SuiteCase { name: "get-slash-dot-slash", req: include_str!("../sigv4-suite/normalize-path/get-slash-dot-slash/get-slash-dot-slash.req"), creq: include_str!("../sigv4-suite/normalize-path/get-slash-dot-slash/get-slash-dot-slash.creq"), sts: include_str!("../sigv4-suite/normalize-path/get-slash-dot-slash/get-slash-dot-slash.sts"), authz: include_str!("../sigv4-suite/normalize-path/get-slash-dot-slash/get-slash-dot-slash.authz") },
    SuiteCase { name: "get-slash-pointless-dot", req: include_str!("../sigv4-suite/normalize-path/get-slash-pointless-dot/get-slash-pointless-dot.req"), creq: include_str!("../sigv4-suite/normalize-path/get-slash-pointless-dot/get-slash-pointless-dot.creq"), sts: include_str!("../sigv4-suite/normalize-path/get-slash-pointless-dot/get-slash-pointless-dot.sts"), authz: include_str!("../sigv4-suite/normalize-path/get-slash-pointless-dot/get-slash-pointless-dot.authz") },
    SuiteCase { name: "get-slash", req: include_str!("../sigv4-suite/normalize-path/get-slash/get-slash.req"), creq: include_str!("../sigv4-suite/normalize-path/get-slash/get-slash.creq"), sts: include_str!("../sigv4-suite/normalize-path/get-slash/get-slash.sts"), authz: include_str!("../sigv4-suite/normalize-path/get-slash/get-slash.authz") },
    SuiteCase { name: "get-slashes", req: include_str!("../sigv4-suite/normalize-path/get-slashes/get-slashes.req"), creq: include_str!("../sigv4-suite/normalize-path/get-slashes/get-slashes.creq"), sts: include_str!("../sigv4-suite/normalize-path/get-slashes/get-slashes.sts"), authz: include_str!("../sigv4-suite/normalize-path/get-slashes/get-slashes.authz") },
    SuiteCase { name: "get-space", req: include_str!("../sigv4-suite/normalize-path/get-space/get-space.req"), creq: include_str!("../sigv4-suite/normalize-path/get-space/get-space.creq"), sts: include_str!("../sigv4-suite/normalize-path/get-space/get-space.sts"), authz: include_str!("../sigv4-suite/normalize-path/get-space/get-space.authz") },
    SuiteCase { name: "get-special-character", req: include_str!("../sigv4-suite/normalize-path/get-special-character/get-special-character.req"), creq: include_str!("../sigv4-suite/normalize-path/get-special-character/get-special-character.creq"), sts: include_str!("../sigv4-suite/normalize-path/get-special-character/get-special-character.sts"), authz: include_str!("../sigv4-suite/normalize-path/get-special-character/get-special-character.authz") },
    SuiteCase { name: "post-header-key-case", req: include_str!("../sigv4-suite/post-header-key-case/post-header-key-case.req"), creq: include_str!("../sigv4-suite/post-header-key-case/post-header-key-case.creq"), sts: include_str!("../sigv4-suite/post-header-key-case/post-header-key-case.sts"), authz: include_str!("../sigv4-suite/post-header-key-case/post-header-key-case.authz") },
    SuiteCase { name: "post-header-key-sort", req: include_str!("../sigv4-suite/post-header-key-sort/post-header-key-sort.req"), creq: include_str!("../sigv4-suite/post-header-key-sort/post-header-key-sort.creq"), sts: include_str!("../sigv4-suite/post-header-key-sort/post-header-key-sort.sts"), authz: include_str!("../sigv4-suite/post-header-key-sort/post-header-key-sort.authz") },
    SuiteCase { name: "post-header-value-case", req: include_str!("../sigv4-suite/post-header-value-case/post-header-value-case.req"), creq: include_str!("../sigv4-suite/post-header-value-case/post-header-value-case.creq"), sts: include_str!("../sigv4-suite/post-header-value-case/post-header-value-case.sts"), authz: include_str!("../sigv4-suite/post-header-value-case/post-header-value-case.authz") },
    SuiteCase { name: "post-sts-header-after", req: include_str!("../sigv4-suite/post-sts-token/post-sts-header-after/post-sts-header-after.req"), creq: include_str!("../sigv4-suite/post-sts-token/post-sts-header-after/post-sts-header-after.creq"), sts: include_str!("../sigv4-suite/post-sts-token/post-sts-header-after/post-sts-header-after.sts"), authz: include_str!("../sigv4-suite/post-sts-token/post-sts-header-after/post-sts-header-after.authz") },
    SuiteCase { name: "post-sts-header-before", req: include_str!("../sigv4-suite/post-sts-token/post-sts-header-before/post-sts-header-before.req"), creq: include_str!("../sigv4-suite/post-sts-token/post-sts-header-before/post-sts-header-before.creq"), sts: include_str!("../sigv4-suite/post-sts-token/post-sts-header-before/post-sts-header-before.sts"), authz: include_str!("../sigv4-suite/post-sts-token/post-sts-header-before/post-sts-header-before.authz") },
    SuiteCase { name: "post-vanilla-empty-query-value", req: include_str!("../sigv4-suite/post-vanilla-empty-query-value/post-vanilla-empty-query-value.req"), creq: include_str!("../sigv4-suite/post-vanilla-empty-query-value/post-vanilla-empty-query-value.creq"), sts: include_str!("../sigv4-suite/post-vanilla-empty-query-value/post-vanilla-empty-query-value.sts"), authz: include_str!("../sigv4-suite/post-vanilla-empty-query-value/post-vanilla-empty-query-value.authz") },
    SuiteCase { name: "post-vanilla-query", req: include_str!("../sigv4-suite/post-vanilla-query/post-vanilla-query.req"), creq: include_str!("../sigv4-suite/post-vanilla-query/post-vanilla-query.creq"), sts: include_str!("../sigv4-suite/post-vanilla-query/post-vanilla-query.sts"), authz: include_str!("../sigv4-suite/post-vanilla-query/post-vanilla-query.authz") },
    SuiteCase { name: "post-vanilla", req: include_str!("../sigv4-suite/post-vanilla/post-vanilla.req"), creq: include_str!("../sigv4-suite/post-vanilla/post-vanilla.creq"), sts: include_str!("../sigv4-suite/post-vanilla/post-vanilla.sts"), authz: include_str!("../sigv4-suite/post-vanilla/post-vanilla.authz") },
    SuiteCase { name: "post-x-www-form-urlencoded-parameters", req: include_str!("../sigv4-suite/post-x-www-form-urlencoded-parameters/post-x-www-form-urlencoded-parameters.req"), creq: include_str!("../sigv4-suite/post-x-www-form-urlencoded-parameters/post-x-www-form-urlencoded-parameters.creq"), sts: include_str!("../sigv4-suite/post-x-www-form-urlencoded-parameters/post-x-www-form-urlencoded-parameters.sts"), authz: include_str!("../sigv4-suite/post-x-www-form-urlencoded-parameters/post-x-www-form-urlencoded-parameters.authz") },
    SuiteCase { name: "post-x-www-form-urlencoded", req: include_str!("../sigv4-suite/post-x-www-form-urlencoded/post-x-www-form-urlencoded.req"), creq: include_str!("../sigv4-suite/post-x-www-form-urlencoded/post-x-www-form-urlencoded.creq"), sts: include_str!("../sigv4-suite/post-x-www-form-urlencoded/post-x-www-form-urlencoded.sts"), authz: include_str!("../sigv4-suite/post-x-www-form-urlencoded/post-x-www-form-urlencoded.authz") },
];

/// A parsed `.req`.
pub struct RawRequest {
    pub method: String,
    /// The raw path and query, as in the request line.
    pub target: String,
    /// Headers in order; folded lines are joined with a newline.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl RawRequest {
    /// The raw path has characters that the wire form encodes (a space, UTF-8).
    pub fn path_needs_encoding(&self) -> bool {
        let path = self.target.split('?').next().unwrap_or_default();
        path.bytes().any(|b| b == b' ' || !b.is_ascii())
    }

    /// The Host header.
    pub fn host(&self) -> String {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("host"))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// The session token: the request's own, else the one only the expected output names.
    pub fn session_token(&self, creq: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("x-amz-security-token"))
            .map(|(_, v)| v.clone())
            .or_else(|| {
                creq.lines()
                    .find_map(|l| l.strip_prefix("x-amz-security-token:"))
                    .map(str::to_owned)
            })
    }
}

/// Parses a `.req` file.
pub fn parse_req(text: &str) -> RawRequest {
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let mut lines = head.lines();
    let request_line = lines.next().unwrap_or_default();
    let (method, rest) = request_line.split_once(' ').unwrap_or_default();
    let target = rest.rsplit_once(" HTTP/").map(|(t, _)| t).unwrap_or(rest);
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        match headers.last_mut() {
            Some(last) if line.starts_with([' ', '\t']) => {
                last.1.push('\n');
                last.1.push_str(line);
            }
            _ => {
                let (name, value) = line.split_once(':').unwrap_or((line, ""));
                headers.push((name.to_owned(), value.to_owned()));
            }
        }
    }
    RawRequest {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        body: body.to_owned(),
    }
}
