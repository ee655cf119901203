//! The Rust waiter: [`Client::wait_until_phone_number_claimed`] describes a number until its
//! claim is `CLAIMED`, as the [`ClaimWaiter`] policy says.

use super::cancel::{CallAbort, MAX_TIMER_MS};
use super::client::{now_s, CallError, Client, DescribeOutput};
use crate::connect::ConnectError;
use crate::retry::{ClaimOutcome, ClaimWaiter, WaiterAction, WaiterConfig};
use std::fmt;
use web_sys::AbortSignal;

/// Why [`Client::wait_until_phone_number_claimed`] did not end with a `CLAIMED` number.
///
/// Its [`name`](WaitError::name) is what the JS waiter's error is named.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum WaitError {
    /// The claim `FAILED` (JS: `WaiterFailure`): the last output.
    Failure(DescribeOutput),
    /// `max_wait_s` ran out (JS: `TimeoutError`): the last output or error, if any.
    Timeout(Option<Result<DescribeOutput, CallError>>),
    /// The abort signal fired (JS: `AbortError`): the last output or error, if any.
    Aborted(Option<Result<DescribeOutput, CallError>>),
    /// An error that waiting cannot cure, as the client gave it.
    Call(CallError),
}

impl WaitError {
    /// `WaiterFailure`, `TimeoutError`, `AbortError`, or the call's error name.
    pub fn name(&self) -> &str {
        match self {
            WaitError::Failure(_) => "WaiterFailure",
            WaitError::Timeout(_) => "TimeoutError",
            WaitError::Aborted(_) => "AbortError",
            WaitError::Call(failed) => failed.name(),
        }
    }

    /// The last error a call gave, if the wait ended on one.
    pub fn last_error(&self) -> Option<&CallError> {
        match self {
            WaitError::Call(failed)
            | WaitError::Timeout(Some(Err(failed)))
            | WaitError::Aborted(Some(Err(failed))) => Some(failed),
            _ => None,
        }
    }
}

impl fmt::Display for WaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = |last: &Option<Result<DescribeOutput, CallError>>| match last {
            Some(Ok(done)) => done
                .status()
                .map_or_else(|| "no status".to_owned(), |s| s.as_str().to_owned()),
            Some(Err(failed)) => failed.name().to_owned(),
            None => "nothing".to_owned(),
        };
        match self {
            WaitError::Failure(done) => {
                let message = done
                    .output
                    .claimed_phone_number_summary
                    .as_ref()
                    .and_then(|s| s.phone_number_status.as_ref())
                    .and_then(|s| s.message.as_deref())
                    .filter(|m| !m.is_empty());
                match message {
                    Some(message) => write!(f, "WaiterFailure: the claim FAILED: {message}"),
                    None => write!(
                        f,
                        "WaiterFailure: the claim FAILED, with no PhoneNumberStatus.Message"
                    ),
                }
            }
            WaitError::Timeout(last) => write!(
                f,
                "TimeoutError: the phone number was not CLAIMED within the waiter's max_wait_s; \
                 the last attempt gave {}",
                status(last)
            ),
            WaitError::Aborted(last) => write!(
                f,
                "AbortError: the waiter was aborted before the phone number was CLAIMED; \
                 the last attempt gave {}",
                status(last)
            ),
            WaitError::Call(failed) => fmt::Display::fmt(failed, f),
        }
    }
}

impl std::error::Error for WaitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // `Call` displays as its error; the others end on one, if any.
            WaitError::Timeout(Some(Err(failed))) | WaitError::Aborted(Some(Err(failed))) => {
                Some(failed)
            }
            _ => None,
        }
    }
}

impl Client {
    /// Describes a number until its claim is `CLAIMED`, with the policy of the JS
    /// `waitUntilPhoneNumberClaimed` ([`ClaimWaiter`]): exponential backoff between
    /// `min_delay_s` and `max_delay_s`, for at most `max_wait_s` in all.
    ///
    /// A `FAILED` claim ends with [`WaitError::Failure`]; an error waiting cannot cure (access
    /// denied, a bad id) with [`WaitError::Call`]. `ResourceNotFoundException` is waited on,
    /// since a number just claimed may not be visible yet.
    ///
    /// ```no_run
    /// # async fn run(client: connect_phone_wasm::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use connect_phone_wasm::WaiterConfig;
    /// // Two minutes in all; delays from 2 to 30 seconds.
    /// let config = WaiterConfig::new(120.0, Some(2.0), Some(30.0))?;
    /// let done = client.wait_until_phone_number_claimed("arn:aws:connect:…", config).await?;
    /// println!("{:?}", done.status());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn wait_until_phone_number_claimed(
        &self,
        phone_number_id: &str,
        config: WaiterConfig,
    ) -> Result<DescribeOutput, WaitError> {
        self.wait(phone_number_id, config, None).await
    }

    /// [`wait_until_phone_number_claimed`](Client::wait_until_phone_number_claimed), stopped
    /// with [`WaitError::Aborted`] as soon as `signal` fires (in a call or between them).
    pub async fn wait_until_phone_number_claimed_with_abort(
        &self,
        phone_number_id: &str,
        config: WaiterConfig,
        signal: &AbortSignal,
    ) -> Result<DescribeOutput, WaitError> {
        self.wait(phone_number_id, config, Some(signal.clone()))
            .await
    }

    async fn wait(
        &self,
        phone_number_id: &str,
        config: WaiterConfig,
        abort_signal: Option<AbortSignal>,
    ) -> Result<DescribeOutput, WaitError> {
        let abort = CallAbort::new(abort_signal.clone());
        let mut waiter = ClaimWaiter::new(config, now_s());
        let mut last = None;
        loop {
            if abort.aborted() {
                return Err(WaitError::Aborted(last));
            }
            let result = self.describe(phone_number_id, abort_signal.clone()).await;
            if let Err(failed) = &result {
                if matches!(failed.error, ConnectError::Abort(_)) {
                    return Err(WaitError::Aborted(last));
                }
            }
            let action = {
                let outcome = match &result {
                    Ok(done) => ClaimOutcome::Described(done.status()),
                    Err(failed)
                        if crate::retry::classify(&failed.error) != crate::retry::RetryKind::No =>
                    {
                        ClaimOutcome::Transient(failed.error.name())
                    }
                    Err(failed) => ClaimOutcome::Failed(failed.error.name()),
                };
                waiter.next(outcome, now_s(), js_sys::Math::random())
            };
            match (action, result) {
                (WaiterAction::Success, Ok(done)) => return Ok(done),
                (WaiterAction::Failure, Ok(done)) => return Err(WaitError::Failure(done)),
                (WaiterAction::Error, Err(failed)) => return Err(WaitError::Call(failed)),
                (WaiterAction::Timeout, result) => return Err(WaitError::Timeout(Some(result))),
                (WaiterAction::Retry(delay_s), result) => {
                    last = Some(result);
                    if abort
                        .sleep((delay_s * 1000.0).min(MAX_TIMER_MS))
                        .await
                        .is_err()
                    {
                        return Err(WaitError::Aborted(last));
                    }
                }
                // The policy never pairs these; stop rather than loop, and never report a
                // claim the policy did not call a success.
                (_, Ok(done)) => return Err(WaitError::Failure(done)),
                (_, Err(failed)) => return Err(WaitError::Call(failed)),
            }
        }
    }
}
