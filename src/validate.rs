//! Checks on caller input, run before anything is sent.

use chrono::{DateTime, TimeDelta, Utc};

use crate::{Error, Result};

/// How far ahead an expiration must lie; the server rejects anything closer.
pub(crate) const MIN_EXPIRATION_AHEAD: TimeDelta = TimeDelta::seconds(60);

/// An id used in a path or query: not blank, not a dot segment (which URL normalisation
/// would turn into path traversal), no backslash (which URL parsers read as `/`), no
/// control characters.
pub(crate) fn id(field: &'static str, value: &str) -> Result<()> {
    let reason = if value.trim().is_empty() {
        "is empty or blank"
    } else if value == "." || value == ".." {
        "cannot be a dot segment"
    } else if value.contains('\\') {
        "cannot contain a backslash"
    } else if value.chars().any(char::is_control) {
        "cannot contain control characters"
    } else {
        return Ok(());
    };
    Err(Error::invalid(field, reason))
}

/// An expiration as epoch milliseconds, if it lies more than 60 s after `now`.
pub(crate) fn expiration(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<i64> {
    if at - now <= MIN_EXPIRATION_AHEAD {
        let reason = format!("{at} is not more than 60 s in the future (the server rejects it)");
        return Err(Error::invalid("expiration", reason));
    }
    Ok(at.timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_would_escape_their_path_segment_are_rejected() {
        for bad in ["", "  ", ".", "..", "a\\b", "a\nb", "\u{0}"] {
            let error = id("key_id", bad).unwrap_err();
            assert!(
                matches!(
                    error,
                    Error::InvalidInput {
                        field: "key_id",
                        ..
                    }
                ),
                "{bad:?}"
            );
        }
        for good in ["fh4dUNV3WQ", "org 1/2", "user+x@y.com", "a..b", "é"] {
            id("key_id", good).unwrap();
        }
    }

    #[test]
    fn expirations_must_lie_more_than_a_minute_ahead() {
        let now = Utc::now();
        assert!(expiration(now - TimeDelta::hours(1), now).is_err());
        assert!(expiration(now + TimeDelta::seconds(60), now).is_err());
        let at = now + TimeDelta::seconds(61);
        assert_eq!(expiration(at, now).unwrap(), at.timestamp_millis());
    }
}
