//! [`Timeouts`]: how long connecting, one attempt and a whole call may take, as plain values.

use std::time::Duration;

/// How long a call may take, as plain values: connecting, each attempt, and the whole call
/// with its retries and waits.
///
/// ```
/// use std::time::Duration;
/// use whylabs_api_keys::{Client, Timeouts};
///
/// let timeouts = Timeouts {
///     attempt: Duration::from_secs(5),
///     ..Timeouts::default()
/// };
/// let client = Client::builder().api_key("id.secret").timeouts(timeouts).build()?;
/// assert_eq!(client.timeouts().total, Duration::from_secs(120));
/// # Ok::<(), whylabs_api_keys::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
