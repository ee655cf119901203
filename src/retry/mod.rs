//! Retry policy, pure: the caller passes the random numbers and the clock.
//!
//! This module has the standard mode (which errors retry, how long to wait, the retry quota)
//! and clock-skew correction; [`adaptive`](ClientRateLimiter) adds the `adaptive` mode's rate
//! limiter, and [`waiter`](ClaimWaiter) the policy of waiting for a phone number's claim.

mod adaptive;
mod waiter;

pub use self::adaptive::ClientRateLimiter;
pub use self::waiter::{
    ClaimOutcome, ClaimWaiter, WaiterAction, WaiterConfig, DEFAULT_MAX_DELAY_S, DEFAULT_MIN_DELAY_S,
};

/// `retryMode`: how a client retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RetryMode {
    /// Backoff with jitter and a retry quota.
    #[default]
    Standard,
    /// The standard mode, plus a client-side rate limiter that learns from throttling.
    Adaptive,
}

impl RetryMode {
    /// `"standard"` or `"adaptive"`, as the SDKs spell them; anything else is an error.
    ///
    /// ```
    /// use connect_phone_wasm::retry::RetryMode;
    /// assert_eq!(RetryMode::parse("adaptive"), Ok(RetryMode::Adaptive));
    /// assert!(RetryMode::parse("legacy").unwrap_err().contains("'standard' or 'adaptive'"));
    /// ```
    pub fn parse(text: &str) -> Result<RetryMode, String> {
        match text {
            "standard" => Ok(RetryMode::Standard),
            "adaptive" => Ok(RetryMode::Adaptive),
            other => Err(format!(
                "retryMode must be 'standard' or 'adaptive', got {other:?}"
            )),
        }
    }
}

use crate::connect::ConnectError;
use crate::sigv4::parse_amz_date;

/// Error names that mean "slow down", as the AWS SDKs list them.
const THROTTLING_ERRORS: [&str; 13] = [
    "BandwidthLimitExceeded",
    "EC2ThrottledException",
    "LimitExceededException",
    "PriorRequestNotComplete",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
    "SlowDown",
    "ThrottledException",
    "Throttling",
    "ThrottlingException",
    "TooManyRequestsException",
];

/// Error names that mean the request's time is off from the server's.
const CLOCK_SKEW_ERRORS: [&str; 7] = [
    "AuthFailure",
    "InvalidSignatureException",
    "RequestExpired",
    "RequestInTheFuture",
    "RequestTimeTooSkewed",
    "SignatureDoesNotMatch",
    "InvalidSignature",
];

/// Error names of transient service failures.
const TRANSIENT_ERRORS: [&str; 4] = [
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalServiceException",
    "ServiceUnavailableException",
];

/// Status codes of transient failures.
const TRANSIENT_STATUS: [u16; 4] = [500, 502, 503, 504];

/// The base delay, and the one for throttling, in milliseconds.
const BASE_DELAY_MS: f64 = 100.0;
const THROTTLING_BASE_DELAY_MS: f64 = 500.0;
/// No backoff is longer than this.
const MAX_BACKOFF_MS: f64 = 20_000.0;

/// A clock this far (or farther) from the server's is corrected.
pub const CLOCK_SKEW_THRESHOLD_MS: f64 = 300_000.0;

/// How a failed attempt may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryKind {
    /// Throttled: retry after a longer backoff.
    Throttling,
    /// A transient failure (5xx, network, timeout): retry after a backoff.
    Transient,
    /// Not retried.
    No,
}

/// Classifies an error for the standard retry mode.
pub fn classify(error: &ConnectError) -> RetryKind {
    let name = error.name();
    if THROTTLING_ERRORS.contains(&name) || error.status() == Some(429) {
        return RetryKind::Throttling;
    }
    match error {
        ConnectError::Network(_) | ConnectError::Timeout(_) => RetryKind::Transient,
        ConnectError::Service(_) | ConnectError::Unknown { .. } => {
            if TRANSIENT_ERRORS.contains(&name)
                || error
                    .status()
                    .is_some_and(|s| TRANSIENT_STATUS.contains(&s))
            {
                RetryKind::Transient
            } else {
                RetryKind::No
            }
        }
        _ => RetryKind::No,
    }
}

/// Whether the error says the request's signing time is off.
pub fn is_clock_skew_error(error: &ConnectError) -> bool {
    CLOCK_SKEW_ERRORS.contains(&error.name())
}

/// The backoff before the next attempt: `random * min(base * 2^attempts, 20 s)`, in ms.
///
/// `attempts` is how many attempts have been made, and `random` is in `[0, 1)`.
///
/// ```
/// use connect_phone_wasm::retry::{backoff_ms, RetryKind};
/// assert_eq!(backoff_ms(RetryKind::Transient, 1, 0.5), 100.0);
/// assert_eq!(backoff_ms(RetryKind::Throttling, 10, 0.999), 19_980.0);
/// ```
pub fn backoff_ms(kind: RetryKind, attempts: u32, random: f64) -> f64 {
    let base = if kind == RetryKind::Throttling {
        THROTTLING_BASE_DELAY_MS
    } else {
        BASE_DELAY_MS
    };
    let random = if random.is_finite() {
        random.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let ceiling = (base * 2f64.powi(attempts.min(30) as i32)).min(MAX_BACKOFF_MS);
    (random * ceiling).floor()
}

/// The retry quota: a token bucket shared by a client's calls, so a failing service is not
/// hammered by every call retrying at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryQuota {
    available: u32,
}

/// Tokens in a full bucket.
const QUOTA_CAPACITY: u32 = 500;
/// Tokens a retry costs, and a retry after a timeout or network error.
const RETRY_COST: u32 = 5;
const TIMEOUT_RETRY_COST: u32 = 10;
/// Tokens a call that succeeded at once gives back.
const NO_RETRY_INCREMENT: u32 = 1;

impl Default for RetryQuota {
    fn default() -> Self {
        RetryQuota {
            available: QUOTA_CAPACITY,
        }
    }
}

impl RetryQuota {
    /// Takes the tokens a retry after `error` costs; `None` when the bucket is too low.
    pub fn acquire(&mut self, error: &ConnectError) -> Option<u32> {
        let cost = match error {
            ConnectError::Timeout(_) | ConnectError::Network(_) => TIMEOUT_RETRY_COST,
            _ => RETRY_COST,
        };
        self.available = self.available.checked_sub(cost)?;
        Some(cost)
    }

    /// Gives tokens back after a success: what the last retry cost, or one for no retry.
    pub fn release(&mut self, last_retry_cost: Option<u32>) {
        let refund = last_retry_cost.unwrap_or(NO_RETRY_INCREMENT);
        self.available = (self.available + refund).min(QUOTA_CAPACITY);
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        self.available
    }
}

/// The new clock offset when the server's clock is 5 minutes or more from ours.
///
/// `server_ms` is the server's `Date`, `local_ms` our clock, `offset_ms` the offset in use.
/// Returns `None` when the corrected clock is already close enough.
///
/// ```
/// use connect_phone_wasm::retry::corrected_clock_offset;
/// assert_eq!(corrected_clock_offset(1_764_116_100_000.0, 1_764_115_200_000.0, 0.0), Some(900_000.0));
/// assert_eq!(corrected_clock_offset(1_000.0, 1_000.0, 0.0), None);
/// // A Date from 1900 is ignored.
/// assert_eq!(corrected_clock_offset(-2_208_988_800_000.0, 1_764_115_200_000.0, 0.0), None);
/// ```
pub fn corrected_clock_offset(server_ms: f64, local_ms: f64, offset_ms: f64) -> Option<f64> {
    let skewed = (local_ms + offset_ms - server_ms).abs() >= CLOCK_SKEW_THRESHOLD_MS;
    let plausible = (EARLIEST_SERVER_DATE_MS..=LATEST_SERVER_DATE_MS).contains(&server_ms);
    (skewed && plausible && local_ms.is_finite()).then_some(server_ms - local_ms)
}

/// The server's clock as a skew error's message states it, in Unix seconds.
///
/// AWS writes `Signature expired: <ours> is now earlier than <limit> (<server now> - 5 min.)`
/// or `Signature not yet current: <ours> is still later than <limit> (<server now> + 5 min.)`.
/// Browsers hide the `Date` header unless CORS exposes it, so this is the fallback there.
///
/// ```
/// use connect_phone_wasm::retry::server_time_from_skew_message;
/// let message = "Signature expired: 20150830T120000Z is now earlier than 20150830T123100Z (20150830T123600Z - 5 min.)";
/// assert_eq!(server_time_from_skew_message(message), Some(1_440_938_160));
/// assert_eq!(server_time_from_skew_message("Signature does not match"), None);
/// ```
pub fn server_time_from_skew_message(message: &str) -> Option<i64> {
    message.match_indices('(').find_map(|(at, _)| {
        let rest = message.get(at + 1..)?;
        let stamp = rest.get(..16)?;
        let tail = rest.get(16..)?;
        if tail.starts_with(" - ") || tail.starts_with(" + ") {
            parse_amz_date(stamp)
        } else {
            None
        }
    })
}

/// A server `Date` outside 2015 to 9999 is a broken proxy, not a clock to follow.
const EARLIEST_SERVER_DATE_MS: f64 = 1_420_070_400_000.0;
const LATEST_SERVER_DATE_MS: f64 = 253_402_300_799_000.0;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connect::ServiceError;

    fn service(name: &str, status: u16) -> ConnectError {
        ConnectError::Service(ServiceError {
            name: name.into(),
            message: String::new(),
            status,
            request_id: None,
        })
    }

    #[test]
    fn classifies_like_the_standard_mode() {
        assert_eq!(
            classify(&service("ThrottlingException", 429)),
            RetryKind::Throttling
        );
        assert_eq!(
            classify(&service("TooManyRequestsException", 400)),
            RetryKind::Throttling
        );
        assert_eq!(
            classify(&service("InternalServiceException", 500)),
            RetryKind::Transient
        );
        assert_eq!(
            classify(&service("ServiceUnavailableException", 503)),
            RetryKind::Transient
        );
        assert_eq!(
            classify(&ConnectError::Unknown {
                message: String::new(),
                status: 502,
                request_id: None
            }),
            RetryKind::Transient
        );
        assert_eq!(
            classify(&ConnectError::Network("x".into())),
            RetryKind::Transient
        );
        assert_eq!(
            classify(&ConnectError::Timeout("x".into())),
            RetryKind::Transient
        );
        for no in [
            service("AccessDeniedException", 403),
            service("ResourceNotFoundException", 404),
            ConnectError::Abort("x".into()),
            ConnectError::validation("x"),
        ] {
            assert_eq!(classify(&no), RetryKind::No, "{no}");
        }
        assert!(is_clock_skew_error(&service(
            "InvalidSignatureException",
            403
        )));
    }

    #[test]
    fn backoff_is_capped_and_jittered() {
        for attempts in 0..40 {
            for random in [0.0, 0.3, 0.999_999, f64::NAN, 7.0, -1.0] {
                let delay = backoff_ms(RetryKind::Throttling, attempts, random);
                assert!((0.0..=MAX_BACKOFF_MS).contains(&delay));
            }
        }
    }

    #[test]
    fn quota_runs_out_and_refills() {
        let mut quota = RetryQuota::default();
        let error = service("ThrottlingException", 429);
        let granted = (0..200).filter_map(|_| quota.acquire(&error)).count();
        assert_eq!(granted, 100);
        quota.release(Some(5));
        assert_eq!(quota.available(), 5);
    }
}
