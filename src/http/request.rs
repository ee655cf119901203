//! The request the signer signs and `fetch` sends.

use super::Url;
use std::fmt;

/// Why a request could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestError {
    /// The URL does not parse, or cannot be sent by `fetch`.
    InvalidUrl(String),
    /// The method is not an HTTP token.
    InvalidMethod(String),
    /// A header name is not an HTTP token.
    InvalidHeaderName(String),
    /// A header value has control characters (other than tab and line folds).
    InvalidHeaderValue(String),
    /// A header value is not ASCII.
    NonAsciiHeaderValue(String),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::InvalidUrl(why) => write!(f, "invalid URL: {why}"),
            RequestError::InvalidMethod(method) => {
                write!(f, "invalid HTTP method {}", quoted(method))
            }
            RequestError::InvalidHeaderValue(name) => {
                write!(
                    f,
                    "the value of header {} has control characters",
                    quoted(name)
                )
            }
            RequestError::NonAsciiHeaderValue(name) => {
                write!(
                    f,
                    "the value of header {} is not ASCII: fetch would send it as Latin-1 bytes \
                     (or refuse it) while SigV4 signs its UTF-8, so no server could verify the \
                     signature; percent-encode or base64 it",
                    quoted(name)
                )
            }
            RequestError::InvalidHeaderName(name) => {
                write!(f, "invalid header name {}", quoted(name))
            }
        }
    }
}

impl std::error::Error for RequestError {}

/// An HTTP request: method, URL, headers (in order, repeats allowed) and body.
///
/// ```
/// use connect_phone_wasm::http::HttpRequest;
/// let request = HttpRequest::new("post", "https://example.com/x")?
///     .with_header("Content-Type", "application/json")?
///     .with_body(b"{}".to_vec());
/// assert_eq!(request.method(), "POST");
/// # Ok::<(), connect_phone_wasm::http::RequestError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    method: String,
    url: Url,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl HttpRequest {
    /// A request with no headers and an empty body; the method is upper-cased.
    pub fn new(method: &str, url: &str) -> Result<HttpRequest, RequestError> {
        if !is_token(method) {
            return Err(RequestError::InvalidMethod(method.to_owned()));
        }
        Ok(HttpRequest {
            method: method.to_ascii_uppercase(),
            url: Url::parse(url)?,
            headers: Vec::new(),
            body: Vec::new(),
        })
    }

    /// A `GET` request.
    pub fn get(url: &str) -> Result<HttpRequest, RequestError> {
        HttpRequest::new("GET", url)
    }

    /// A request for an already parsed URL.
    pub fn from_url(method: &'static str, url: Url) -> HttpRequest {
        HttpRequest {
            method: method.to_owned(),
            url,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds a header, keeping any earlier one of the same name.
    pub fn with_header(mut self, name: &str, value: &str) -> Result<HttpRequest, RequestError> {
        self.push_header(name, value)?;
        Ok(self)
    }

    /// Adds a header in place, keeping any earlier one of the same name.
    pub fn push_header(&mut self, name: &str, value: &str) -> Result<(), RequestError> {
        if !is_token(name) {
            return Err(RequestError::InvalidHeaderName(name.to_owned()));
        }
        // Tabs and line folds are whitespace the canonical form collapses. Any other control
        // character cannot be sent by fetch, and a non-ASCII one goes out as Latin-1 (or not at
        // all) while SigV4 hashes UTF-8: either way a signature nobody could check.
        // A folded value (a line break followed by spaces, the SigV4 suite's
        // get-header-value-multiline case) is signed and sent with the fold collapsed to one
        // space, as the canonical form has it.
        if !value.is_ascii() {
            return Err(RequestError::NonAsciiHeaderValue(name.to_owned()));
        }
        if value
            .bytes()
            .any(|b| b.is_ascii_control() && !matches!(b, b'\t' | b'\n' | b'\r'))
        {
            return Err(RequestError::InvalidHeaderValue(name.to_owned()));
        }
        self.headers.push((name.to_owned(), value.to_owned()));
        Ok(())
    }

    /// Replaces the body.
    pub fn with_body(mut self, body: Vec<u8>) -> HttpRequest {
        self.body = body;
        self
    }

    /// The method, upper-case.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The URL.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The URL, to change its query (presigning).
    pub fn url_mut(&mut self) -> &mut Url {
        &mut self.url
    }

    /// The headers as given, in order.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The body bytes.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

/// An HTTP token (RFC 9110 `tchar`), as method and header names must be.
pub(crate) fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Text from a caller, quoted for a message: at most 64 characters, controls as spaces.
///
/// ```
/// assert_eq!(connect_phone_wasm::http::quoted("a\nb"), "\"a b\"");
/// ```
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(64) + 2);
    out.push('"');
    out.extend(
        text.chars()
            .take(64)
            .map(|c| if c.is_control() { ' ' } else { c }),
    );
    if text.chars().nth(64).is_some() {
        out.push('…');
    }
    out.push('"');
    out
}
