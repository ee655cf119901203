//! The responses: temporary credentials from an `AssumeRole…Result`, or the STS error of an
//! `<ErrorResponse>`, read with quick-xml.

use crate::connect::{ConnectError, HttpResponse, ServiceError};
use crate::sigv4::{parse_iso8601_ms, Credentials, Secret};
use quick_xml::events::Event;
use quick_xml::Reader;
use zeroize::Zeroizing;

/// Temporary credentials from STS. `Debug` hides the secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StsCredentials {
    /// The credentials.
    pub credentials: Credentials,
    /// When they expire, in milliseconds since the epoch.
    pub expiration_ms: i64,
    /// `AssumedRoleUser.Arn`, when STS gave it.
    pub assumed_role_arn: Option<String>,
    /// The request id of the call.
    pub request_id: Option<String>,
}

/// What an STS document holds that we read: leaf texts by their path of local names.
#[derive(Default)]
struct Leaves {
    access_key_id: Option<String>,
    secret_access_key: Option<Zeroizing<String>>,
    session_token: Option<Zeroizing<String>>,
    expiration: Option<String>,
    assumed_role_arn: Option<String>,
    request_id: Option<String>,
    error_code: Option<String>,
    error_message: Option<String>,
    root: Option<String>,
}

/// Which leaf a path names, for the documents of `action`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Leaf {
    AccessKeyId,
    SecretAccessKey,
    SessionToken,
    Expiration,
    AssumedRoleArn,
    RequestId,
    ErrorCode,
    ErrorMessage,
}

fn leaf_of(path: &[String]) -> Option<Leaf> {
    let names: Vec<&str> = path.iter().map(String::as_str).collect();
    match names.as_slice() {
        [_, result, "Credentials", leaf] if result.ends_with("Result") => match *leaf {
            "AccessKeyId" => Some(Leaf::AccessKeyId),
            "SecretAccessKey" => Some(Leaf::SecretAccessKey),
            "SessionToken" => Some(Leaf::SessionToken),
            "Expiration" => Some(Leaf::Expiration),
            _ => None,
        },
        [_, result, "AssumedRoleUser", "Arn"] if result.ends_with("Result") => {
            Some(Leaf::AssumedRoleArn)
        }
        [_, "ResponseMetadata", "RequestId"] | ["ErrorResponse", "RequestId"] => {
            Some(Leaf::RequestId)
        }
        ["ErrorResponse", "Error", "Code"] => Some(Leaf::ErrorCode),
        ["ErrorResponse", "Error", "Message"] => Some(Leaf::ErrorMessage),
        _ => None,
    }
}

/// Reads the document; `Err` holds why it is not XML (never its text, which may hold secrets).
fn read_leaves(body: &str) -> Result<Leaves, String> {
    let mut reader = Reader::from_str(body);
    let mut path: Vec<String> = Vec::new();
    let mut leaves = Leaves::default();
    // The text of the element being read, with entity references resolved.
    let mut text = Zeroizing::new(String::new());
    loop {
        let event = reader.read_event().map_err(|e| match e {
            // Every syntax error is a construct the input ends inside of.
            quick_xml::Error::Syntax(_) => "is truncated".to_owned(),
            e => format!(
                "is not well-formed XML at byte {} ({e})",
                reader.error_position()
            ),
        })?;
        match event {
            Event::Start(start) => {
                if path.len() >= 32 {
                    return Err("nests more than 32 elements deep".to_owned());
                }
                let name = start.local_name().into_inner().to_owned();
                if path.is_empty() {
                    leaves.root.get_or_insert_with(|| name.clone());
                }
                path.push(name);
                text.clear();
            }
            Event::Empty(start) => {
                if path.is_empty() {
                    leaves
                        .root
                        .get_or_insert_with(|| start.local_name().into_inner().to_owned());
                }
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(c) => text.push_str(&c.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten()
                } else {
                    quick_xml::escape::resolve_predefined_entity(&r).and_then(|s| s.chars().next())
                };
                match resolved {
                    Some(c) => text.push(c),
                    None => return Err("has an unknown entity reference".to_owned()),
                }
            }
            Event::End(_) => {
                let value = text.trim();
                match leaf_of(&path) {
                    Some(Leaf::AccessKeyId) => leaves.access_key_id = Some(value.to_owned()),
                    Some(Leaf::SecretAccessKey) => {
                        leaves.secret_access_key = Some(Zeroizing::new(value.to_owned()))
                    }
                    Some(Leaf::SessionToken) => {
                        leaves.session_token = Some(Zeroizing::new(value.to_owned()))
                    }
                    Some(Leaf::Expiration) => leaves.expiration = Some(value.to_owned()),
                    Some(Leaf::AssumedRoleArn) => leaves.assumed_role_arn = Some(value.to_owned()),
                    Some(Leaf::RequestId) => leaves.request_id = Some(value.to_owned()),
                    Some(Leaf::ErrorCode) => leaves.error_code = Some(value.to_owned()),
                    Some(Leaf::ErrorMessage) => leaves.error_message = Some(value.to_owned()),
                    None => {}
                }
                text.clear();
                path.pop();
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !path.is_empty() {
        return Err("is truncated".to_owned());
    }
    Ok(leaves)
}

fn malformed(response: &HttpResponse, action: &str, why: &str) -> ConnectError {
    ConnectError::ResponseParse {
        message: format!("the STS {action} response {why}"),
        status: response.status,
        request_id: response.request_id.clone(),
    }
}

/// The credentials of an `AssumeRole` or `AssumeRoleWithWebIdentity` response (`action`
/// names it in messages), or its error: an `<ErrorResponse>` becomes a
/// [`ConnectError::Service`] named by its `Code`.
///
/// ```
/// use connect_phone_wasm::sts::parse_credentials;
/// use connect_phone_wasm::connect::HttpResponse;
/// let body = "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>\
///   <Credentials><AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>s</SecretAccessKey>\
///   <SessionToken>t</SessionToken><Expiration>2026-12-01T16:00:00Z</Expiration></Credentials>\
///   </AssumeRoleResult></AssumeRoleResponse>";
/// let done = parse_credentials(&HttpResponse { status: 200, body: body.into(), ..Default::default() }, "AssumeRole")?;
/// assert_eq!((done.credentials.access_key_id(), done.expiration_ms), ("ASIA1", 1_796_140_800_000));
///
/// let error = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>\
///   <Message>not authorized</Message></Error><RequestId>r-1</RequestId></ErrorResponse>";
/// let failed = parse_credentials(&HttpResponse { status: 403, body: error.into(), ..Default::default() }, "AssumeRole").unwrap_err();
/// assert_eq!((failed.name(), failed.message(), failed.request_id()), ("AccessDenied", "not authorized", Some("r-1")));
/// # Ok::<(), connect_phone_wasm::connect::ConnectError>(())
/// ```
pub fn parse_credentials(
    response: &HttpResponse,
    action: &str,
) -> Result<StsCredentials, ConnectError> {
    let ok = (200..300).contains(&response.status);
    let Ok(body) = std::str::from_utf8(&response.body) else {
        return Err(malformed(response, action, "is not UTF-8"));
    };
    let leaves = match read_leaves(body) {
        Ok(leaves) => leaves,
        Err(why) if ok => return Err(malformed(response, action, &why)),
        // A proxy's HTML or an empty body: the status is all there is.
        Err(_) => return Err(unknown(response, action)),
    };
    let request_id = leaves
        .request_id
        .clone()
        .or_else(|| response.request_id.clone());
    if let Some(code) = leaves.error_code.clone().filter(|c| !c.is_empty()) {
        return Err(ConnectError::Service(ServiceError {
            name: code,
            message: leaves.error_message.clone().unwrap_or_default(),
            status: response.status,
            request_id,
        }));
    }
    if !ok {
        return Err(unknown(response, action));
    }
    let expected_root = format!("{action}Response");
    if leaves.root.as_deref() != Some(expected_root.as_str()) {
        return Err(malformed(
            response,
            action,
            &format!("is not an {expected_root}"),
        ));
    }
    let missing = |name: &str| malformed(response, action, &format!("has no Credentials.{name}"));
    let access_key_id = leaves
        .access_key_id
        .filter(|k| !k.is_empty())
        .ok_or_else(|| missing("AccessKeyId"))?;
    let secret = leaves
        .secret_access_key
        .filter(|s| !s.is_empty())
        .ok_or_else(|| missing("SecretAccessKey"))?;
    let token = leaves
        .session_token
        .filter(|s| !s.is_empty())
        .ok_or_else(|| missing("SessionToken"))?;
    let expiration_ms = leaves
        .expiration
        .as_deref()
        .and_then(parse_iso8601_ms)
        .ok_or_else(|| {
            malformed(
                response,
                action,
                "has no Credentials.Expiration as an ISO 8601 time",
            )
        })?;
    Ok(StsCredentials {
        credentials: Credentials::from_secrets(
            access_key_id,
            Secret::new(secret.as_str()),
            Some(Secret::new(token.as_str())),
        ),
        expiration_ms,
        assumed_role_arn: leaves.assumed_role_arn,
        request_id,
    })
}

fn unknown(response: &HttpResponse, action: &str) -> ConnectError {
    ConnectError::Unknown {
        message: format!(
            "STS answered {action} with HTTP {} and no STS error in the body",
            response.status
        ),
        status: response.status,
        request_id: response.request_id.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"<?xml version="1.0"?>
<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>sub</SubjectFromWebIdentityToken>
    <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/pod/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAEXAMPLE</AccessKeyId>
      <SecretAccessKey>SECRET&amp;KEY&#43;</SecretAccessKey>
      <SessionToken><![CDATA[TOKEN<1>]]></SessionToken>
      <Expiration>2026-12-01T16:00:00.500Z</Expiration>
    </Credentials>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>req-9</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>"#;

    fn response(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            body: body.as_bytes().to_vec(),
            ..Default::default()
        }
    }

    #[test]
    fn reads_credentials_with_entities_and_cdata() {
        let done = parse_credentials(&response(200, OK), "AssumeRoleWithWebIdentity").unwrap();
        assert_eq!(done.credentials.access_key_id(), "ASIAEXAMPLE");
        assert_eq!(done.credentials.secret_access_key().expose(), "SECRET&KEY+");
        assert_eq!(
            done.credentials.session_token().map(|t| t.expose()),
            Some("TOKEN<1>")
        );
        assert_eq!(done.expiration_ms, 1_796_140_800_500);
        assert_eq!(done.request_id.as_deref(), Some("req-9"));
        assert_eq!(
            done.assumed_role_arn.as_deref(),
            Some("arn:aws:sts::123456789012:assumed-role/pod/s")
        );
    }

    #[test]
    fn the_wrong_document_or_a_missing_member_is_a_parse_error_without_secrets() {
        let cut = &OK[..OK.len() / 2];
        for (body, why) in [
            ("", "is not an"),
            (cut, "truncated"),
            ("<a><b></a>", "well-formed"),
            (
                &OK.replace("<Expiration>2026-12-01T16:00:00.500Z</Expiration>", ""),
                "Expiration",
            ),
            (
                &OK.replace("2026-12-01T16:00:00.500Z", "tomorrow"),
                "Expiration",
            ),
            (
                &OK.replace("<AccessKeyId>ASIAEXAMPLE</AccessKeyId>", ""),
                "AccessKeyId",
            ),
            (&OK.replace("&amp;", "&bogus;"), "entity"),
        ] {
            let error =
                parse_credentials(&response(200, body), "AssumeRoleWithWebIdentity").unwrap_err();
            assert_eq!(error.name(), "ResponseParseError", "{body}");
            assert!(error.message().contains(why), "{}", error.message());
            assert!(!error.message().contains("SECRET"), "{}", error.message());
        }
        let other = parse_credentials(&response(200, OK), "AssumeRole").unwrap_err();
        assert!(
            other.message().contains("is not an AssumeRoleResponse"),
            "{}",
            other.message()
        );
    }

    #[test]
    fn errors_keep_code_message_and_request_id() {
        let body = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>ExpiredTokenException</Code><Message>Token expired: current date/time &gt; expiry</Message></Error><RequestId>abc</RequestId></ErrorResponse>"#;
        let error = parse_credentials(&response(400, body), "AssumeRole").unwrap_err();
        assert_eq!(error.name(), "ExpiredTokenException");
        assert_eq!(error.message(), "Token expired: current date/time > expiry");
        assert_eq!(
            (error.status(), error.request_id()),
            (Some(400), Some("abc"))
        );
        let html =
            parse_credentials(&response(502, "<html><body>Bad gateway"), "AssumeRole").unwrap_err();
        assert_eq!((html.name(), html.status()), ("UnknownError", Some(502)));
        let throttled = parse_credentials(
            &response(400, "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>"),
            "AssumeRole",
        )
        .unwrap_err();
        assert_eq!(throttled.name(), "Throttling");
    }

    #[test]
    fn no_input_panics() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for len in 0..OK.len() {
            parse_credentials(
                &response(200, &OK[..len.min(OK.len())].chars().collect::<String>()),
                "AssumeRole",
            )
            .ok();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mut bytes = OK.as_bytes().to_vec();
            if let Some(b) = bytes.get_mut((state as usize) % OK.len()) {
                *b = (state >> 32) as u8;
            }
            let _ = parse_credentials(
                &HttpResponse {
                    status: 200,
                    body: bytes,
                    ..Default::default()
                },
                "AssumeRole",
            );
        }
    }
}
