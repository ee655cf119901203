//! The requests: endpoint, headers and JSON bodies, and the checks on the options.

use crate::connect::{dns_suffix, validate_region, ConnectError};
use crate::http::Url;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// The `Content-Type` of both calls (awsJson1_1).
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";
/// `X-Amz-Target` of `GetId`.
pub const TARGET_GET_ID: &str = "AWSCognitoIdentityService.GetId";
/// `X-Amz-Target` of `GetCredentialsForIdentity`.
pub const TARGET_GET_CREDENTIALS: &str = "AWSCognitoIdentityService.GetCredentialsForIdentity";

/// Checks an identity pool id (`REGION:GUID`, as the model's pattern `[\w-]+:[0-9a-f-]+` with
/// at most 55 characters) and returns its Region prefix, the default region.
///
/// ```
/// use connect_phone_wasm::cognito::validate_identity_pool_id;
/// assert_eq!(validate_identity_pool_id("us-west-2:11111111-2222-4333-8444-555555555555")?, "us-west-2");
/// assert!(validate_identity_pool_id("us-west-2").is_err());
/// # Ok::<(), connect_phone_wasm::connect::ConnectError>(())
/// ```
pub fn validate_identity_pool_id(id: &str) -> Result<&str, ConnectError> {
    let invalid = |why: &str| {
        ConnectError::validation(format!(
            "identityPoolId {} is not an identity pool id ({why}): it looks like \
             \"us-west-2:11111111-2222-4333-8444-555555555555\"",
            crate::http::quoted(id)
        ))
    };
    if id.is_empty() {
        return Err(ConnectError::validation(
            "identityPoolId is required (such as \"us-west-2:11111111-2222-4333-8444-555555555555\")",
        ));
    }
    if id.len() > 55 {
        return Err(invalid("longer than 55 characters"));
    }
    let Some((region, guid)) = id.split_once(':') else {
        return Err(invalid("no ':' after the Region"));
    };
    let guid_ok = !guid.is_empty()
        && guid
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b) || b == b'-');
    if !guid_ok {
        return Err(invalid(
            "the part after ':' must be lower-case hex digits and dashes",
        ));
    }
    validate_region(region).map_err(|_| invalid("the part before ':' is not a Region"))?;
    Ok(region)
}

/// The Cognito Identity endpoint: `https://cognito-identity.{region}.{dnsSuffix}/`, or
/// `endpoint` (such as a local emulator) when given.
///
/// ```
/// use connect_phone_wasm::cognito::cognito_endpoint;
/// assert_eq!(cognito_endpoint("us-west-2", None)?, "https://cognito-identity.us-west-2.amazonaws.com/");
/// assert_eq!(cognito_endpoint("cn-north-1", None)?, "https://cognito-identity.cn-north-1.amazonaws.com.cn/");
/// assert_eq!(cognito_endpoint("us-west-2", Some("http://127.0.0.1:8080"))?, "http://127.0.0.1:8080/");
/// # Ok::<(), connect_phone_wasm::connect::ConnectError>(())
/// ```
pub fn cognito_endpoint(region: &str, endpoint: Option<&str>) -> Result<String, ConnectError> {
    validate_region(region)?;
    let text = match endpoint {
        Some(custom) => custom.to_owned(),
        None => format!("https://cognito-identity.{region}.{}", dns_suffix(region)),
    };
    let url = Url::parse(&text).map_err(|e| {
        // Not quoted: a URL may carry a password.
        ConnectError::validation(format!("endpoint is not usable: {e}"))
    })?;
    if !url.query().is_empty() {
        return Err(ConnectError::validation(
            "endpoint must not have a query string",
        ));
    }
    Ok(url.to_string())
}

/// The storage key of a cached identity id, as the AWS SDK for JavaScript names it:
/// `aws:cognito-identity-credentials:{identityPoolId}:{userIdentifier}`.
///
/// `None` when nothing may be cached: an authenticated identity without a `userIdentifier`
/// (one key per pool would mix users up). Without logins the user is `ANONYMOUS`.
///
/// ```
/// use connect_phone_wasm::cognito::identity_cache_key;
/// assert_eq!(identity_cache_key("us-west-2:1", false, None).as_deref(), Some("aws:cognito-identity-credentials:us-west-2:1:ANONYMOUS"));
/// assert_eq!(identity_cache_key("us-west-2:1", true, None), None);
/// assert_eq!(identity_cache_key("us-west-2:1", true, Some("alice")).as_deref(), Some("aws:cognito-identity-credentials:us-west-2:1:alice"));
/// ```
pub fn identity_cache_key(
    identity_pool_id: &str,
    authenticated: bool,
    user_identifier: Option<&str>,
) -> Option<String> {
    let user = match (authenticated, user_identifier) {
        (_, Some(user)) if !user.is_empty() => user,
        (false, _) => "ANONYMOUS",
        (true, _) => return None,
    };
    Some(format!(
        "aws:cognito-identity-credentials:{identity_pool_id}:{user}"
    ))
}

/// The `Logins` map: provider name → token, in the order given.
pub type Logins = [(String, String)];

/// `Logins` as a JSON object.
struct LoginMap<'a>(&'a Logins);

impl Serialize for LoginMap<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, token) in self.0 {
            map.serialize_entry(name, token)?;
        }
        map.end()
    }
}

fn no_logins(logins: &LoginMap<'_>) -> bool {
    logins.0.is_empty()
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct GetId<'a> {
    identity_pool_id: &'a str,
    #[serde(skip_serializing_if = "no_logins")]
    logins: LoginMap<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct GetCredentialsForIdentity<'a> {
    identity_id: &'a str,
    #[serde(skip_serializing_if = "no_logins")]
    logins: LoginMap<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_role_arn: Option<&'a str>,
}

/// The JSON body of `GetId`; `Logins` only when there are any.
///
/// ```
/// use connect_phone_wasm::cognito::get_id_body;
/// let logins = [("cognito-idp.us-west-2.amazonaws.com/us-west-2_abc".to_owned(), "token".to_owned())];
/// assert_eq!(get_id_body("us-west-2:1", &[]), r#"{"IdentityPoolId":"us-west-2:1"}"#);
/// assert_eq!(get_id_body("us-west-2:1", &logins), r#"{"IdentityPoolId":"us-west-2:1","Logins":{"cognito-idp.us-west-2.amazonaws.com/us-west-2_abc":"token"}}"#);
/// ```
pub fn get_id_body(identity_pool_id: &str, logins: &Logins) -> String {
    serde_json::to_string(&GetId {
        identity_pool_id,
        logins: LoginMap(logins),
    })
    .unwrap_or_default()
}

/// The JSON body of `GetCredentialsForIdentity`.
///
/// ```
/// use connect_phone_wasm::cognito::get_credentials_for_identity_body;
/// assert_eq!(
///     get_credentials_for_identity_body("us-west-2:abc", &[], Some("arn:aws:iam::1:role/r")),
///     r#"{"IdentityId":"us-west-2:abc","CustomRoleArn":"arn:aws:iam::1:role/r"}"#
/// );
/// ```
pub fn get_credentials_for_identity_body(
    identity_id: &str,
    logins: &Logins,
    custom_role_arn: Option<&str>,
) -> String {
    serde_json::to_string(&GetCredentialsForIdentity {
        identity_id,
        logins: LoginMap(logins),
        custom_role_arn,
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_ids_are_checked_and_give_their_region() {
        for bad in [
            "",
            "us-west-2",
            ":abc",
            "us-west-2:",
            "US-WEST-2:abc",
            "us-west-2:ABC",
            "us-west-2:a b",
            &format!("us-west-2:{}", "a".repeat(50)),
        ] {
            let error = validate_identity_pool_id(bad).unwrap_err();
            assert_eq!(error.name(), "ValidationError", "{bad}");
            assert!(
                error.message().contains("identityPoolId"),
                "{}",
                error.message()
            );
        }
        assert_eq!(
            validate_identity_pool_id("eu-central-1:0a-1").unwrap(),
            "eu-central-1"
        );
    }

    #[test]
    fn bodies_escape_what_they_carry() {
        let logins = [("p\"q".to_owned(), "t\\u".to_owned())];
        let body = get_credentials_for_identity_body("id\n", &logins, None);
        let value: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(value["IdentityId"], "id\n");
        assert_eq!(value["Logins"]["p\"q"], "t\\u");
        assert!(value.get("CustomRoleArn").is_none());
    }

    #[test]
    fn endpoints_refuse_bad_regions_and_queries() {
        assert!(cognito_endpoint("us west", None).is_err());
        assert!(cognito_endpoint("us-west-2", Some("http://x/?a=b")).is_err());
        assert!(cognito_endpoint("us-west-2", Some("not a url")).is_err());
    }
}
