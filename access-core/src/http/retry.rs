//! When and how long to wait before trying an idempotent call again.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The retry policy of a transport (or of one call).
///
/// Only endpoints marked idempotent are retried, and only after a connection
/// failure, a timeout, or a 429, 502, 503 or 504 answer. The wait grows
/// exponentially with jitter; a `Retry-After` header replaces it (a `Retry-After`
/// beyond [`RetryPolicy::max_retry_after`] ends the retries instead).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, the first included. `1` disables retries.
    pub max_attempts: u32,
    /// The wait before the first retry (before jitter).
    pub initial_backoff: Duration,
    /// The longest wait between two attempts (before jitter).
    pub max_backoff: Duration,
    /// The longest `Retry-After` the transport will honour.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryPolicy {
    /// Three attempts, 200 ms initial backoff, 5 s cap, `Retry-After` up to 30 s.
    pub fn standard() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }

    /// No retries at all.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::standard()
        }
    }

    /// Sets the number of attempts (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the initial and the maximum backoff.
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Sets the longest `Retry-After` honoured.
    pub fn with_max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// The wait before retry number `retry` (1 for the first retry): exponential,
    /// capped, with "equal jitter" (between half and all of the exponential value).
    pub fn backoff(&self, retry: u32) -> Duration {
        let exp = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)));
        let capped = exp.min(self.max_backoff);
        let half = capped / 2;
        // Saturating: a backoff set beyond 584 years must not wrap or panic.
        let nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        let jitter = if nanos == 0 {
            0
        } else {
            next_random() % nanos.saturating_add(1)
        };
        half.saturating_add(Duration::from_nanos(jitter))
    }

    /// Whether an answer with this status may be retried (for idempotent endpoints).
    pub fn is_retryable_status(status: u16) -> bool {
        matches!(status, 429 | 502 | 503 | 504)
    }
}

/// Parses a `Retry-After` value: delay seconds or an HTTP date.
pub(crate) fn parse_retry_after(
    value: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let date = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let delta = date.with_timezone(&chrono::Utc) - now;
    Some(delta.to_std().unwrap_or(Duration::ZERO))
}

/// A small non-cryptographic random source for jitter (splitmix64 over a counter
/// seeded from the clock); jitter needs spread, not secrecy.
fn next_random() -> u64 {
    static STATE: AtomicU64 = AtomicU64::new(0);
    let seed = STATE.load(Ordering::Relaxed);
    let seed = if seed == 0 {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9E37_79B9_7F4A_7C15);
        let _ = STATE.compare_exchange(0, t | 1, Ordering::Relaxed, Ordering::Relaxed);
        STATE.load(Ordering::Relaxed)
    } else {
        seed
    };
    let mut z = STATE
        .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
        .wrapping_add(seed);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::standard()
            .with_backoff(Duration::from_millis(100), Duration::from_millis(400));
        for _ in 0..100 {
            let b1 = p.backoff(1);
            assert!(b1 >= Duration::from_millis(50) && b1 <= Duration::from_millis(100));
            let b5 = p.backoff(5);
            assert!(b5 >= Duration::from_millis(200) && b5 <= Duration::from_millis(400));
        }
    }

    #[test]
    fn retry_after_forms() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(parse_retry_after("2", now), Some(Duration::from_secs(2)));
        assert_eq!(
            parse_retry_after("Thu, 01 Jan 2026 00:00:05 GMT", now),
            Some(Duration::from_secs(5))
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn retryable_statuses() {
        for s in [429, 502, 503, 504] {
            assert!(RetryPolicy::is_retryable_status(s));
        }
        for s in [200, 400, 401, 404, 500] {
            assert!(!RetryPolicy::is_retryable_status(s));
        }
    }
}
