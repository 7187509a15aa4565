//! [`RetryConfig`]: how failed attempts are retried, as plain values, and the backoff arithmetic.

use std::time::Duration;

/// How failed attempts are retried, as plain values.
///
/// get, list and revoke are retried on connect errors, timeouts, broken connections and the
/// statuses 408, 429, 500, 502, 503 and 504. create is not idempotent: it is retried only when
/// the connection could not be made (the request never left) or on 429. Waits use exponential
/// backoff with full jitter; a `Retry-After` from the server is honoured up to
/// [`max_retry_after`](Self::max_retry_after).
///
/// ```
/// use std::time::Duration;
/// use whylabs_api_keys::{Client, RetryConfig};
///
/// let retry = RetryConfig {
///     max_retries: 5,
///     initial_backoff: Duration::from_millis(50),
///     ..RetryConfig::default()
/// };
/// let client = Client::builder().api_key("id.secret").retry(retry).build()?;
/// let no_retries = Client::builder().api_key("id.secret").retry(RetryConfig::disabled()).build()?;
/// # Ok::<(), whylabs_api_keys::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    /// Retries after the first attempt; `0` disables retries. Default 3.
    pub max_retries: u32,
    /// The backoff ceiling before the first retry; it doubles on each retry. Default 200 ms.
    pub initial_backoff: Duration,
    /// The largest backoff ceiling. Default 5 s.
    pub max_backoff: Duration,
    /// The longest `Retry-After` honoured; longer values are capped to it. Default 30 s.
    pub max_retry_after: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self {
            max_retries: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryConfig {
    /// One attempt per call, no retries.
    pub fn disabled() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// The wait before retry number `retry` (1-based): the server's `Retry-After` when given
    /// (capped), else a uniformly random duration up to the exponential ceiling (full jitter).
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_retry_after);
        }
        let ceiling = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)))
            .min(self.max_backoff);
        // `mul_f64` panics when the product rounds past `Duration::MAX`, as it can for a
        // ceiling near it: fall back to the ceiling itself.
        Duration::try_from_secs_f64(ceiling.as_secs_f64() * fastrand::f64()).unwrap_or(ceiling)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_jittered_below_a_doubling_capped_ceiling() {
        let config = RetryConfig::default();
        for _ in 0..200 {
            assert!(config.delay(1, None) <= Duration::from_millis(200));
            assert!(config.delay(3, None) <= Duration::from_millis(800));
            assert!(config.delay(30, None) <= Duration::from_secs(5));
        }
    }

    #[test]
    fn huge_settings_saturate_instead_of_panicking() {
        let config = RetryConfig {
            max_retries: u32::MAX,
            initial_backoff: Duration::MAX,
            max_backoff: Duration::MAX,
            max_retry_after: Duration::MAX,
        };
        for retry in [1, 2, 64, u32::MAX] {
            assert!(config.delay(retry, None) <= Duration::MAX);
        }
        assert_eq!(
            config.delay(1, Some(Duration::MAX)),
            Duration::MAX,
            "a huge Retry-After is honoured up to the cap"
        );
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let config = RetryConfig::default();
        assert_eq!(
            config.delay(1, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(
            config.delay(1, Some(Duration::from_secs(3600))),
            Duration::from_secs(30)
        );
    }
}
