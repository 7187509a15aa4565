//! How long to wait before a retry: the server's `Retry-After` when it sent one (capped), else
//! exponential backoff with full jitter, from the [`RetryConfig`] values.

use std::time::Duration;

use crate::config::RetryConfig;

/// The wait before retry number `retry` (1-based): the server's `Retry-After` when given
/// (capped), else a uniformly random duration up to the exponential ceiling (full jitter).
pub(super) fn delay(config: &RetryConfig, retry: u32, retry_after: Option<Duration>) -> Duration {
    if let Some(wait) = retry_after {
        return wait.min(config.max_retry_after);
    }
    let ceiling = config
        .initial_backoff
        .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)))
        .min(config.max_backoff);
    // `mul_f64` panics when the product rounds past `Duration::MAX`, as it can for a
    // ceiling near it: fall back to the ceiling itself.
    Duration::try_from_secs_f64(ceiling.as_secs_f64() * fastrand::f64()).unwrap_or(ceiling)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_jittered_below_a_doubling_capped_ceiling() {
        let config = RetryConfig::default();
        for _ in 0..200 {
            assert!(delay(&config, 1, None) <= Duration::from_millis(200));
            assert!(delay(&config, 3, None) <= Duration::from_millis(800));
            assert!(delay(&config, 30, None) <= Duration::from_secs(5));
        }
    }

    #[test]
    fn huge_settings_saturate_instead_of_panicking() {
        let config = RetryConfig::new()
            .with_max_retries(u32::MAX)
            .with_initial_backoff(Duration::MAX)
            .with_max_backoff(Duration::MAX)
            .with_max_retry_after(Duration::MAX);
        for retry in [1, 2, 64, u32::MAX] {
            assert!(delay(&config, retry, None) <= Duration::MAX);
        }
        assert_eq!(
            delay(&config, 1, Some(Duration::MAX)),
            Duration::MAX,
            "a huge Retry-After is honoured up to the cap"
        );
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let config = RetryConfig::default();
        assert_eq!(
            delay(&config, 1, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(
            delay(&config, 1, Some(Duration::from_secs(3600))),
            Duration::from_secs(30)
        );
    }
}
