//! [`RetryConfig`]: how failed attempts are retried, as plain values. The arithmetic that
//! reads them (backoff, jitter, `Retry-After`) is the retry subsystem's, in
//! `transport/retry/delay.rs`.

use std::time::Duration;

/// How failed attempts are retried, as plain values.
///
/// get, list and revoke are retried on connect errors, timeouts, broken connections and the
/// statuses 408, 429, 500, 502, 503 and 504. create is not idempotent: it is retried only when
/// the connection could not be made (the request never left) or on 429. Waits use exponential
/// backoff with full jitter; a `Retry-After` from the server is honoured up to
/// [`max_retry_after`](Self::max_retry_after).
///
/// Built with [`RetryConfig::new`] (the defaults) and the `with_*` methods, so that a setting
/// added later is not a breaking change; the fields stay readable.
///
/// ```
/// use std::time::Duration;
/// use whylabs_api_keys::{Client, RetryConfig};
///
/// let retry = RetryConfig::new()
///     .with_max_retries(5)
///     .with_initial_backoff(Duration::from_millis(50));
/// assert_eq!(retry.max_backoff, Duration::from_secs(5));
/// let client = Client::builder().api_key("id.secret").retry(retry).build()?;
/// let no_retries = Client::builder().api_key("id.secret").retry(RetryConfig::disabled()).build()?;
/// # Ok::<(), whylabs_api_keys::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
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
    /// The defaults: 3 retries, 200 ms initial backoff, 5 s largest backoff, `Retry-After`
    /// honoured up to 30 s.
    ///
    /// ```
    /// use whylabs_api_keys::RetryConfig;
    ///
    /// assert_eq!(RetryConfig::new(), RetryConfig::default());
    /// assert_eq!(RetryConfig::new().max_retries, 3);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// One attempt per call, no retries.
    ///
    /// ```
    /// assert_eq!(whylabs_api_keys::RetryConfig::disabled().max_retries, 0);
    /// ```
    pub fn disabled() -> Self {
        Self::new().with_max_retries(0)
    }

    /// Retries after the first attempt ([`max_retries`](Self::max_retries)); `0` disables them.
    ///
    /// ```
    /// let retry = whylabs_api_keys::RetryConfig::new().with_max_retries(5);
    /// assert_eq!(retry.max_retries, 5);
    /// ```
    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// The backoff ceiling before the first retry ([`initial_backoff`](Self::initial_backoff)).
    ///
    /// ```
    /// use std::time::Duration;
    /// use whylabs_api_keys::RetryConfig;
    ///
    /// let retry = RetryConfig::new().with_initial_backoff(Duration::from_millis(50));
    /// assert_eq!(retry.initial_backoff, Duration::from_millis(50));
    /// ```
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// The largest backoff ceiling ([`max_backoff`](Self::max_backoff)).
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let retry = whylabs_api_keys::RetryConfig::new().with_max_backoff(Duration::from_secs(1));
    /// assert_eq!(retry.max_backoff, Duration::from_secs(1));
    /// ```
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// The longest `Retry-After` honoured ([`max_retry_after`](Self::max_retry_after)).
    ///
    /// ```
    /// use std::time::Duration;
    /// use whylabs_api_keys::RetryConfig;
    ///
    /// let retry = RetryConfig::new().with_max_retry_after(Duration::from_secs(5));
    /// assert_eq!(retry.max_retry_after, Duration::from_secs(5));
    /// ```
    pub fn with_max_retry_after(mut self, max_retry_after: Duration) -> Self {
        self.max_retry_after = max_retry_after;
        self
    }
}
