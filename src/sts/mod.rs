//! AWS STS, pure: the awsQuery wire format of `AssumeRole` (signed) and
//! `AssumeRoleWithWebIdentity` (unsigned), which the Node credential chain calls.
//!
//! Nothing here does I/O or reads a clock: the JS layer sends what this builds and hands the
//! responses back. Requests are form-encoded POSTs; answers are XML, and errors are
//! `<ErrorResponse><Error><Code>` documents, parsed into [`ConnectError::Service`] with the
//! STS code as the name.

mod request;
mod response;

pub use self::request::{
    assume_role_body, sign_assume_role, sts_endpoint, web_identity_body, web_identity_request,
    AssumeRoleInput, StsRequest, WebIdentityInput, CONTENT_TYPE,
};
pub use self::response::{parse_credentials, StsCredentials};

#[doc(no_inline)]
pub use crate::connect::ConnectError;
