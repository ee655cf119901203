//! The errors of a `DescribePhoneNumber` call: AWS errors by name, and the client's own.

use std::fmt;

/// Who is at fault, as the AWS SDKs say in `$fault`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The request was wrong (4xx, bad input, missing credentials).
    Client,
    /// The service or the network failed (5xx, timeouts, dropped connections).
    Server,
}

impl Fault {
    /// `"client"` or `"server"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Fault::Client => "client",
            Fault::Server => "server",
        }
    }
}

/// An error the service returned, modelled or not, with its AWS name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    /// The AWS error name, such as `ResourceNotFoundException`.
    pub name: String,
    /// The service's message.
    pub message: String,
    /// The HTTP status code.
    pub status: u16,
    /// `x-amzn-RequestId`.
    pub request_id: Option<String>,
}

/// Why a `DescribePhoneNumber` call failed.
///
/// The `name()` of each is what JS sees as `error.name`: the AWS error name for service
/// errors, and `ValidationError`, `CredentialsError`, `TimeoutError`, `AbortError`,
/// `NetworkError`, `ResponseParseError` or `UnknownError` for the client's own.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConnectError {
    /// An error response with an AWS error type (modelled or not).
    Service(ServiceError),
    /// Bad input, caught before anything was sent.
    Validation(String),
    /// The credentials are missing, or the provider failed.
    Credentials(String),
    /// An attempt took longer than `requestTimeout`.
    Timeout(String),
    /// The caller aborted the call.
    Abort(String),
    /// `fetch` failed: connection refused or dropped, DNS, CORS.
    Network(String),
    /// A 2xx response whose body is not the model's JSON (truncated, HTML, wrong shape, too big).
    ResponseParse {
        /// What is wrong with the body.
        message: String,
        /// The HTTP status code.
        status: u16,
        /// `x-amzn-RequestId`, when present.
        request_id: Option<String>,
    },
    /// A non-2xx response with no AWS error in it, such as an HTML 502 page from a proxy.
    Unknown {
        /// What was received.
        message: String,
        /// The HTTP status code.
        status: u16,
        /// `x-amzn-RequestId`, when present.
        request_id: Option<String>,
    },
}

impl ConnectError {
    /// A `ValidationError`.
    pub fn validation(message: impl Into<String>) -> ConnectError {
        ConnectError::Validation(message.into())
    }

    /// The error name JS sees.
    pub fn name(&self) -> &str {
        match self {
            ConnectError::Service(e) => &e.name,
            ConnectError::Validation(_) => "ValidationError",
            ConnectError::Credentials(_) => "CredentialsError",
            ConnectError::Timeout(_) => "TimeoutError",
            ConnectError::Abort(_) => "AbortError",
            ConnectError::Network(_) => "NetworkError",
            ConnectError::ResponseParse { .. } => "ResponseParseError",
            ConnectError::Unknown { .. } => "UnknownError",
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        match self {
            ConnectError::Service(e) => &e.message,
            ConnectError::Validation(m)
            | ConnectError::Credentials(m)
            | ConnectError::Timeout(m)
            | ConnectError::Abort(m)
            | ConnectError::Network(m) => m,
            ConnectError::ResponseParse { message, .. } | ConnectError::Unknown { message, .. } => {
                message
            }
        }
    }

    /// The HTTP status code, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            ConnectError::Service(e) => Some(e.status),
            ConnectError::ResponseParse { status, .. } | ConnectError::Unknown { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// `x-amzn-RequestId`, when a response carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            ConnectError::Service(e) => e.request_id.as_deref(),
            ConnectError::ResponseParse { request_id, .. }
            | ConnectError::Unknown { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// `client` for 4xx and caller mistakes, `server` for 5xx and transport failures.
    pub fn fault(&self) -> Fault {
        match self {
            ConnectError::Validation(_) | ConnectError::Credentials(_) | ConnectError::Abort(_) => {
                Fault::Client
            }
            // A 2xx body that is not the model's JSON is the service's (or a proxy's) fault.
            ConnectError::Timeout(_)
            | ConnectError::Network(_)
            | ConnectError::ResponseParse { .. } => Fault::Server,
            _ => match self.status() {
                Some(status) if status < 500 => Fault::Client,
                _ => Fault::Server,
            },
        }
    }

    /// Whether this is one of the errors the model declares for the operation.
    pub fn is_modeled(&self) -> bool {
        matches!(self, ConnectError::Service(e) if super::model::MODELED_ERRORS.iter().any(|(name, _)| *name == e.name))
    }
}

impl fmt::Display for ConnectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name(), self.message())
    }
}

impl std::error::Error for ConnectError {}
