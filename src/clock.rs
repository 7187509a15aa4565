//! [`Clock`]: where a client reads the current time from, for the expirations it computes.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};

/// The source of the current time a [`Client`](crate::Client) computes expirations against:
/// `expires_in(lifetime)` sends `now + lifetime`, checked to lie more than
/// [`MIN_EXPIRATION_AHEAD`](crate::rules::MIN_EXPIRATION_AHEAD) after `now`.
///
/// The default is the system clock, which is right for a real server. A server whose clock
/// runs elsewhere, such as a test server whose time was moved forward (the
/// `whylabs-api-keys-emulator` crate's clients use its clock this way), gives its clients its
/// own, so that "a lifetime of a week" means a week of the server's time. Set it with
/// [`ClientBuilder::clock`](crate::ClientBuilder::clock). Any
/// `Fn() -> DateTime<Utc> + Send + Sync` is a clock.
///
/// ```
/// use std::time::Duration;
/// use whylabs_api_keys::{Client, Clock, DateTime, Utc};
///
/// /// A server clock two days ahead of this machine's.
/// struct TwoDaysAhead;
///
/// impl Clock for TwoDaysAhead {
///     fn now(&self) -> DateTime<Utc> {
///         Utc::now() + chrono::TimeDelta::days(2)
///     }
/// }
///
/// assert!(TwoDaysAhead.now() > Utc::now() + chrono::TimeDelta::days(1));
/// let client = Client::builder().api_key("fh4dUNV3WQ.secret").clock(TwoDaysAhead).build()?;
/// # Ok::<(), whylabs_api_keys::Error>(())
/// ```
pub trait Clock: Send + Sync {
    /// The current time.
    fn now(&self) -> DateTime<Utc>;
}

impl<F> Clock for F
where
    F: Fn() -> DateTime<Utc> + Send + Sync,
{
    fn now(&self) -> DateTime<Utc> {
        self()
    }
}

/// A clock shared by a client's clones; its `Debug` does not try to show the clock.
#[derive(Clone)]
pub(crate) struct SharedClock(Arc<dyn Clock>);

impl SharedClock {
    pub(crate) fn new(clock: impl Clock + 'static) -> Self {
        Self(Arc::new(clock))
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.0.now()
    }
}

impl fmt::Debug for SharedClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Clock(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closure_is_a_clock_and_the_shared_one_reads_it() {
        let fixed = DateTime::from_timestamp_millis(1_577_836_800_000).unwrap();
        let clock = SharedClock::new(move || fixed);
        assert_eq!(clock.clone().now(), fixed);
        assert_eq!(format!("{clock:?}"), "Clock(..)");
    }
}
