//! Amazon Connect `DescribePhoneNumber`, pure: endpoints, the request, the response and its
//! errors. Nothing here does I/O; the JS layer (on `wasm32`) sends what this builds.

mod endpoint;
mod error;
pub mod model;
mod partitions;
mod request;
mod response;
mod wire_enum;

pub(crate) use self::endpoint::dns_suffix;
pub use self::endpoint::{resolve_endpoint, validate_region, Endpoint, EndpointConfig};
pub use self::error::{ConnectError, Fault, ServiceError};
pub use self::model::{
    ClaimedPhoneNumberSummary, DescribePhoneNumberOutput, PhoneNumberCountryCode,
    PhoneNumberStatus, PhoneNumberType, PhoneNumberWorkflowStatus,
};
pub use self::request::{
    describe_phone_number_request, describe_phone_number_request_at, describe_phone_number_url,
    invocation_id, sdk_headers, validate_phone_number_id, RequestContext, USER_AGENT,
};
pub use self::response::{
    parse_error, parse_output, parse_response, HttpResponse, MAX_RESPONSE_BYTES,
};

/// The SigV4 signing name of Amazon Connect.
pub const SIGNING_NAME: &str = "connect";
