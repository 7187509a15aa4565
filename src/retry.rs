//! [`RetryConfig`] and the retry arithmetic: which outcomes are retried, and how long to wait.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

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
        ceiling.mul_f64(fastrand::f64())
    }
}

/// Whether an answer with `status` is worth another attempt.
pub(crate) fn is_retryable_status(status: StatusCode, idempotent: bool) -> bool {
    match status.as_u16() {
        429 => true,
        408 | 500 | 502 | 503 | 504 => idempotent,
        _ => false,
    }
}

/// Whether a transport failure is worth another attempt. A connect failure means the request
/// never left, so even create may be retried; anything later may have reached the server.
pub(crate) fn is_retryable_error(error: &reqwest::Error, idempotent: bool) -> bool {
    error.is_connect() || idempotent
}

/// The `Retry-After` header as a duration: delta-seconds or an HTTP-date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

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

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));

        let soon = SystemTime::now() + Duration::from_secs(120);
        let date = HeaderValue::from_str(&httpdate::fmt_http_date(soon)).unwrap();
        headers.insert(RETRY_AFTER, date);
        let wait = retry_after(&headers).unwrap();
        assert!(
            wait > Duration::from_secs(100) && wait <= Duration::from_secs(120),
            "{wait:?}"
        );

        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn create_is_retried_only_on_429() {
        for status in [408, 500, 502, 503, 504] {
            let status = StatusCode::from_u16(status).unwrap();
            assert!(is_retryable_status(status, true));
            assert!(!is_retryable_status(status, false));
        }
        assert!(is_retryable_status(StatusCode::TOO_MANY_REQUESTS, false));
        assert!(!is_retryable_status(StatusCode::BAD_REQUEST, true));
        assert!(!is_retryable_status(StatusCode::NOT_FOUND, true));
    }
}
