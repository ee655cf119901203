//! The canonical request: method, URI, query, headers, signed header names and payload hash.

use super::uri_path_normalization::normalize_path_segments;
use super::url_escape::{percent_decode, push_encoded};
use super::PercentEncodingMode;

/// Headers that are never signed, because something between the signer and the service
/// may add, drop or rewrite them:
/// - `authorization` carries the signature itself;
/// - `user-agent` is set by browsers (a forbidden header) and rewritten by proxies;
/// - `x-amzn-trace-id` is added by X-Ray and tracing proxies after signing;
/// - `content-length` is computed by `fetch` (a forbidden header in browsers);
/// - `expect`, `connection`, `keep-alive`, `proxy-*`, `te`, `trailer`, `transfer-encoding`
///   and `upgrade` are hop-by-hop: any proxy may change them;
/// - `cache-control`, `pragma`, `referer`, `from` and `max-forwards` are set or stripped by
///   browsers, caches and proxies.
pub const UNSIGNED_HEADERS: [&str; 16] = [
    "authorization",
    "cache-control",
    "connection",
    "content-length",
    "expect",
    "from",
    "keep-alive",
    "max-forwards",
    "pragma",
    "proxy-authenticate",
    "proxy-authorization",
    "referer",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// Whether a (lower-case) header name is signed.
pub fn is_signable(lower_name: &str) -> bool {
    !UNSIGNED_HEADERS.contains(&lower_name)
        && lower_name != "user-agent"
        && lower_name != "x-amzn-trace-id"
}

/// The canonical URI of a wire path (already percent-encoded once).
///
/// ```
/// use connect_phone_wasm::sigv4::canonical_request::canonical_uri;
/// use connect_phone_wasm::sigv4::PercentEncodingMode::{Double, Single};
/// let wire = "/phone-number/arn%3Aaws%3Aconnect";
/// assert_eq!(canonical_uri(wire, Double), "/phone-number/arn%253Aaws%253Aconnect");
/// assert_eq!(canonical_uri(wire, Single), wire);
/// ```
pub fn canonical_uri(wire_path: &str, mode: PercentEncodingMode) -> String {
    match mode {
        PercentEncodingMode::Single if wire_path.is_empty() => "/".to_owned(),
        PercentEncodingMode::Single => wire_path.to_owned(),
        PercentEncodingMode::Double => {
            let normalized = normalize_path_segments(wire_path);
            let mut out = String::with_capacity(normalized.len() + 16);
            for (i, segment) in normalized.split('/').enumerate() {
                if i > 0 {
                    out.push('/');
                }
                push_encoded(&mut out, segment.as_bytes());
            }
            out
        }
    }
}

/// The canonical query of a wire query: each name and value decoded, encoded with the SigV4
/// set, and sorted by name, then by value. `+` means a space, as in form encoding.
///
/// ```
/// use connect_phone_wasm::sigv4::canonical_request::canonical_query;
/// assert_eq!(canonical_query("b=2&a=x+y&a=%41&c"), "a=A&a=x%20y&b=2&c=");
/// ```
pub fn canonical_query(wire_query: &str) -> String {
    let pairs: Vec<(String, String)> = wire_query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (reencode(name), reencode(value))
        })
        .collect();
    let pairs = sort_stable(pairs, &|a, b| a < b);
    let mut out = String::with_capacity(wire_query.len() + 8);
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out
}

fn reencode(component: &str) -> String {
    let mut out = String::with_capacity(component.len());
    push_encoded(&mut out, &percent_decode(&component.replace('+', " ")));
    out
}

/// Trims a header value and collapses each run of whitespace (line folds too) into a space.
pub fn normalize_header_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value
        .split([' ', '\t', '\n', '\r'])
        .filter(|word| !word.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Canonical headers and the `SignedHeaders` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalHeaders {
    /// `name:value\n` for each signed header, sorted, repeats joined with `,`.
    pub block: String,
    /// The signed header names joined with `;`.
    pub signed_headers: String,
}

/// Canonicalises `(name, value)` pairs; names need not be lower-case nor unique.
pub fn canonical_headers<'a>(
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> CanonicalHeaders {
    let lowered: Vec<(String, String)> = headers
        .into_iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), normalize_header_value(value)))
        .filter(|(name, _)| is_signable(name))
        .collect();
    // A stable sort keeps repeated headers in the order they were given.
    let lowered = sort_stable(lowered, &|a, b| a.0 < b.0);
    let mut block = String::with_capacity(256);
    let mut signed_headers = String::with_capacity(64);
    let mut previous: Option<&str> = None;
    for (name, value) in &lowered {
        if previous == Some(name.as_str()) {
            block.pop();
            block.push(',');
        } else {
            if previous.is_some() {
                signed_headers.push(';');
            }
            signed_headers.push_str(name);
            block.push_str(name);
            block.push(':');
        }
        block.push_str(value);
        block.push('\n');
        previous = Some(name);
    }
    CanonicalHeaders {
        block,
        signed_headers,
    }
}

/// A stable merge sort. The standard library's sorts cost kilobytes of WASM per element
/// type; this one is small, and stays O(n log n) for a request with many parameters.
fn sort_stable<T>(items: Vec<T>, less: &impl Fn(&T, &T) -> bool) -> Vec<T> {
    if items.len() <= 16 {
        let mut items = items;
        for i in 1..items.len() {
            let mut j = i;
            while j > 0
                && items
                    .get(j)
                    .zip(items.get(j - 1))
                    .is_some_and(|(a, b)| less(a, b))
            {
                items.swap(j, j - 1);
                j -= 1;
            }
        }
        return items;
    }
    let mut left = items;
    let right = left.split_off(left.len() / 2);
    let mut left = sort_stable(left, less).into_iter().peekable();
    let mut right = sort_stable(right, less).into_iter().peekable();
    let mut merged = Vec::with_capacity(left.len() + right.len());
    while let (Some(l), Some(r)) = (left.peek(), right.peek()) {
        // Taking from the left on ties keeps the sort stable.
        let next = if less(r, l) {
            right.next()
        } else {
            left.next()
        };
        merged.extend(next);
    }
    merged.extend(left);
    merged.extend(right);
    merged
}

/// Joins the parts into the canonical request text.
pub fn canonical_request(
    method: &str,
    uri: &str,
    query: &str,
    headers: &CanonicalHeaders,
    payload_hash: &str,
) -> String {
    let mut out = String::with_capacity(
        method.len()
            + uri.len()
            + query.len()
            + headers.block.len()
            + headers.signed_headers.len()
            + payload_hash.len()
            + 8,
    );
    for part in [
        method,
        "\n",
        uri,
        "\n",
        query,
        "\n",
        &headers.block,
        "\n",
        &headers.signed_headers,
        "\n",
        payload_hash,
    ] {
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_order_and_case_do_not_matter() {
        let a = canonical_headers([("B", "2"), ("a", " 1  x "), ("b", "3")]);
        let b = canonical_headers([("a", "1 x"), ("b", "2"), ("B", "3")]);
        assert_eq!(a, b);
        assert_eq!(a.block, "a:1 x\nb:2,3\n");
        assert_eq!(a.signed_headers, "a;b");
    }

    #[test]
    fn unsigned_headers_are_skipped() {
        let h = canonical_headers([
            ("User-Agent", "x"),
            ("Authorization", "y"),
            ("X-Amzn-Trace-Id", "z"),
            ("host", "h"),
        ]);
        assert_eq!(h.signed_headers, "host");
    }

    #[test]
    fn the_merge_sort_is_stable_and_sorts_many_items() {
        let items: Vec<(u32, usize)> = (0..1000).map(|i| ((i * 7919 % 13) as u32, i)).collect();
        let sorted = sort_stable(items, &|a, b| a.0 < b.0);
        assert!(sorted
            .windows(2)
            .all(|w| w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1)));
        assert_eq!(sorted.len(), 1000);
    }

    #[test]
    fn canonical_query_is_idempotent() {
        let once = canonical_query("z=%2F&a=b c&%E1%88%B4=1&a=");
        assert_eq!(canonical_query(&once), once);
    }
}
