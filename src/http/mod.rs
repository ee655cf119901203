//! A pure HTTP request model: a parsed URL, a method, headers and a body.
//!
//! This is what the signer signs and what the Connect request builder produces; the JS layer
//! turns it into a `fetch` call.

mod host;
mod request;
mod url;
mod wire_form;

pub use self::host::canonical_host;
pub(crate) use self::request::is_token;
pub use self::request::{quoted, HttpRequest, RequestError};
pub use self::url::{Scheme, Url};
pub use self::wire_form::{wire_form, WireUrl};
