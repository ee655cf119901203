//! The `DescribePhoneNumber` request: `GET /phone-number/{PhoneNumberId}`.

use super::{ConnectError, Endpoint};
use crate::http::{HttpRequest, Url};
use crate::sigv4::percent_encode;

/// The `x-amz-user-agent` value.
pub const USER_AGENT: &str = concat!("connect-phone-wasm/", env!("CARGO_PKG_VERSION"));

/// The longest id accepted: a full phone-number ARN is about 150 characters.
const MAX_ID_LENGTH: usize = 512;

/// Per-attempt values the SDK headers carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestContext<'a> {
    /// One UUID for the whole call (all attempts), for `amz-sdk-invocation-id`.
    pub invocation_id: &'a str,
    /// This attempt, from 1.
    pub attempt: u32,
    /// The most attempts the call may make.
    pub max_attempts: u32,
}

/// Checks a `PhoneNumberId`: a UUID or a phone-number ARN, with nothing that cannot be one.
///
/// ```
/// use connect_phone_wasm::connect::validate_phone_number_id;
/// assert!(validate_phone_number_id("12345678-1234-1234-1234-123456789012").is_ok());
/// assert!(validate_phone_number_id("arn:aws:connect:us-west-2:123456789012:phone-number/12345678-1234-1234-1234-123456789012").is_ok());
/// assert!(validate_phone_number_id("").is_err());
/// assert!(validate_phone_number_id("arn:aws:s3:::bucket").is_err());
/// ```
pub fn validate_phone_number_id(id: &str) -> Result<(), ConnectError> {
    if id.is_empty() {
        return Err(ConnectError::validation(
            "PhoneNumberId is required: pass the phone number's UUID or ARN",
        ));
    }
    if id.len() > MAX_ID_LENGTH {
        return Err(ConnectError::validation(format!(
            "PhoneNumberId is {} characters long; a phone number id or ARN is far shorter",
            id.len()
        )));
    }
    if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ConnectError::validation(
            "PhoneNumberId must not contain spaces or control characters",
        ));
    }
    if id == "." || id == ".." {
        // One path label of dots would be removed by URL normalisation: refuse, never resend
        // the request somewhere else.
        return Err(ConnectError::validation(
            "PhoneNumberId must be a UUID or a full phone number ARN",
        ));
    }
    if id.starts_with("arn:") {
        let parts: Vec<&str> = id.splitn(6, ':').collect();
        let is_phone_arn = matches!(parts.as_slice(), [_, partition, "connect", _, _, resource]
            if partition.starts_with("aws") && resource.contains("phone-number/"));
        if !is_phone_arn {
            return Err(ConnectError::validation(
                "PhoneNumberId is an ARN but not a phone number ARN (arn:aws:connect:REGION:ACCOUNT:phone-number/ID)",
            ));
        }
    } else if id.contains('/') || id.contains(':') {
        return Err(ConnectError::validation(
            "PhoneNumberId must be a UUID or a full phone number ARN",
        ));
    }
    Ok(())
}

/// Builds the unsigned request for one attempt.
///
/// The id is one path label: an ARN's `:` and `/` go on the wire as `%3A` and `%2F`.
///
/// ```
/// use connect_phone_wasm::connect::{describe_phone_number_request, resolve_endpoint, EndpointConfig, RequestContext};
/// let endpoint = resolve_endpoint(&EndpointConfig { region: "us-west-2".into(), ..Default::default() })?;
/// let context = RequestContext { invocation_id: "00000000-0000-4000-8000-000000000000", attempt: 1, max_attempts: 3 };
/// let request = describe_phone_number_request(&endpoint, "arn:aws:connect:us-west-2:1:phone-number/x", &context)?;
/// assert_eq!(request.url().path(), "/phone-number/arn%3Aaws%3Aconnect%3Aus-west-2%3A1%3Aphone-number%2Fx");
/// # Ok::<(), connect_phone_wasm::connect::ConnectError>(())
/// ```
pub fn describe_phone_number_request(
    endpoint: &Endpoint,
    phone_number_id: &str,
    context: &RequestContext<'_>,
) -> Result<HttpRequest, ConnectError> {
    describe_phone_number_request_at(
        &describe_phone_number_url(endpoint, phone_number_id)?,
        context,
    )
}

/// [`describe_phone_number_request`] for a URL that [`describe_phone_number_url`] gave.
pub fn describe_phone_number_request_at(
    url: &str,
    context: &RequestContext<'_>,
) -> Result<HttpRequest, ConnectError> {
    let url = Url::parse(url).map_err(|e| ConnectError::validation(e.to_string()))?;
    let mut request = HttpRequest::from_url("GET", url);
    let sdk_request = context.sdk_request();
    for (name, value) in sdk_headers(context, &sdk_request) {
        request
            .push_header(name, value)
            .map_err(|e| ConnectError::validation(e.to_string()))?;
    }
    Ok(request)
}

/// The URL of a `DescribePhoneNumber` request, after checking the id.
///
/// ```
/// use connect_phone_wasm::connect::{describe_phone_number_url, resolve_endpoint, EndpointConfig};
/// let endpoint = resolve_endpoint(&EndpointConfig { region: "us-west-2".into(), ..Default::default() })?;
/// let url = describe_phone_number_url(&endpoint, "12345678-1234-1234-1234-123456789012")?;
/// assert_eq!(url, "https://connect.us-west-2.amazonaws.com/phone-number/12345678-1234-1234-1234-123456789012");
/// # Ok::<(), connect_phone_wasm::connect::ConnectError>(())
/// ```
pub fn describe_phone_number_url(
    endpoint: &Endpoint,
    phone_number_id: &str,
) -> Result<String, ConnectError> {
    validate_phone_number_id(phone_number_id)?;
    let base = endpoint.url.to_string();
    Ok(format!(
        "{}/phone-number/{}",
        base.trim_end_matches('/'),
        percent_encode(phone_number_id.as_bytes())
    ))
}

impl RequestContext<'_> {
    /// The `amz-sdk-request` value: `attempt=N; max=M`.
    pub fn sdk_request(&self) -> String {
        format!("attempt={}; max={}", self.attempt, self.max_attempts)
    }
}

/// The headers the AWS SDKs add to an attempt, sorted by name; `sdk_request` is
/// [`RequestContext::sdk_request`].
pub fn sdk_headers<'a>(
    context: &RequestContext<'a>,
    sdk_request: &'a str,
) -> [(&'static str, &'a str); 3] {
    [
        ("amz-sdk-invocation-id", context.invocation_id),
        ("amz-sdk-request", sdk_request),
        ("x-amz-user-agent", USER_AGENT),
    ]
}

/// Formats 16 random bytes as a version 4 UUID, for `amz-sdk-invocation-id`.
///
/// ```
/// use connect_phone_wasm::connect::invocation_id;
/// assert_eq!(invocation_id([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
/// ```
pub fn invocation_id(mut random: [u8; 16]) -> String {
    random[6] = (random[6] & 0x0f) | 0x40;
    random[8] = (random[8] & 0x3f) | 0x80;
    let hex = crate::sigv4::hex_encode(&random);
    let part = |range: std::ops::Range<usize>| hex.get(range).unwrap_or_default();
    format!(
        "{}-{}-{}-{}-{}",
        part(0..8),
        part(8..12),
        part(12..16),
        part(16..20),
        part(20..32)
    )
}
