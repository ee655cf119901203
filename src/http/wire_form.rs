//! Recognising a URL that is already exactly what `fetch` sends, without parsing it.
//!
//! [`Url::parse`](super::Url::parse) applies every WHATWG rule, and so allocates. Most URLs a
//! signer sees (`https://connect.us-east-1.amazonaws.com/phone-number/…`) need none of those
//! rules; this check accepts only URLs that every rule leaves as they are, and anything else
//! goes to the full parser.

use super::Scheme;

/// A URL in wire form, split into its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WireUrl<'a> {
    /// The scheme.
    pub scheme: Scheme,
    /// The host.
    pub host: &'a str,
    /// The port, when it is not the scheme's default.
    pub port: Option<u16>,
    /// The `Host` header: the host, and the port when it is not the default.
    pub host_header: &'a str,
    /// The path, starting with `/`.
    pub path: &'a str,
}

/// The parts of `url` when the WHATWG rules would leave it as it is, and `None` otherwise
/// (the full parser then decides).
///
/// Accepted: `http://` or `https://` in lower case; a lower-case host name whose last label
/// starts with a letter and with no Punycode (`xn--`) label, or a dotted-decimal IPv4
/// address in canonical form; a port that is not the default, without leading zeros; a path
/// of unreserved characters, `/` and `%XX`, with no empty, `.` or `..` segment; no query, no
/// fragment.
///
/// ```
/// use connect_phone_wasm::http::wire_form;
/// let url = wire_form("https://connect.us-east-1.amazonaws.com/phone-number/a%3Ab").unwrap();
/// assert_eq!(url.host_header, "connect.us-east-1.amazonaws.com");
/// assert_eq!(url.path, "/phone-number/a%3Ab");
/// assert!(wire_form("https://Example.com/").is_none());
/// assert!(wire_form("https://example.com:443/").is_none());
/// ```
pub fn wire_form(url: &str) -> Option<WireUrl<'_>> {
    let (rest, scheme) = match url.strip_prefix("https://") {
        Some(rest) => (rest, Scheme::Https),
        None => (url.strip_prefix("http://")?, Scheme::Http),
    };
    let slash = rest.find('/')?;
    let (host_header, path) = rest.split_at_checked(slash)?;
    let (host, port) = match host_header.split_once(':') {
        Some((host, port)) => (host, Some(plain_port(port, scheme)?)),
        None => (host_header, None),
    };
    (is_plain_host(host) && is_plain_path(path)).then_some(WireUrl {
        scheme,
        host,
        port,
        host_header,
        path,
    })
}

/// A host the WHATWG host parser leaves as it is.
fn is_plain_host(host: &str) -> bool {
    // A Punycode label is checked (and may be refused) by browsers and Node: the full parser
    // decides.
    if host.starts_with("xn--") || host.contains(".xn--") {
        return false;
    }
    let mut label_len = 0;
    let mut label_first = 0u8;
    for b in host.bytes() {
        if b == b'.' {
            if label_len == 0 {
                return false;
            }
            label_len = 0;
        } else if b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' {
            if label_len == 0 {
                label_first = b;
            }
            label_len += 1;
        } else {
            return false;
        }
    }
    if label_len == 0 {
        return false; // empty, or a trailing dot
    }
    // A last label that starts with a digit makes the host an IPv4 address, which is
    // rewritten unless it is already four decimal numbers with no leading zeros.
    if label_first.is_ascii_lowercase() || label_first == b'-' {
        return true;
    }
    let mut parts = 0;
    host.split('.').all(|part| {
        parts += 1;
        decimal_up_to(part, 255).is_some()
    }) && parts == 4
}

/// A port that the WHATWG rules keep as written: not the scheme's default.
fn plain_port(port: &str, scheme: Scheme) -> Option<u16> {
    let number = u16::try_from(decimal_up_to(port, 65535)?).ok()?;
    (number != scheme.default_port()).then_some(number)
}

/// The value of digits with no leading zero (other than `0` itself), when it is up to `max`.
fn decimal_up_to(text: &str, max: u32) -> Option<u32> {
    let mut value: u32 = 0;
    for (i, b) in text.bytes().enumerate() {
        if !b.is_ascii_digit() || (i == 1 && value == 0) || i >= 5 {
            return None;
        }
        value = value * 10 + u32::from(b - b'0');
    }
    (!text.is_empty() && value <= max).then_some(value)
}

/// A path that needs no escaping and no dot-segment removal, by `fetch` or by SigV4.
fn is_plain_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'%' => {
                let (Some(&hi), Some(&lo)) = (bytes.get(i + 1), bytes.get(i + 2)) else {
                    return false;
                };
                // `%2e` is a dot to the WHATWG dot-segment rules.
                if !hi.is_ascii_hexdigit()
                    || !lo.is_ascii_hexdigit()
                    || (hi, lo.to_ascii_lowercase()) == (b'2', b'e')
                {
                    return false;
                }
                i += 3;
            }
            b'/' => i += 1,
            _ if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') => i += 1,
            _ => return false,
        }
    }
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    let mut segments = rest.split('/').peekable();
    while let Some(segment) = segments.next() {
        // Only the last segment may be empty: `/` and `/a/`.
        let last = segments.peek().is_none();
        if matches!(segment, "." | "..") || (segment.is_empty() && !last) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Url;

    #[test]
    fn accepts_what_the_full_parser_leaves_as_it_is() {
        for url in [
            "https://connect.us-east-1.amazonaws.com/phone-number/12345678-1234-1234-1234-123456789012",
            "https://connect.us-east-1.amazonaws.com/phone-number/arn%3Aaws%3Aconnect%3Aus-east-1%3A1%3Aphone-number%2Fx",
            "http://127.0.0.1:8080/phone-number/x",
            "https://example.com/",
            "https://example.com/a/",
            "http://localhost:1/a~b_c.d",
            "https://0.0.0.0/",
        ] {
            let wire = wire_form(url).unwrap_or_else(|| panic!("{url} refused"));
            let parsed = Url::parse_whatwg(url).unwrap();
            assert_eq!(Url::parse(url).unwrap(), parsed);
            assert_eq!(parsed.to_string(), url);
            assert_eq!(parsed.host_header(), wire.host_header);
            assert_eq!(
                (parsed.scheme(), parsed.host(), parsed.port(), parsed.path()),
                (wire.scheme, wire.host, wire.port, wire.path)
            );
        }
    }

    #[test]
    fn refuses_what_the_full_parser_rewrites_or_refuses() {
        for url in [
            "HTTPS://example.com/",
            "https://Example.com/",
            "https://example.com",
            "https://example.com:443/",
            "http://example.com:80/",
            "http://example.com:080/",
            "http://example.com:/",
            "http://example.com:65536/",
            "https://127.1/",
            "https://127.0.0.01/",
            "https://0x7f.0.0.1/",
            "https://1.2.3.256/",
            "https://a.1/",
            "https://a..b/",
            "https://.a/",
            "https://a./",
            "https://u@a/",
            "https://xn--a.com/",
            "https://a.xn--b/",
            "https://a/b?c",
            "https://a/b#c",
            "https://a/b c",
            "https://a/b//c",
            "https://a//",
            "https://a/./b",
            "https://a/b/..",
            "https://a/%2e%2E/b",
            "https://a/%2",
            "https://a/%zz",
            "https://a/é",
            "https://a/b:c",
            " https://a/",
        ] {
            assert_eq!(wire_form(url), None, "{url}");
        }
    }
}
