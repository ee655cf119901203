//! The responses: the identity id, and temporary credentials (whose secrets stay [`Secret`]s).

use crate::connect::{parse_error, ConnectError, HttpResponse};
use crate::sigv4::{Credentials, Secret};
use serde::Deserialize;

/// Temporary credentials from `GetCredentialsForIdentity`. `Debug` hides the secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CognitoCredentials {
    /// The identity the credentials are for.
    pub identity_id: String,
    /// The credentials.
    pub credentials: Credentials,
    /// When they expire, in milliseconds since the epoch.
    pub expiration_ms: i64,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct IdentityIdBody {
    identity_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CredentialsBody {
    identity_id: Option<String>,
    credentials: Option<WireCredentials>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct WireCredentials {
    access_key_id: Option<String>,
    secret_key: Option<Secret>,
    session_token: Option<Secret>,
    expiration: Option<f64>,
}

fn malformed(response: &HttpResponse, operation: &str, why: &str) -> ConnectError {
    ConnectError::ResponseParse {
        message: format!("the Cognito Identity {operation} response {why}"),
        status: response.status,
        request_id: response.request_id.clone(),
    }
}

fn parse_json<'a, T: Deserialize<'a>>(
    response: &'a HttpResponse,
    operation: &str,
) -> Result<T, ConnectError> {
    if !(200..300).contains(&response.status) {
        return Err(parse_error(response));
    }
    serde_json::from_slice(&response.body).map_err(|e| {
        // Only where: serde_json's messages may quote a string of the body, and this body
        // carries secrets.
        let kind = if e.is_eof() {
            "is truncated"
        } else {
            "is not the model's JSON"
        };
        malformed(
            response,
            operation,
            &format!("{kind} (line {}, column {})", e.line(), e.column()),
        )
    })
}

/// The `IdentityId` of a `GetId` response, or its error.
pub fn parse_identity_id(response: &HttpResponse) -> Result<String, ConnectError> {
    let body: IdentityIdBody = parse_json(response, "GetId")?;
    body.identity_id
        .filter(|id| !id.is_empty())
        .ok_or_else(|| malformed(response, "GetId", "has no IdentityId"))
}

/// The credentials of a `GetCredentialsForIdentity` response, or its error.
///
/// ```
/// use connect_phone_wasm::cognito::parse_credentials;
/// use connect_phone_wasm::connect::HttpResponse;
/// let body = br#"{"IdentityId":"us-west-2:abc","Credentials":{"AccessKeyId":"ASIA1","SecretKey":"s","SessionToken":"t","Expiration":1764600000.5}}"#;
/// let done = parse_credentials(&HttpResponse { status: 200, body: body.to_vec(), ..Default::default() })?;
/// assert_eq!((done.identity_id.as_str(), done.expiration_ms), ("us-west-2:abc", 1_764_600_000_500));
/// assert!(!format!("{done:?}").contains("\"s\""));
/// # Ok::<(), connect_phone_wasm::connect::ConnectError>(())
/// ```
pub fn parse_credentials(response: &HttpResponse) -> Result<CognitoCredentials, ConnectError> {
    const OP: &str = "GetCredentialsForIdentity";
    let body: CredentialsBody = parse_json(response, OP)?;
    let Some(wire) = body.credentials else {
        return Err(malformed(response, OP, "has no Credentials"));
    };
    let missing = |name: &str| malformed(response, OP, &format!("has no Credentials.{name}"));
    let access_key_id = wire
        .access_key_id
        .filter(|k| !k.is_empty())
        .ok_or_else(|| missing("AccessKeyId"))?;
    let secret = wire
        .secret_key
        .filter(|s| !s.expose().is_empty())
        .ok_or_else(|| missing("SecretKey"))?;
    let token = wire
        .session_token
        .filter(|s| !s.expose().is_empty())
        .ok_or_else(|| missing("SessionToken"))?;
    let expiration_ms = wire
        .expiration
        .filter(|e| e.is_finite() && *e > 0.0 && *e < 1.0e13)
        .map(|e| (e * 1000.0).round() as i64)
        .ok_or_else(|| {
            malformed(
                response,
                OP,
                "has no Credentials.Expiration in epoch seconds",
            )
        })?;
    Ok(CognitoCredentials {
        identity_id: body.identity_id.unwrap_or_default(),
        credentials: Credentials::from_secrets(access_key_id, secret, Some(token)),
        expiration_ms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(body: &str) -> HttpResponse {
        HttpResponse {
            status: 200,
            body: body.as_bytes().to_vec(),
            ..Default::default()
        }
    }

    #[test]
    fn reads_ids_and_credentials() {
        assert_eq!(
            parse_identity_id(&ok(r#"{"IdentityId":"us-west-2:x"}"#)).unwrap(),
            "us-west-2:x"
        );
        let done = parse_credentials(&ok(r#"{"IdentityId":"i","Credentials":{"AccessKeyId":"A","SecretKey":"S","SessionToken":"T","Expiration":1700000000}}"#)).unwrap();
        assert_eq!(done.credentials.access_key_id(), "A");
        assert_eq!(done.credentials.secret_access_key().expose(), "S");
        assert_eq!(
            done.credentials.session_token().map(|t| t.expose()),
            Some("T")
        );
        assert_eq!(done.expiration_ms, 1_700_000_000_000);
    }

    #[test]
    fn malformed_bodies_are_parse_errors_without_secrets() {
        for body in [
            "",
            "{",
            r#"{"IdentityId":"i"}"#,
            r#"{"Credentials":{"AccessKeyId":"A","SessionToken":"T","Expiration":1}}"#,
            r#"{"Credentials":{"AccessKeyId":"A","SecretKey":"SECRETVALUE","SessionToken":"T","Expiration":"soon"}}"#,
            r#"{"Credentials":{"AccessKeyId":"A","SecretKey":"SECRETVALUE","SessionToken":"T"}}"#,
        ] {
            let error = parse_credentials(&ok(body)).unwrap_err();
            assert_eq!(error.name(), "ResponseParseError", "{body}");
            assert!(
                !error.message().contains("SECRETVALUE"),
                "{}",
                error.message()
            );
        }
        assert_eq!(
            parse_identity_id(&ok("{}")).unwrap_err().name(),
            "ResponseParseError"
        );
    }

    #[test]
    fn errors_are_awsjson_errors_by_name() {
        let response = HttpResponse {
            status: 400,
            error_type: None,
            body: br#"{"__type":"com.amazonaws.cognito.identity.model#NotAuthorizedException","message":"Invalid login token."}"#.to_vec(),
            ..Default::default()
        };
        let error = parse_identity_id(&response).unwrap_err();
        assert_eq!(
            (error.name(), error.message()),
            ("NotAuthorizedException", "Invalid login token.")
        );
    }
}
