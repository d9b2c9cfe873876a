//! The token bucket API Gateway throttles with ("Throttle requests to your REST APIs for
//! better throughput", developer guide): a bucket of `burst` tokens, full at start, refilled
//! at `rate` tokens a second; a request takes one token or is throttled.

use std::fmt;
use std::sync::Mutex;
use std::time::Instant;

/// A rate and a burst: `ThrottleSettings` of a usage plan, or a stage's
/// `ThrottlingRateLimit` and `ThrottlingBurstLimit`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Steady-state requests per second.
    pub rate: f64,
    /// The bucket's size: requests at once.
    pub burst: u32,
}

impl fmt::Display for Limits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rate {}/s, burst {}", self.rate, self.burst)
    }
}

/// One token bucket: a short lock, no allocation per request.
#[derive(Debug)]
pub struct TokenBucket {
    limits: Limits,
    state: Mutex<State>,
}

#[derive(Debug, Clone, Copy)]
struct State {
    tokens: f64,
    at: Instant,
}

impl TokenBucket {
    /// A full bucket of `limits` at `now`.
    pub fn new(limits: Limits, now: Instant) -> Self {
        Self {
            limits,
            state: Mutex::new(State {
                tokens: f64::from(limits.burst),
                at: now,
            }),
        }
    }

    /// The bucket's limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Takes a token at `now` (refilled for the time since the last take): false when the
    /// bucket is empty, and the request is throttled.
    pub fn take(&self, now: Instant) -> bool {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let elapsed = now.saturating_duration_since(state.at).as_secs_f64();
        let burst = f64::from(self.limits.burst);
        state.tokens = (state.tokens + elapsed * self.limits.rate.max(0.0)).min(burst);
        state.at = state.at.max(now);
        if state.tokens >= 1.0 {
            state.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn bucket(rate: f64, burst: u32, start: Instant) -> TokenBucket {
        TokenBucket::new(Limits { rate, burst }, start)
    }

    #[test]
    fn a_full_bucket_takes_its_burst_then_throttles() {
        let start = Instant::now();
        let b = bucket(1.0, 2, start);
        assert!(b.take(start));
        assert!(b.take(start));
        assert!(!b.take(start));
    }

    #[test]
    fn the_bucket_refills_at_the_rate_up_to_the_burst() {
        let start = Instant::now();
        let b = bucket(2.0, 2, start);
        assert!(b.take(start) && b.take(start) && !b.take(start));
        // Half a second at 2/s: one token.
        let later = start + Duration::from_millis(500);
        assert!(b.take(later));
        assert!(!b.take(later));
        // A minute later: full again, never more than the burst.
        let much_later = start + Duration::from_secs(60);
        assert!(b.take(much_later) && b.take(much_later));
        assert!(!b.take(much_later));
    }

    #[test]
    fn a_burst_of_zero_throttles_every_request() {
        let start = Instant::now();
        let b = bucket(100.0, 0, start);
        assert!(!b.take(start));
        assert!(!b.take(start + Duration::from_secs(5)));
    }

    #[test]
    fn a_clock_read_out_of_order_refills_nothing() {
        let start = Instant::now();
        let later = start + Duration::from_secs(1);
        let b = bucket(1.0, 1, later);
        assert!(b.take(later));
        assert!(!b.take(start));
    }
}
