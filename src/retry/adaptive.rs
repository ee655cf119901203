//! The `adaptive` retry mode's client-side rate limiter: a token bucket whose rate a CUBIC
//! controller learns from throttling responses, as botocore and `@smithy/util-retry` do.
//!
//! Pure: every method takes the time, in seconds, from the caller. One limiter is shared by
//! all the calls of a client. It stays off (no waits at all) until the first throttling
//! response; from then on every attempt takes a token first.
//!
//! The three parts:
//! - the **send-rate meter** counts responses in half-second buckets and smooths the rate
//!   (`0.8 × new + 0.2 × old`);
//! - the **CUBIC controller** cuts the rate to `β = 0.7` of the rate in use on a throttle,
//!   and after it grows it as `0.4 × (t − K)³ + W`, where `W` is the rate at the last
//!   throttle and `K = ∛(W × (1 − β) / 0.4)` the time it takes to get back to `W`;
//! - the **token bucket** fills at that rate (never below 0.5 per second), holds at most
//!   `max(rate, 1)` tokens, and is never set above twice the measured rate.

/// The CUBIC multiplicative decrease.
const BETA: f64 = 0.7;
/// The CUBIC scale constant.
const SCALE_CONSTANT: f64 = 0.4;
/// The weight of the newest half-second bucket in the measured rate.
const SMOOTHING: f64 = 0.8;
/// Buckets per second of the send-rate meter.
const BUCKETS_PER_SECOND: f64 = 2.0;
/// The lowest fill rate, in tokens per second.
const MIN_FILL_RATE: f64 = 0.5;
/// The smallest bucket.
const MIN_CAPACITY: f64 = 1.0;
/// The new rate is never above this multiple of the measured rate.
const MAX_RATE_ADJUST_SCALE: f64 = 2.0;

/// The rate limiter of one client in `adaptive` mode.
///
/// ```
/// use connect_phone_wasm::retry::ClientRateLimiter;
/// let mut limiter = ClientRateLimiter::new(0.0);
/// let ticket = limiter.acquire(0.0);
/// assert_eq!(limiter.wait_s(ticket, 0.0), 0.0); // off until a throttle: no wait
/// limiter.record_response(0.1, true); // a ThrottlingException
/// assert!(limiter.is_enabled());
/// let ticket = limiter.acquire(0.1);
/// assert_eq!(limiter.wait_s(ticket, 0.1), 2.0); // an empty bucket that fills at 0.5 per second
/// assert_eq!(limiter.wait_s(ticket, 2.1), 0.0); // its token is there
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ClientRateLimiter {
    enabled: bool,
    // Token bucket: tokens earned and handed out since it turned on. What is in the bucket is
    // `earned - issued`; below zero, callers queue for the tokens owed before theirs.
    fill_rate: f64,
    max_capacity: f64,
    earned: f64,
    issued: f64,
    last_refill: f64,
    // Send-rate meter.
    measured_rate: f64,
    last_bucket: f64,
    count: f64,
    // CUBIC controller.
    last_max_rate: f64,
    last_throttle: f64,
    time_window: f64,
}

impl ClientRateLimiter {
    /// A limiter that is off, created at `now` (seconds).
    pub fn new(now: f64) -> ClientRateLimiter {
        let now = finite(now);
        ClientRateLimiter {
            enabled: false,
            fill_rate: MIN_FILL_RATE,
            max_capacity: MIN_CAPACITY,
            earned: 0.0,
            issued: 0.0,
            last_refill: now,
            measured_rate: 0.0,
            last_bucket: now.floor(),
            count: 0.0,
            last_max_rate: 0.0,
            last_throttle: now,
            time_window: 0.0,
        }
    }

    /// Whether a throttle has turned the limiter on.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// The rate the bucket fills at, in tokens (requests) per second.
    pub fn fill_rate(&self) -> f64 {
        self.fill_rate
    }

    /// The smoothed rate of responses, per second.
    pub fn measured_rate(&self) -> f64 {
        self.measured_rate
    }

    /// Takes a place in line for a token, at `now`: a ticket for [`wait_s`](Self::wait_s).
    /// While the limiter is off, every ticket is ready at once.
    ///
    /// Concurrent callers each take a ticket at once, so the bucket may go below zero: each
    /// later ticket then waits for the tokens owed before it, which queues them in order at
    /// the fill rate.
    pub fn acquire(&mut self, now: f64) -> f64 {
        if !self.enabled {
            return f64::NEG_INFINITY;
        }
        self.refill(now);
        self.issued += 1.0;
        self.issued
    }

    /// Seconds until `ticket`'s token is earned at the current rate; 0 when it is.
    ///
    /// The rate may grow while a caller waits, so a caller sleeps at most a short while and
    /// asks again rather than sleeping the whole answer.
    pub fn wait_s(&mut self, ticket: f64, now: f64) -> f64 {
        if !self.enabled {
            return 0.0;
        }
        self.refill(now);
        ((ticket - self.earned) / self.fill_rate).max(0.0)
    }

    /// Gives back a token taken by [`acquire`](Self::acquire) for an attempt that was never
    /// sent (its wait was aborted or timed out), so the callers behind it move up.
    pub fn refund(&mut self) {
        if self.enabled {
            self.earned = (self.earned + 1.0).min(self.issued + self.max_capacity);
        }
    }

    /// Tokens in the bucket: below zero while callers queue.
    pub fn capacity(&self) -> f64 {
        self.earned - self.issued
    }

    /// Learns from the outcome of an attempt at `now`: a throttling response cuts the rate
    /// and turns the limiter on, any other grows it along the CUBIC curve.
    pub fn record_response(&mut self, now: f64, throttled: bool) {
        let now = finite(now);
        let measured = self.meter(now);
        let calculated = if throttled {
            let rate_in_use = if self.enabled {
                measured.min(self.fill_rate)
            } else {
                measured
            };
            if !self.enabled {
                self.last_refill = now;
            }
            self.last_max_rate = rate_in_use;
            self.time_window = self.zero_point();
            self.last_throttle = now;
            self.enabled = true;
            rate_in_use * BETA
        } else {
            SCALE_CONSTANT * (now - self.last_throttle - self.time_window).powi(3)
                + self.last_max_rate
        };
        self.set_rate(now, calculated.min(MAX_RATE_ADJUST_SCALE * measured));
    }

    /// `K`: the time the CUBIC curve takes to grow back to the rate at the last throttle.
    fn zero_point(&self) -> f64 {
        (self.last_max_rate * (1.0 - BETA) / SCALE_CONSTANT).cbrt()
    }

    /// Counts a response and returns the smoothed rate, updated once per half second.
    fn meter(&mut self, now: f64) -> f64 {
        let bucket = (now * BUCKETS_PER_SECOND).floor() / BUCKETS_PER_SECOND;
        self.count += 1.0;
        if bucket > self.last_bucket {
            let rate = self.count / (bucket - self.last_bucket);
            self.measured_rate = rate * SMOOTHING + self.measured_rate * (1.0 - SMOOTHING);
            self.count = 0.0;
            self.last_bucket = bucket;
        }
        self.measured_rate
    }

    /// Adds the tokens earned since the last refill, up to the capacity.
    fn refill(&mut self, now: f64) {
        let now = finite(now);
        // Off, the bucket earns nothing: it starts empty when the first throttle turns it on.
        let elapsed = if self.enabled {
            (now - self.last_refill).max(0.0)
        } else {
            0.0
        };
        self.earned = (self.earned + elapsed * self.fill_rate).min(self.issued + self.max_capacity);
        self.last_refill = self.last_refill.max(now);
    }

    /// Sets the bucket's rate (at least [`MIN_FILL_RATE`]) and capacity (at least one).
    fn set_rate(&mut self, now: f64, rate: f64) {
        self.refill(now);
        let rate = if rate.is_finite() { rate } else { 0.0 };
        self.fill_rate = rate.max(MIN_FILL_RATE);
        self.max_capacity = rate.max(MIN_CAPACITY);
        self.earned = self.earned.min(self.issued + self.max_capacity);
    }
}

/// A clock reading that is a number: NaN and infinities count as 0.
fn finite(now: f64) -> f64 {
    if now.is_finite() {
        now
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// A worked trace, computed by hand from the rules in the module documentation.
    ///
    /// The limiter is made at t = 0, so its first meter bucket is [0, 0.5).
    /// 1. t = 0.1, throttled: the meter counts 1 in bucket 0 (no new bucket, rate 0). The
    ///    limiter was off, so the rate in use is the measured 0: W = 0, K = 0, the new rate
    ///    is 0 × 0.7 = 0, capped by 2 × 0 = 0, so the bucket fills at the floor 0.5/s and
    ///    holds 1. The bucket starts empty.
    /// 2. t = 0.1, acquire: empty, so wait (1 − 0) / 0.5 = 2 s; capacity −1.
    /// 3. t = 0.1, acquire again: wait (1 − (−1)) / 0.5 = 4 s; capacity −2 (queued behind).
    /// 4. t = 2.1, success: bucket 2.0 > 0, so the meter's rate is 2 responses / 2 s = 1,
    ///    smoothed 0.8 × 1 + 0.2 × 0 = 0.8. CUBIC: 0.4 × (2.1 − 0.1 − 0)³ + 0 = 3.2, capped
    ///    at 2 × 0.8 = 1.6. Refill first at the old rate: −2 + 2 × 0.5 = −1; then rate 1.6,
    ///    capacity limit 1.6.
    /// 5. t = 2.6, throttled: bucket 2.5 > 2.0: 1 / 0.5 = 2/s, smoothed 0.8 × 2 + 0.2 × 0.8
    ///    = 1.76. On, so the rate in use is min(1.76, 1.6) = 1.6 = W; K = ∛(1.6 × 0.3 / 0.4)
    ///    = ∛1.2; new rate 1.6 × 0.7 = 1.12 (under 2 × 1.76). Refill: −1 + 0.5 × 1.6 = −0.2.
    #[test]
    fn follows_the_worked_trace() {
        let mut limiter = ClientRateLimiter::new(0.0);
        let free = limiter.acquire(0.0);
        assert_eq!(limiter.wait_s(free, 0.0), 0.0);
        assert!(!limiter.is_enabled());

        limiter.record_response(0.1, true);
        assert!(limiter.is_enabled());
        assert!(close(limiter.fill_rate(), 0.5));
        assert!(close(limiter.measured_rate(), 0.0));

        let first = limiter.acquire(0.1);
        let second = limiter.acquire(0.1);
        assert!(close(limiter.wait_s(first, 0.1), 2.0));
        assert!(close(limiter.wait_s(second, 0.1), 4.0));

        limiter.record_response(2.1, false);
        assert!(close(limiter.measured_rate(), 0.8));
        assert!(close(limiter.fill_rate(), 1.6));
        assert!(close(limiter.capacity(), -1.0));
        // The first ticket's token is there; the second waits for 1 token at 1.6/s, not 2 s
        // at the old rate.
        assert_eq!(limiter.wait_s(first, 2.1), 0.0);
        assert!(close(limiter.wait_s(second, 2.1), 1.0 / 1.6));

        limiter.record_response(2.6, true);
        assert!(close(limiter.measured_rate(), 1.76));
        assert!(close(limiter.last_max_rate, 1.6));
        assert!(close(limiter.time_window, 1.2f64.cbrt()));
        assert!(close(limiter.fill_rate(), 1.12));
        assert!(close(limiter.capacity(), -0.2));
        // A new caller owes 1.2 tokens: 1.2 / 1.12 s.
        let third = limiter.acquire(2.6);
        assert!(close(limiter.wait_s(third, 2.6), 1.2 / 1.12));
        // A refund (the second caller gave up) moves it up by one token.
        limiter.refund();
        assert!(close(limiter.wait_s(third, 2.6), 0.2 / 1.12));
    }

    #[test]
    fn grows_back_past_the_last_rate_after_k_seconds() {
        let mut limiter = ClientRateLimiter::new(0.0);
        // A steady 20 responses per second for 3 s, then a throttle.
        let mut t = 0.0;
        for _ in 0..60 {
            t += 0.05;
            limiter.record_response(t, false);
        }
        assert!(!limiter.is_enabled());
        assert!(
            limiter.measured_rate() > 15.0,
            "{}",
            limiter.measured_rate()
        );
        limiter.record_response(t, true);
        let cut = limiter.fill_rate();
        let w = limiter.last_max_rate;
        assert!(close(cut, w * BETA), "{cut} vs {w}");
        // With the responses still coming at 20 per second, the curve is back at W after K
        // seconds, and beyond it past W.
        let k = limiter.time_window;
        let throttled_at = t;
        while t < throttled_at + k {
            t += 0.05;
            limiter.record_response(t, false);
        }
        assert!(limiter.fill_rate() > cut);
        assert!(
            (limiter.fill_rate() - w).abs() < 0.2 * w,
            "{} vs W {w}",
            limiter.fill_rate()
        );
        for _ in 0..20 {
            t += 0.05;
            limiter.record_response(t, false);
        }
        assert!(limiter.fill_rate() > w);
        assert!(limiter.fill_rate() <= 2.0 * limiter.measured_rate() + 1e-9);
    }

    #[test]
    fn refunds_and_odd_clocks_stay_bounded() {
        let mut limiter = ClientRateLimiter::new(f64::NAN);
        limiter.record_response(f64::INFINITY, true);
        let ticket = limiter.acquire(f64::NAN);
        let wait = limiter.wait_s(ticket, f64::NAN);
        assert!(wait.is_finite() && wait >= 0.0);
        limiter.refund();
        limiter.refund();
        assert!(limiter.capacity() <= limiter.max_capacity);
        // Time going backwards never adds tokens.
        limiter.record_response(100.0, false);
        let before = limiter.capacity();
        limiter.refill(50.0);
        assert_eq!(limiter.capacity(), before);
    }
}
