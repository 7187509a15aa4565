//! Times for people: relative ages ("174d ago") and expiries ("in 14d", "never"), in the
//! largest whole unit, as `kubectl get` shows ages. (humantime's own format spells every
//! unit down to seconds, "5months 23days 19h 12m", which no one wants in a table column.)

use std::time::Duration;

use chrono::{DateTime, Utc};

/// A span in its largest whole unit: "95d", "3h", "12m", "4s".
fn compact(secs: u64) -> String {
    let (unit, name) = [(86_400, "d"), (3_600, "h"), (60, "m")]
        .into_iter()
        .find(|(unit, _)| secs >= *unit)
        .unwrap_or((1, "s"));
    format!("{}{name}", secs / unit)
}

/// "3d ago", "in 2h", "-" for none.
pub fn relative(at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    match at {
        None => "-".to_string(),
        Some(at) if at <= now => {
            format!("{} ago", compact((now - at).num_seconds().unsigned_abs()))
        }
        Some(at) => format!("in {}", compact((at - now).num_seconds().unsigned_abs())),
    }
}

/// An expiry: "never", "in 14d", "3d ago".
pub fn expiry(at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    match at {
        None => "never".to_string(),
        Some(_) => relative(at, now),
    }
}

/// A policy threshold, as humantime reads it back: "90d".
pub fn span(duration: Duration) -> String {
    compact(duration.as_secs())
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;

    #[test]
    fn spans_round_down_to_their_largest_unit() {
        let now = Utc::now();
        let ago = now - TimeDelta::days(95) - TimeDelta::hours(5);
        assert_eq!(relative(Some(ago), now), "95d ago");
        assert_eq!(relative(Some(now + TimeDelta::minutes(90)), now), "in 1h");
        assert_eq!(expiry(None, now), "never");
        assert_eq!(relative(None, now), "-");
        assert_eq!(relative(Some(now), now), "0s ago");
        assert_eq!(span(Duration::from_secs(90 * 86_400)), "90d");
    }
}
