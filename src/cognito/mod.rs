//! Amazon Cognito Identity, pure: the two unsigned awsJson1_1 calls that turn an identity
//! pool into temporary credentials, `GetId` and `GetCredentialsForIdentity`.
//!
//! Nothing here does I/O: the JS layer sends what this builds (with no `Authorization` and no
//! credentials of any kind: both operations are public) and hands the responses back. Errors
//! are [`ConnectError`]s: the awsJson error parsing is the one Connect's responses use.

mod request;
mod response;

pub use self::request::{
    cognito_endpoint, get_credentials_for_identity_body, get_id_body, identity_cache_key,
    validate_identity_pool_id, Logins, CONTENT_TYPE, TARGET_GET_CREDENTIALS, TARGET_GET_ID,
};
pub use self::response::{parse_credentials, parse_identity_id, CognitoCredentials};

#[doc(no_inline)]
pub use crate::connect::ConnectError;
