//! [`Expiration`]: the one model of a new key's expiration, shared by create and rotate.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use crate::error::{Error, Result};
use crate::rules;

/// When a new key expires. A request builder holds at most one: the last setter called wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expiration {
    /// At this instant.
    At(DateTime<Utc>),
    /// This long after the request is sent.
    In(Duration),
}

impl Expiration {
    /// The expiration as epoch milliseconds, checked to lie more than 60 s after `now`, as the
    /// server requires.
    pub(crate) fn to_millis(self, now: DateTime<Utc>) -> Result<i64> {
        let at = match self {
            Expiration::At(at) => at,
            Expiration::In(lifetime) => TimeDelta::from_std(lifetime)
                .ok()
                .and_then(|lifetime| now.checked_add_signed(lifetime))
                .ok_or_else(|| Error::invalid("expiration", "lifetime is too long"))?,
        };
        if !rules::accepts_expiration(at, now) {
            let ahead = rules::MIN_EXPIRATION_AHEAD.as_secs();
            let reason =
                format!("{at} is not more than {ahead} s in the future (the server rejects it)");
            return Err(Error::invalid("expiration", reason));
        }
        Ok(at.timestamp_millis())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expirations_must_lie_more_than_a_minute_ahead() {
        let now = Utc::now();
        assert!(
            Expiration::At(now - TimeDelta::hours(1))
                .to_millis(now)
                .is_err()
        );
        assert!(
            Expiration::At(now + TimeDelta::seconds(60))
                .to_millis(now)
                .is_err()
        );
        let at = now + TimeDelta::seconds(61);
        assert_eq!(
            Expiration::At(at).to_millis(now).unwrap(),
            at.timestamp_millis()
        );
        let in_61 = Expiration::In(Duration::from_secs(61))
            .to_millis(now)
            .unwrap();
        assert_eq!(in_61, at.timestamp_millis());
    }

    #[test]
    fn an_unrepresentable_lifetime_is_invalid_input_not_a_panic() {
        let error = Expiration::In(Duration::MAX)
            .to_millis(Utc::now())
            .unwrap_err();
        assert!(error.is_invalid_input(), "{error}");
    }
}
