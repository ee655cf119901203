//! A small absolute-URL parser that yields the exact path and query `fetch` will send.
//!
//! Browsers and Node normalise a URL before sending it (the WHATWG URL rules): dot segments
//! are removed, spaces and non-ASCII characters are percent-encoded and the default port is
//! dropped. A signature must cover those wire bytes, so the parser applies the same rules.

use super::host::canonical_host;
use super::wire_form::wire_form;
use super::RequestError;
use std::fmt;

/// The scheme of a URL: only `http` and `https` reach AWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// Plain HTTP, for local emulators and proxies.
    Http,
    /// HTTPS, for every AWS endpoint.
    Https,
}

impl Scheme {
    pub(crate) fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }

    /// The scheme as it is written in a URL.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }
}

/// An absolute `http` or `https` URL, normalised as `fetch` sends it.
///
/// ```
/// use connect_phone_wasm::http::Url;
/// let url = Url::parse("https://Example.com:443/a/./b/../c d?x=1#frag")?;
/// assert_eq!(url.host(), "example.com");
/// assert_eq!(url.path(), "/a/c%20d");
/// assert_eq!(url.query(), "x=1");
/// assert_eq!(url.to_string(), "https://example.com/a/c%20d?x=1");
/// # Ok::<(), connect_phone_wasm::http::RequestError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    scheme: Scheme,
    host: String,
    port: Option<u16>,
    path: String,
    query: String,
}

impl Url {
    /// Parses an absolute URL, or says what is wrong with it.
    ///
    /// A URL already in wire form (see [`wire_form`]) is taken as it is; any other goes
    /// through [`Url::parse_whatwg`]. Both give the same `Url`.
    pub fn parse(input: &str) -> Result<Url, RequestError> {
        match Url::from_wire_form(input) {
            Some(url) => Ok(url),
            None => Url::parse_whatwg(input),
        }
    }

    /// A URL in wire form, split without the WHATWG rules, which would leave it unchanged.
    fn from_wire_form(input: &str) -> Option<Url> {
        let wire = wire_form(input)?;
        Some(Url {
            scheme: wire.scheme,
            host: wire.host.to_owned(),
            port: wire.port,
            path: wire.path.to_owned(),
            query: String::new(),
        })
    }

    /// Parses an absolute URL with every WHATWG rule, without [`Url::parse`]'s shortcut for
    /// URLs already in wire form (the tests hold the shortcut to this).
    pub fn parse_whatwg(input: &str) -> Result<Url, RequestError> {
        let input = input.trim_matches(|c: char| c <= ' ');
        if input.chars().any(|c| c.is_ascii_control()) {
            return Err(invalid("it contains control characters"));
        }
        let (scheme, rest) = input
            .split_once("://")
            .ok_or_else(|| invalid("it is not an absolute http(s) URL"))?;
        let scheme = match scheme.to_ascii_lowercase().as_str() {
            "https" => Scheme::Https,
            "http" => Scheme::Http,
            _ => return Err(invalid("only http and https URLs can be signed")),
        };
        let rest = rest.split('#').next().unwrap_or_default();
        let authority_end = rest.find(['/', '?', '\\']).unwrap_or(rest.len());
        let (authority, path_and_query) =
            rest.split_at_checked(authority_end).unwrap_or((rest, ""));
        let (host, port) = parse_authority(authority, scheme)?;
        let (raw_path, raw_query) = match path_and_query.split_once('?') {
            Some((path, query)) => (path, query),
            None => (path_and_query, ""),
        };
        Ok(Url {
            scheme,
            host,
            port,
            path: normalize_wire_path(raw_path),
            query: encode_wire(raw_query, is_query_escaped),
        })
    }

    /// The scheme.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The host, lower-cased; an IPv6 address keeps its brackets.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The port, when it is not the scheme's default.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The `Host` header value: the host, and the port when it is not the default.
    pub fn host_header(&self) -> String {
        match self.port {
            Some(port) => format!("{}:{}", self.host, port),
            None => self.host.clone(),
        }
    }

    /// The path as sent on the wire: percent-encoded once, dot segments removed.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query as sent on the wire, without the `?`; empty when there is none.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// Replaces the query (already in wire form, without `?`).
    pub fn set_query(&mut self, query: String) {
        self.query = query;
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme.as_str(), self.host)?;
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        f.write_str(&self.path)?;
        if !self.query.is_empty() {
            write!(f, "?{}", self.query)?;
        }
        Ok(())
    }
}

fn invalid(why: &str) -> RequestError {
    RequestError::InvalidUrl(why.to_owned())
}

fn parse_authority(authority: &str, scheme: Scheme) -> Result<(String, Option<u16>), RequestError> {
    if authority.contains('@') {
        return Err(invalid("credentials in the URL are not allowed"));
    }
    let (host, port) = if authority.starts_with('[') {
        let end = authority
            .find(']')
            .ok_or_else(|| invalid("an IPv6 host is missing its closing bracket"))?;
        let (address, after) = authority
            .split_at_checked(end + 1)
            .unwrap_or((authority, ""));
        let port = match after {
            "" => None,
            _ => Some(
                after
                    .strip_prefix(':')
                    .ok_or_else(|| invalid("unexpected text after the IPv6 host"))?,
            ),
        };
        (address, port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let host = canonical_host(host)?;
    let port = match port {
        None | Some("") => None,
        Some(digits) => {
            let number: u16 = digits
                .parse()
                .ok()
                .filter(|_| digits.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| invalid("the port is not a number from 0 to 65535"))?;
            (number != scheme.default_port()).then_some(number)
        }
    };
    Ok((host, port))
}

/// Removes `.` and `..` segments and percent-encodes what `fetch` would, keeping `//`.
fn normalize_wire_path(raw: &str) -> String {
    let replaced;
    let raw = if raw.contains('\\') {
        replaced = raw.replace('\\', "/");
        replaced.as_str()
    } else {
        raw
    };
    let is = |segment: &str, forms: &[&str]| forms.iter().any(|f| segment.eq_ignore_ascii_case(f));
    let mut segments: Vec<&str> = Vec::new();
    let mut parts = raw.split('/').skip(1).peekable();
    while let Some(segment) = parts.next() {
        let last = parts.peek().is_none();
        if is(segment, &[".", "%2e"]) {
            if last {
                segments.push("");
            }
        } else if is(segment, &["..", ".%2e", "%2e.", "%2e%2e"]) {
            segments.pop();
            if last {
                segments.push("");
            }
        } else {
            segments.push(segment);
        }
    }
    let mut path = String::with_capacity(raw.len() + 1);
    for segment in segments {
        path.push('/');
        push_wire(&mut path, segment, is_path_escaped);
    }
    if path.is_empty() {
        path.push('/');
    }
    path
}

/// The WHATWG path percent-encode set, plus `^` and `|`: Chromium escapes those two in a path
/// and Node leaves them raw, so the normalised URL escapes them and sends the same bytes in both.
fn is_path_escaped(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'"' | b'#' | b'<' | b'>' | b'?' | b'`' | b'{' | b'}' | b'^' | b'|'
    ) || !(0x21..0x7f).contains(&b)
}

fn is_query_escaped(b: u8) -> bool {
    matches!(b, b' ' | b'"' | b'#' | b'<' | b'>' | b'\'') || !(0x21..0x7f).contains(&b)
}

fn encode_wire(text: &str, escaped: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_wire(&mut out, text, escaped);
    out
}

/// Appends `text`, percent-encoding the bytes `escaped` picks; unescaped runs are copied whole.
fn push_wire(out: &mut String, text: &str, escaped: impl Fn(u8) -> bool) {
    let bytes = text.as_bytes();
    let mut run_start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if escaped(b) {
            // Every byte outside printable ASCII is escaped, so a run is ASCII text.
            out.push_str(text.get(run_start..i).unwrap_or_default());
            out.push_str(percent_encoding::percent_encode_byte(b));
            run_start = i + 1;
        }
    }
    out.push_str(text.get(run_start..).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_like_fetch() {
        let cases = [
            ("https://h/", "/", ""),
            ("https://h", "/", ""),
            ("https://h/a/../../b", "/b", ""),
            ("https://h/a/.", "/a/", ""),
            ("https://h//x//", "//x//", ""),
            ("https://h/é?q=é", "/%C3%A9", "q=%C3%A9"),
            ("https://h/a%3Ab?x=a+b&y", "/a%3Ab", "x=a+b&y"),
            ("https://h/%2e/x", "/x", ""),
        ];
        for (input, path, query) in cases {
            let url = Url::parse(input).unwrap();
            assert_eq!((url.path(), url.query()), (path, query), "{input}");
        }
    }

    #[test]
    fn ports_and_hosts() {
        let url = Url::parse("http://127.0.0.1:8080/x").unwrap();
        assert_eq!(url.host_header(), "127.0.0.1:8080");
        assert_eq!(Url::parse("http://H:80/").unwrap().host_header(), "h");
        assert_eq!(
            Url::parse("http://[::1]:9/").unwrap().host_header(),
            "[::1]:9"
        );
    }

    #[test]
    fn rejects_what_cannot_be_sent() {
        for bad in [
            "",
            "/relative",
            "ftp://h/",
            "https://",
            "https://user:pw@h/",
            "https://h:99999/",
            "https://h:-1/",
            "https://h o/",
            "https://[::1/",
            "https://h/\u{0}x",
            "https://hé/",
        ] {
            assert!(Url::parse(bad).is_err(), "{bad:?}");
        }
    }
}
