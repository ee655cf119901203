//! Parsing a response into the typed output or a typed error.

use super::{ConnectError, DescribePhoneNumberOutput, ServiceError};
use serde::Deserialize;

/// The most response-body bytes the client reads; a bigger body is refused, not buffered.
pub const MAX_RESPONSE_BYTES: usize = 1024 * 1024;

/// What the parser needs of an HTTP response.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// `x-amzn-RequestId` (or `x-amz-request-id`).
    pub request_id: Option<String>,
    /// `x-amzn-ErrorType`.
    pub error_type: Option<String>,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// Parses a response: the output for a 2xx, otherwise the error.
pub fn parse_response(response: &HttpResponse) -> Result<DescribePhoneNumberOutput, ConnectError> {
    if (200..300).contains(&response.status) {
        parse_output(response)
    } else {
        Err(parse_error(response))
    }
}

/// Parses a 2xx body into the output; anything but the model's JSON is a `ResponseParseError`.
///
/// Members the model does not know are ignored, and enum values it does not know pass through.
pub fn parse_output(response: &HttpResponse) -> Result<DescribePhoneNumberOutput, ConnectError> {
    let fail = |why: String| ConnectError::ResponseParse {
        message: why,
        status: response.status,
        request_id: response.request_id.clone(),
    };
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return Err(fail(
            "the response body is empty; expected DescribePhoneNumber JSON".to_owned(),
        ));
    }
    serde_json::from_slice(&response.body).map_err(|e| {
        let kind = match e.classify() {
            serde_json::error::Category::Eof => "the response body is truncated",
            serde_json::error::Category::Data => {
                "the response body is not DescribePhoneNumber JSON"
            }
            _ => "the response body is not JSON",
        };
        fail(format!("{kind}: {e}{}", describe_content_type(response)))
    })
}

fn describe_content_type(response: &HttpResponse) -> String {
    match &response.content_type {
        Some(ct) if !ct.contains("json") => {
            format!(" (content-type {})", printable(ct, 60))
        }
        _ => String::new(),
    }
}

/// The members of an AWS JSON error body that name and explain the error.
///
/// Any of them may be missing or not a string (a proxy's JSON, say): such a member is
/// `None`, and the others still count.
#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    #[serde(default, deserialize_with = "text")]
    code: Option<String>,
    #[serde(default, rename = "__type", deserialize_with = "text")]
    type_name: Option<String>,
    #[serde(default, deserialize_with = "text")]
    message: Option<String>,
    #[serde(default, rename = "Message", deserialize_with = "text")]
    message_upper: Option<String>,
}

/// A non-empty string, or `None` for any other value (which is read and dropped).
fn text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    struct Text;
    impl<'de> serde::de::Visitor<'de> for Text {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
            Ok((!value.is_empty()).then(|| value.to_owned()))
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            while map
                .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                .is_some()
            {}
            Ok(None)
        }
    }
    deserializer.deserialize_any(Text)
}

/// The AWS error name from an `x-amzn-ErrorType`, `code` or `__type` value: cut at `:` and
/// keep what follows `#` (`aws.connect#ThrottlingException:http://…` → `ThrottlingException`).
///
/// ```
/// use connect_phone_wasm::connect::ServiceError;
/// # use connect_phone_wasm::connect::parse_error;
/// # use connect_phone_wasm::connect::HttpResponse;
/// let response = HttpResponse { status: 429, error_type: Some("com.amazonaws.connect#ThrottlingException:http://internal".into()), ..Default::default() };
/// assert_eq!(parse_error(&response).name(), "ThrottlingException");
/// ```
fn sanitize_error_type(raw: &str) -> Option<String> {
    let before_colon = raw.split(':').next().unwrap_or_default();
    let name = before_colon.rsplit('#').next().unwrap_or_default().trim();
    let valid = !name.is_empty()
        && name.len() <= 128
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
    valid.then(|| name.to_owned())
}

/// Parses an error response. With no AWS error type in it, it is an `UnknownError`.
pub fn parse_error(response: &HttpResponse) -> ConnectError {
    // A body that is not such an object (HTML, empty, truncated) names nothing.
    let body: ErrorBody = serde_json::from_slice(&response.body).unwrap_or_default();
    let name = response
        .error_type
        .as_deref()
        .and_then(sanitize_error_type)
        .or_else(|| body.code.as_deref().and_then(sanitize_error_type))
        .or_else(|| body.type_name.as_deref().and_then(sanitize_error_type));
    let message = body.message.or(body.message_upper);
    match name {
        Some(name) => ConnectError::Service(ServiceError {
            message: message.unwrap_or_else(|| format!("{name} (HTTP {})", response.status)),
            name,
            status: response.status,
            request_id: response.request_id.clone(),
        }),
        None => ConnectError::Unknown {
            message: format!(
                "HTTP {} with no AWS error in the response{}{}",
                response.status,
                describe_content_type(response),
                body_excerpt(&response.body)
            ),
            status: response.status,
            request_id: response.request_id.clone(),
        },
    }
}

fn body_excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let excerpt = printable(text.trim(), 120);
    if excerpt.is_empty() {
        String::new()
    } else {
        format!(": {excerpt}")
    }
}

fn printable(text: &str, max: usize) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(max)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, error_type: Option<&str>, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            error_type: error_type.map(str::to_owned),
            request_id: Some("rid".into()),
            content_type: None,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn names_errors_from_header_then_body() {
        let cases = [
            (Some("ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.connect/"), r#"{"Message":"m1"}"#, "ResourceNotFoundException", "m1"),
            (None, r#"{"__type":"com.amazonaws.connect#TooManyRequestsException","message":"m2"}"#, "TooManyRequestsException", "m2"),
            (None, r#"{"code":"AccessDeniedException","message":"m3"}"#, "AccessDeniedException", "m3"),
            (Some("ThrottlingException"), "not json", "ThrottlingException", "ThrottlingException (HTTP 400)"),
        ];
        for (header, body, name, message) in cases {
            let error = parse_error(&response(400, header, body));
            assert_eq!(
                (error.name(), error.message(), error.request_id()),
                (name, message, Some("rid"))
            );
        }
    }

    #[test]
    fn html_pages_are_unknown_errors_with_status() {
        let error = parse_error(&response(
            502,
            None,
            "<html><body>Bad Gateway</body></html>",
        ));
        assert_eq!(error.name(), "UnknownError");
        assert_eq!(error.status(), Some(502));
        assert!(error.message().contains("Bad Gateway"));
    }

    #[test]
    fn output_parses_and_keeps_unknown_enum_values() {
        let body = r#"{"ClaimedPhoneNumberSummary":{"PhoneNumberId":"x","PhoneNumberCountryCode":"ZZ","PhoneNumberType":"DID","Tags":{"a":"b"},"PhoneNumberStatus":{"Status":"CLAIMED"},"NewField":1}}"#;
        let output = parse_output(&response(200, None, body)).unwrap();
        let summary = output.claimed_phone_number_summary.unwrap();
        assert_eq!(summary.phone_number_country_code.unwrap().as_str(), "ZZ");
        assert_eq!(
            summary.phone_number_type,
            Some(crate::connect::PhoneNumberType::Did)
        );
        assert_eq!(
            summary
                .tags
                .as_ref()
                .and_then(|t| t.get("a"))
                .map(String::as_str),
            Some("b")
        );
    }

    #[test]
    fn bad_bodies_are_parse_errors() {
        for (body, hint) in [
            ("", "empty"),
            ("{\"ClaimedPhoneNumberSummary\": {\"Phone", "truncated"),
            (
                "{\"ClaimedPhoneNumberSummary\":\"oops\"}",
                "not DescribePhoneNumber JSON",
            ),
            ("<html>", "not"),
        ] {
            let error = parse_output(&response(200, None, body)).unwrap_err();
            assert_eq!(error.name(), "ResponseParseError");
            assert!(
                error.message().contains(hint),
                "{body}: {}",
                error.message()
            );
        }
    }
}
