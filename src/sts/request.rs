//! The requests: the endpoint, the checked inputs and their form bodies, and the signed
//! `AssumeRole`.

use crate::connect::{dns_suffix, validate_region, ConnectError};
use crate::http::{HttpRequest, Url};
use crate::sigv4::{
    percent_encode, sign, Credentials, Secret, SigningKeyCache, SigningParams, SigningSettings,
};
use zeroize::Zeroizing;

/// The `Content-Type` of every STS request.
pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// The STS API version every request names.
const VERSION: &str = "2011-06-15";

/// The shortest and longest session the API grants, in seconds.
const DURATION: std::ops::RangeInclusive<u32> = 900..=43_200;

/// The regional STS endpoint, `https://sts.{region}.{dnsSuffix}/`, or `endpoint` when given.
///
/// ```
/// use connect_phone_wasm::sts::sts_endpoint;
/// assert_eq!(sts_endpoint("eu-west-1", None)?, "https://sts.eu-west-1.amazonaws.com/");
/// assert_eq!(sts_endpoint("cn-north-1", None)?, "https://sts.cn-north-1.amazonaws.com.cn/");
/// assert_eq!(sts_endpoint("us-east-1", Some("http://127.0.0.1:9000"))?, "http://127.0.0.1:9000/");
/// # Ok::<(), connect_phone_wasm::connect::ConnectError>(())
/// ```
pub fn sts_endpoint(region: &str, endpoint: Option<&str>) -> Result<String, ConnectError> {
    validate_region(region)?;
    let text = match endpoint {
        Some(custom) => custom.to_owned(),
        None => format!("https://sts.{region}.{}", dns_suffix(region)),
    };
    // Not quoted in the message: a URL may carry a password.
    let url = Url::parse(&text)
        .map_err(|e| ConnectError::validation(format!("the STS endpoint is not usable: {e}")))?;
    if !url.query().is_empty() {
        return Err(ConnectError::validation(
            "the STS endpoint must not have a query string",
        ));
    }
    Ok(url.to_string())
}

/// What `AssumeRole` takes from a profile: `role_arn`, `role_session_name`, `external_id` and
/// `duration_seconds`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AssumeRoleInput {
    /// The role to assume.
    pub role_arn: String,
    /// The session name (2 to 64 of `\w+=,.@-`).
    pub role_session_name: String,
    /// The external id the role's trust policy asks for, if any.
    pub external_id: Option<String>,
    /// How long the credentials last, 900 to 43,200 seconds; STS's default (3,600) when `None`.
    pub duration_seconds: Option<u32>,
}

/// What `AssumeRoleWithWebIdentity` takes: the role, the session name and the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebIdentityInput {
    /// The role to assume.
    pub role_arn: String,
    /// The session name (2 to 64 of `\w+=,.@-`).
    pub role_session_name: String,
    /// The OIDC token (a secret: `Debug` hides it).
    pub web_identity_token: Secret,
    /// How long the credentials last, 900 to 43,200 seconds; STS's default when `None`.
    pub duration_seconds: Option<u32>,
}

/// A request to send: `POST` to `url` with `headers` and the form `body`.
///
/// The body of `AssumeRoleWithWebIdentity` holds the token, and the headers of `AssumeRole`
/// the session token: `Debug` shows neither, and the body is wiped on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct StsRequest {
    /// Where to send it.
    pub url: String,
    /// Every header to send, lower-case (`host` is derived from the URL by `fetch`).
    pub headers: Vec<(String, String)>,
    /// The form-encoded body.
    pub body: Zeroizing<String>,
}

impl std::fmt::Debug for StsRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("StsRequest")
            .field("url", &self.url)
            .field("headers", &names)
            .finish_non_exhaustive()
    }
}

fn check_common(role_arn: &str, session: &str, duration: Option<u32>) -> Result<(), ConnectError> {
    let arn_like = role_arn.starts_with("arn:")
        && role_arn.len() <= 2048
        && role_arn.split(':').count() >= 6
        && !role_arn.chars().any(char::is_whitespace);
    if !arn_like {
        return Err(ConnectError::validation(format!(
            "role_arn {} is not a role ARN (such as arn:aws:iam::123456789012:role/ops)",
            crate::http::quoted(role_arn)
        )));
    }
    let session_ok = (2..=64).contains(&session.len())
        && session
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b));
    if !session_ok {
        return Err(ConnectError::validation(format!(
            "role_session_name {} must be 2 to 64 of letters, digits and _+=,.@-",
            crate::http::quoted(session)
        )));
    }
    if let Some(seconds) = duration {
        if !DURATION.contains(&seconds) {
            return Err(ConnectError::validation(format!(
                "duration_seconds is {seconds}: STS grants 900 to 43200 seconds"
            )));
        }
    }
    Ok(())
}

fn push_field(body: &mut String, name: &str, value: &str) {
    body.push('&');
    body.push_str(name);
    body.push('=');
    body.push_str(&percent_encode(value.as_bytes()));
}

/// The form body of `AssumeRole`, after checking the input.
///
/// ```
/// use connect_phone_wasm::sts::{assume_role_body, AssumeRoleInput};
/// let input = AssumeRoleInput {
///     role_arn: "arn:aws:iam::123456789012:role/ops".into(),
///     role_session_name: "cli".into(),
///     external_id: Some("x y".into()),
///     duration_seconds: Some(900),
/// };
/// assert_eq!(
///     assume_role_body(&input)?.as_str(),
///     "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fops&RoleSessionName=cli&ExternalId=x%20y&DurationSeconds=900"
/// );
/// # Ok::<(), connect_phone_wasm::connect::ConnectError>(())
/// ```
pub fn assume_role_body(input: &AssumeRoleInput) -> Result<Zeroizing<String>, ConnectError> {
    check_common(
        &input.role_arn,
        &input.role_session_name,
        input.duration_seconds,
    )?;
    let mut body = Zeroizing::new(format!("Action=AssumeRole&Version={VERSION}"));
    push_field(&mut body, "RoleArn", &input.role_arn);
    push_field(&mut body, "RoleSessionName", &input.role_session_name);
    if let Some(external_id) = &input.external_id {
        if external_id.len() < 2 || external_id.len() > 1224 {
            return Err(ConnectError::validation(
                "external_id must be 2 to 1224 characters",
            ));
        }
        push_field(&mut body, "ExternalId", external_id);
    }
    if let Some(seconds) = input.duration_seconds {
        push_field(&mut body, "DurationSeconds", &seconds.to_string());
    }
    Ok(body)
}

/// The form body of `AssumeRoleWithWebIdentity`, after checking the input.
///
/// ```
/// use connect_phone_wasm::sts::{web_identity_body, WebIdentityInput};
/// use connect_phone_wasm::sigv4::Secret;
/// let input = WebIdentityInput {
///     role_arn: "arn:aws:iam::123456789012:role/pod".into(),
///     role_session_name: "pod-1".into(),
///     web_identity_token: Secret::new("eyJ.a.b"),
///     duration_seconds: None,
/// };
/// assert!(web_identity_body(&input)?.ends_with("&RoleSessionName=pod-1&WebIdentityToken=eyJ.a.b"));
/// # Ok::<(), connect_phone_wasm::connect::ConnectError>(())
/// ```
pub fn web_identity_body(input: &WebIdentityInput) -> Result<Zeroizing<String>, ConnectError> {
    check_common(
        &input.role_arn,
        &input.role_session_name,
        input.duration_seconds,
    )?;
    let token = input.web_identity_token.expose();
    if token.len() < 4 || token.len() > 20_000 {
        return Err(ConnectError::Credentials(format!(
            "the web identity token is {} bytes long: STS takes 4 to 20000",
            token.len()
        )));
    }
    let mut body = Zeroizing::new(format!(
        "Action=AssumeRoleWithWebIdentity&Version={VERSION}"
    ));
    push_field(&mut body, "RoleArn", &input.role_arn);
    push_field(&mut body, "RoleSessionName", &input.role_session_name);
    if let Some(seconds) = input.duration_seconds {
        push_field(&mut body, "DurationSeconds", &seconds.to_string());
    }
    body.push_str("&WebIdentityToken=");
    body.push_str(&Zeroizing::new(percent_encode(token.as_bytes())));
    Ok(body)
}

/// `AssumeRole`, signed with SigV4 (service `sts`) by `credentials` at `now_s`.
///
/// ```
/// use connect_phone_wasm::sts::{sign_assume_role, sts_endpoint, AssumeRoleInput};
/// use connect_phone_wasm::sigv4::{Credentials, SigningKeyCache};
/// let input = AssumeRoleInput {
///     role_arn: "arn:aws:iam::123456789012:role/ops".into(),
///     role_session_name: "cli".into(),
///     ..Default::default()
/// };
/// let source = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None);
/// let url = sts_endpoint("us-east-1", None)?;
/// let request = sign_assume_role(&input, &source, "us-east-1", &url, 1_440_938_160, &mut SigningKeyCache::default())?;
/// let auth = &request.headers.iter().find(|(n, _)| n == "authorization").unwrap().1;
/// assert!(auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request"));
/// # Ok::<(), connect_phone_wasm::connect::ConnectError>(())
/// ```
pub fn sign_assume_role(
    input: &AssumeRoleInput,
    credentials: &Credentials,
    region: &str,
    url: &str,
    now_s: i64,
    cache: &mut SigningKeyCache,
) -> Result<StsRequest, ConnectError> {
    validate_region(region)?;
    let body = assume_role_body(input)?;
    let request = HttpRequest::new("POST", url)
        .and_then(|r| r.with_header("content-type", CONTENT_TYPE))
        .map_err(|e| ConnectError::validation(format!("the STS endpoint is not usable: {e}")))?
        .with_body(body.as_bytes().to_vec());
    let params = SigningParams::new(
        credentials,
        region,
        "sts",
        now_s,
        SigningSettings::default(),
    );
    let signed = sign(&request, &params, cache).map_err(|e| {
        ConnectError::Credentials(format!(
            "cannot sign AssumeRole with the source credentials: {e}"
        ))
    })?;
    Ok(StsRequest {
        url: request.url().to_string(),
        headers: signed.headers,
        body,
    })
}

/// `AssumeRoleWithWebIdentity`: unsigned, as the API is.
pub fn web_identity_request(
    input: &WebIdentityInput,
    url: &str,
) -> Result<StsRequest, ConnectError> {
    let body = web_identity_body(input)?;
    Ok(StsRequest {
        url: url.to_owned(),
        headers: vec![("content-type".to_owned(), CONTENT_TYPE.to_owned())],
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> AssumeRoleInput {
        AssumeRoleInput {
            role_arn: "arn:aws:iam::123456789012:role/ops".into(),
            role_session_name: "s1".into(),
            ..Default::default()
        }
    }

    #[test]
    fn checks_inputs_with_messages_that_name_the_key() {
        let bad = [
            AssumeRoleInput {
                role_arn: String::new(),
                ..input()
            },
            AssumeRoleInput {
                role_arn: "role/ops".into(),
                ..input()
            },
            AssumeRoleInput {
                role_session_name: "x".into(),
                ..input()
            },
            AssumeRoleInput {
                role_session_name: "a b".into(),
                ..input()
            },
            AssumeRoleInput {
                duration_seconds: Some(60),
                ..input()
            },
            AssumeRoleInput {
                external_id: Some("x".into()),
                ..input()
            },
        ];
        let keys = [
            "role_arn",
            "role_arn",
            "role_session_name",
            "role_session_name",
            "duration_seconds",
            "external_id",
        ];
        for (case, key) in bad.iter().zip(keys) {
            let error = assume_role_body(case).unwrap_err();
            assert_eq!(error.name(), "ValidationError");
            assert!(error.message().contains(key), "{}", error.message());
        }
    }

    #[test]
    fn signs_with_the_sts_scope_and_keeps_the_body() {
        let source = Credentials::new("AKID", "SECRET", Some("TOKEN".into()));
        let url = sts_endpoint("eu-west-1", None).unwrap();
        let request = sign_assume_role(
            &input(),
            &source,
            "eu-west-1",
            &url,
            1_700_000_000,
            &mut SigningKeyCache::default(),
        )
        .unwrap();
        assert_eq!(request.url, "https://sts.eu-west-1.amazonaws.com/");
        let header = |name: &str| {
            request
                .headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(header("content-type"), Some(CONTENT_TYPE));
        assert_eq!(header("x-amz-security-token"), Some("TOKEN"));
        assert!(header("authorization")
            .unwrap()
            .contains("/eu-west-1/sts/aws4_request"));
        assert!(request
            .body
            .starts_with("Action=AssumeRole&Version=2011-06-15&"));
        let debug = format!("{request:?}");
        assert!(
            !debug.contains("TOKEN") && !debug.contains("SECRET"),
            "{debug}"
        );
    }

    #[test]
    fn web_identity_is_unsigned_and_hides_the_token() {
        let input = WebIdentityInput {
            role_arn: "arn:aws:iam::123456789012:role/pod".into(),
            role_session_name: "pod".into(),
            web_identity_token: Secret::new("TOKENVALUE+/="),
            duration_seconds: Some(3600),
        };
        let request = web_identity_request(&input, "https://sts.us-east-1.amazonaws.com/").unwrap();
        assert!(request.headers.iter().all(|(n, _)| n != "authorization"));
        assert!(request
            .body
            .ends_with("&WebIdentityToken=TOKENVALUE%2B%2F%3D"));
        assert!(!format!("{request:?}").contains("TOKENVALUE"));
        let short = WebIdentityInput {
            web_identity_token: Secret::new(""),
            ..input
        };
        assert_eq!(
            web_identity_body(&short).unwrap_err().name(),
            "CredentialsError"
        );
    }

    #[test]
    fn endpoints_are_checked() {
        assert!(sts_endpoint("US-EAST-1", None).is_err());
        assert!(sts_endpoint("us-east-1", Some("not a url")).is_err());
        assert!(sts_endpoint("us-east-1", Some("http://127.0.0.1:1/?a=b")).is_err());
    }
}
