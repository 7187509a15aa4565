//! [`Timeouts`]: how long connecting, one attempt and a whole call may take, as plain values.

use std::time::Duration;

/// How long a call may take, as plain values: connecting, each attempt, and the whole call
/// with its retries and waits.
///
/// Built with [`Timeouts::new`] (the defaults) and the `with_*` methods, so that a timeout
/// added later is not a breaking change; the fields stay readable.
///
/// ```
/// use std::time::Duration;
/// use whylabs_api_keys::{Client, Timeouts};
///
/// let timeouts = Timeouts::new().with_attempt(Duration::from_secs(5));
/// let client = Client::builder().api_key("id.secret").timeouts(timeouts).build()?;
/// assert_eq!(client.timeouts().total, Duration::from_secs(120));
/// assert_eq!(client.timeouts().attempt, Duration::from_secs(5));
/// # Ok::<(), whylabs_api_keys::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Timeouts {
    /// How long establishing a connection may take. Default 10 s. Applies to the HTTP client
    /// this crate builds; an injected client keeps its own.
    pub connect: Duration,
    /// How long one attempt may take, from sending the request to the end of the response
    /// body. Default 30 s.
    pub attempt: Duration,
    /// How long a whole call may take, every attempt and every wait between them included.
    /// Default 120 s.
    pub total: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            attempt: Duration::from_secs(30),
            total: Duration::from_secs(120),
        }
    }
}

impl Timeouts {
    /// The defaults: connect 10 s, 30 s per attempt, 120 s per call.
    ///
    /// ```
    /// use whylabs_api_keys::Timeouts;
    ///
    /// assert_eq!(Timeouts::new(), Timeouts::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// How long establishing a connection may take ([`connect`](Self::connect)).
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let timeouts = whylabs_api_keys::Timeouts::new().with_connect(Duration::from_secs(2));
    /// assert_eq!(timeouts.connect, Duration::from_secs(2));
    /// ```
    pub fn with_connect(mut self, connect: Duration) -> Self {
        self.connect = connect;
        self
    }

    /// How long one attempt may take ([`attempt`](Self::attempt)).
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let timeouts = whylabs_api_keys::Timeouts::new().with_attempt(Duration::from_secs(5));
    /// assert_eq!(timeouts.attempt, Duration::from_secs(5));
    /// ```
    pub fn with_attempt(mut self, attempt: Duration) -> Self {
        self.attempt = attempt;
        self
    }

    /// How long a whole call may take, retries and waits included ([`total`](Self::total)).
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let timeouts = whylabs_api_keys::Timeouts::new().with_total(Duration::from_secs(60));
    /// assert_eq!(timeouts.total, Duration::from_secs(60));
    /// ```
    pub fn with_total(mut self, total: Duration) -> Self {
        self.total = total;
        self
    }
}
