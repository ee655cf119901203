//! The policy of `waitUntilPhoneNumberClaimed`: which outcome of a describe means what, and
//! how long to wait before the next one. Pure: the caller passes the time and the random
//! numbers, and carries out what [`ClaimWaiter::next`] says.
//!
//! It has the shape of the AWS SDKs' waiters (`@smithy/util-waiter`): one attempt at once;
//! before attempt `n + 1`, a wait drawn from `uniform(minDelay, min(maxDelay, minDelay ×
//! 2^(n−1)))`; and a timeout, without waiting, when that wait would end past `maxWaitTime`.

use crate::connect::PhoneNumberWorkflowStatus;

/// The default `minDelay`, in seconds, as in the SDKs.
pub const DEFAULT_MIN_DELAY_S: f64 = 2.0;
/// The default `maxDelay`, in seconds, as in the SDKs.
pub const DEFAULT_MAX_DELAY_S: f64 = 120.0;

/// A waiter's timing, in seconds (fractions allowed).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WaiterConfig {
    /// The longest the whole wait may take.
    pub max_wait_s: f64,
    /// The shortest wait between two attempts, and the first one.
    pub min_delay_s: f64,
    /// The longest wait between two attempts.
    pub max_delay_s: f64,
}

impl WaiterConfig {
    /// A checked configuration: `maxWaitTime > 0`, `minDelay > 0`, `maxDelay >= minDelay`,
    /// `maxWaitTime > minDelay`, every one a finite number. The error says which value is
    /// wrong.
    ///
    /// ```
    /// use connect_phone_wasm::retry::WaiterConfig;
    /// assert!(WaiterConfig::new(120.0, None, None).is_ok());
    /// assert!(WaiterConfig::new(1.0, None, None).is_err()); // not above the default minDelay
    /// assert_eq!(
    ///     WaiterConfig::new(10.0, Some(5.0), Some(1.0)).unwrap_err(),
    ///     "maxDelay (1 s) must be at least minDelay (5 s)"
    /// );
    /// ```
    pub fn new(
        max_wait_s: f64,
        min_delay_s: Option<f64>,
        max_delay_s: Option<f64>,
    ) -> Result<WaiterConfig, String> {
        let min = min_delay_s.unwrap_or(DEFAULT_MIN_DELAY_S);
        let max = max_delay_s.unwrap_or(DEFAULT_MAX_DELAY_S);
        for (name, value) in [
            ("maxWaitTime", max_wait_s),
            ("minDelay", min),
            ("maxDelay", max),
        ] {
            if !(value.is_finite() && value > 0.0) {
                return Err(format!(
                    "{name} must be a positive number of seconds, got {}",
                    shown(value)
                ));
            }
        }
        if max < min {
            return Err(format!(
                "maxDelay ({} s) must be at least minDelay ({} s)",
                shown(max),
                shown(min)
            ));
        }
        // As `@smithy/util-waiter`: a wait that could never fit one delay is a mistake.
        if max_wait_s <= min {
            return Err(format!(
                "maxWaitTime ({} s) must be greater than minDelay ({} s)",
                shown(max_wait_s),
                shown(min)
            ));
        }
        Ok(WaiterConfig {
            max_wait_s,
            min_delay_s: min,
            max_delay_s: max,
        })
    }

    /// The wait before attempt `attempts + 1`, for a `random` in `[0, 1)`.
    ///
    /// ```
    /// use connect_phone_wasm::retry::WaiterConfig;
    /// let config = WaiterConfig::new(600.0, Some(2.0), Some(30.0)).unwrap();
    /// assert_eq!(config.delay_s(1, 0.99), 2.0); // the first wait is minDelay
    /// assert_eq!(config.delay_s(3, 0.5), 5.0); // uniform(2, 8)
    /// assert_eq!(config.delay_s(20, 1.0), 30.0); // capped at maxDelay
    /// ```
    pub fn delay_s(&self, attempts: u32, random: f64) -> f64 {
        let exponent = attempts.saturating_sub(1).min(1023) as i32;
        let ceiling = (self.min_delay_s * 2f64.powi(exponent)).min(self.max_delay_s);
        let random = if random.is_finite() {
            random.clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.min_delay_s + random * (ceiling - self.min_delay_s)
    }
}

/// A whole number as is, anything else with its fraction.
fn shown(value: f64) -> String {
    if value.is_finite() && value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// What one describe gave, as the waiter sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimOutcome<'a> {
    /// A response: the number's `PhoneNumberStatus.Status`, if it has one.
    Described(Option<&'a PhoneNumberWorkflowStatus>),
    /// A typed error, by its AWS (or client) name, that the client does not retry.
    Failed(&'a str),
    /// A throttling or transient error (5xx, network, timeout) that outlasted the client's own
    /// retries: waiting may cure it, so the waiter waits on, as the SDKs' waiters do.
    Transient(&'a str),
}

/// What to do after an attempt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WaiterAction {
    /// Wait this many seconds, then describe again.
    Retry(f64),
    /// The number is `CLAIMED`: resolve with the output.
    Success,
    /// The claim `FAILED`: reject with `WaiterFailure`.
    Failure,
    /// The next wait would end past `maxWaitTime`: reject with `TimeoutError`.
    Timeout,
    /// An error that waiting cannot cure: reject with it as it is.
    Error,
}

/// One wait for a claim: counts attempts against a start time.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimWaiter {
    config: WaiterConfig,
    started_s: f64,
    attempts: u32,
}

impl ClaimWaiter {
    /// A waiter that starts at `now_s`.
    pub fn new(config: WaiterConfig, now_s: f64) -> ClaimWaiter {
        ClaimWaiter {
            config,
            started_s: now_s,
            attempts: 0,
        }
    }

    /// Attempts made so far.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Decides after an attempt that ended at `now_s`, with `random` in `[0, 1)` for the
    /// jitter.
    ///
    /// ```
    /// use connect_phone_wasm::connect::PhoneNumberWorkflowStatus as S;
    /// use connect_phone_wasm::retry::{ClaimOutcome, ClaimWaiter, WaiterAction, WaiterConfig};
    /// let mut waiter = ClaimWaiter::new(WaiterConfig::new(10.0, Some(2.0), Some(4.0)).unwrap(), 0.0);
    /// assert_eq!(waiter.next(ClaimOutcome::Described(Some(&S::InProgress)), 0.1, 0.5), WaiterAction::Retry(2.0));
    /// assert_eq!(waiter.next(ClaimOutcome::Failed("ResourceNotFoundException"), 2.2, 0.5), WaiterAction::Retry(3.0));
    /// assert_eq!(waiter.next(ClaimOutcome::Described(Some(&S::InProgress)), 6.5, 1.0), WaiterAction::Timeout); // 6.5 + 4 > 10
    /// ```
    pub fn next(&mut self, outcome: ClaimOutcome<'_>, now_s: f64, random: f64) -> WaiterAction {
        self.attempts = self.attempts.saturating_add(1);
        match outcome {
            ClaimOutcome::Described(Some(PhoneNumberWorkflowStatus::Claimed)) => {
                return WaiterAction::Success
            }
            ClaimOutcome::Described(Some(PhoneNumberWorkflowStatus::Failed)) => {
                return WaiterAction::Failure
            }
            // A number just claimed may not be visible yet.
            ClaimOutcome::Failed("ResourceNotFoundException") | ClaimOutcome::Transient(_) => {}
            ClaimOutcome::Failed(_) => return WaiterAction::Error,
            // IN_PROGRESS, no status yet, or a status AWS adds later: keep waiting.
            ClaimOutcome::Described(_) => {}
        }
        let delay = self.config.delay_s(self.attempts, random);
        let ends = now_s + delay;
        // A NaN clock compares false: it times out rather than waiting forever.
        let in_time = ends <= self.started_s + self.config.max_wait_s;
        if !in_time {
            return WaiterAction::Timeout;
        }
        WaiterAction::Retry(delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PhoneNumberWorkflowStatus as S;

    fn config(max_wait: f64, min: f64, max: f64) -> WaiterConfig {
        WaiterConfig::new(max_wait, Some(min), Some(max)).unwrap()
    }

    #[test]
    fn validates_every_value_and_names_it() {
        for (args, wanted) in [
            (
                (0.0, None, None),
                "maxWaitTime must be a positive number of seconds, got 0",
            ),
            (
                (f64::NAN, None, None),
                "maxWaitTime must be a positive number of seconds, got NaN",
            ),
            (
                (10.0, Some(-1.0), None),
                "minDelay must be a positive number of seconds, got -1",
            ),
            (
                (10.0, None, Some(f64::INFINITY)),
                "maxDelay must be a positive number of seconds, got inf",
            ),
            (
                (10.0, Some(3.5), Some(1.25)),
                "maxDelay (1.25 s) must be at least minDelay (3.5 s)",
            ),
        ] {
            assert_eq!(
                WaiterConfig::new(args.0, args.1, args.2).unwrap_err(),
                wanted
            );
        }
        let defaults = WaiterConfig::new(10.0, None, None).unwrap();
        assert_eq!((defaults.min_delay_s, defaults.max_delay_s), (2.0, 120.0));
        // maxDelay below the default minDelay is an error only if minDelay is left out.
        assert!(WaiterConfig::new(10.0, None, Some(1.0)).is_err());
        assert!(WaiterConfig::new(10.0, Some(0.5), Some(1.0)).is_ok());
        assert_eq!(
            WaiterConfig::new(1.0, None, None).unwrap_err(),
            "maxWaitTime (1 s) must be greater than minDelay (2 s)"
        );
    }

    #[test]
    fn delays_double_from_min_delay_up_to_max_delay() {
        let c = config(1000.0, 0.5, 3.0);
        let ceilings: Vec<f64> = (1..=6).map(|n| c.delay_s(n, 1.0)).collect();
        assert_eq!(ceilings, [0.5, 1.0, 2.0, 3.0, 3.0, 3.0]);
        for n in 1..=6 {
            assert_eq!(c.delay_s(n, 0.0), 0.5, "the floor is minDelay");
        }
        assert_eq!(c.delay_s(u32::MAX, 0.5), 1.75);
        assert_eq!(c.delay_s(2, f64::NAN), 0.5);
    }

    #[test]
    fn outcomes_map_to_actions() {
        let mut w = ClaimWaiter::new(config(100.0, 1.0, 1.0), 0.0);
        let cases = [
            (
                ClaimOutcome::Described(Some(&S::InProgress)),
                WaiterAction::Retry(1.0),
            ),
            (ClaimOutcome::Described(None), WaiterAction::Retry(1.0)),
            (
                ClaimOutcome::Described(Some(&S::Unknown(String::new()))),
                WaiterAction::Retry(1.0),
            ),
            (
                ClaimOutcome::Failed("ResourceNotFoundException"),
                WaiterAction::Retry(1.0),
            ),
            (
                ClaimOutcome::Failed("AccessDeniedException"),
                WaiterAction::Error,
            ),
            (ClaimOutcome::Failed("ValidationError"), WaiterAction::Error),
            (
                ClaimOutcome::Failed("ThrottlingException"),
                WaiterAction::Error,
            ),
            (
                ClaimOutcome::Transient("ThrottlingException"),
                WaiterAction::Retry(1.0),
            ),
            (
                ClaimOutcome::Transient("TimeoutError"),
                WaiterAction::Retry(1.0),
            ),
            (
                ClaimOutcome::Described(Some(&S::Failed)),
                WaiterAction::Failure,
            ),
            (
                ClaimOutcome::Described(Some(&S::Claimed)),
                WaiterAction::Success,
            ),
        ];
        for (outcome, action) in cases {
            assert_eq!(w.next(outcome, 1.0, 0.0), action, "{outcome:?}");
        }
        assert_eq!(w.attempts(), 11);
    }

    #[test]
    fn times_out_when_the_next_wait_would_end_past_max_wait_time() {
        let in_progress = ClaimOutcome::Described(Some(&S::InProgress));
        let mut w = ClaimWaiter::new(config(5.0, 2.0, 2.0), 10.0);
        assert_eq!(w.next(in_progress, 10.5, 0.0), WaiterAction::Retry(2.0)); // ends 12.5
        assert_eq!(w.next(in_progress, 12.6, 0.0), WaiterAction::Retry(2.0)); // ends 14.6
        assert_eq!(w.next(in_progress, 14.7, 0.0), WaiterAction::Timeout); // would end 16.7 > 15
                                                                           // A success or failure still counts after the deadline.
        assert_eq!(
            w.next(ClaimOutcome::Described(Some(&S::Claimed)), 99.0, 0.0),
            WaiterAction::Success
        );
        // A NaN clock never waits forever.
        let mut w = ClaimWaiter::new(config(5.0, 1.0, 1.0), 0.0);
        assert_eq!(w.next(in_progress, f64::NAN, 0.0), WaiterAction::Timeout);
    }
}
