//! [`Window`]: when, on the server's own clock, a create whose outcome is unknown can have
//! made its key. Nothing is listed before the create is sent, so this is what tells the key
//! it may have made from the owner's older keys.
//!
//! The argument uses one clock only, the server's, and the client's monotonic clock for
//! durations (no agreement between the clocks of client and server is needed):
//!
//! - `t0` is an instant taken (monotonic) before the create is sent, `t2` one taken after the
//!   reconciliation list is answered, with the server's `Date` header `D`. The server wrote
//!   `D` at some instant `td ≤ t2`, when its clock showed `S(td) ∈ [D, D + 1 s)` (the header
//!   has one-second resolution and is truncated).
//! - The create cannot have reached the server before it was sent, so its key's creation time
//!   `C ≥ S(t0) = S(td) − (td − t0) ≥ D − (t2 − t0)`; and it was made before the list was
//!   answered, so `C ≤ S(td) < D + 1 s`.
//! - The key's `creationTime` and the `Date` header come from the same clock on the real
//!   server (one Micronaut service); [`CLOCK_MARGIN`] widens both ends for a `Date` written by
//!   a proxy in front of it or a clock stepped during the call.
//!
//! So a key created outside `[D − (t2 − t0) − margin, D + 1 s + margin]` is not this request's.
//! Inside it, a key is the request's only if it also matches the request's fingerprint and
//! was not handed out by this client (the [`Ledger`](crate::reconcile::Ledger) keeps the keys it
//! handed out for [`HANDED_OUT_RETENTION`]); two such keys, or another unanswered create of
//! this client that could have made it, leave it ambiguous and nothing is revoked.
//!
//! A key this client handed out *before* `t0` may still lie inside the window's lower margin:
//! its creation `C' ≤ S(ta) + margin` for its answer at `ta < t0`, and `C' ≥ D − (t2 − t0) −
//! margin` gives `ta > t0 − (t2 − tl) − 1 s − 2 margin`, `tl` being when the list was sent. The
//! ledger keeps such keys for [`HANDED_OUT_RETENTION`] before the earliest running create, so
//! a window is only used when the list's own round trip `t2 − tl` leaves that enough; a slower
//! list gives [`Window::Unknown`], as a server without a (readable) `Date` does.

use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};

/// The `Date` header's resolution: the server's clock was up to this much later.
const DATE_RESOLUTION: Duration = Duration::from_secs(1);
/// How far the clock behind `creationTime` may be off the one behind `Date`, either way.
const CLOCK_MARGIN: Duration = Duration::from_secs(1);
/// How long before the earliest running create the ledger keeps the keys this client
/// handed out (see the module's argument).
pub(crate) const HANDED_OUT_RETENTION: Duration = Duration::from_secs(5);

/// When, on the server's clock, the request can have made its key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Window {
    /// Created within these instants, both included.
    Known {
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
    /// Not known: no `Date` header, or the list took too long for the ledger's memory.
    Unknown,
}

/// The instants reconciliation measured, on the client's monotonic clock.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Instants {
    /// Before the create was sent (`t0`).
    pub(crate) sent: Instant,
    /// When the reconciliation list was sent (`tl`).
    pub(crate) listed: Instant,
    /// When its answer arrived (`t2`).
    pub(crate) answered: Instant,
}

impl Window {
    /// The window of a create measured by `at`, from the list's `Date` header `date`.
    pub(crate) fn new(date: Option<DateTime<Utc>>, at: Instants) -> Self {
        let Some(date) = date else {
            return Window::Unknown;
        };
        let list_trip = at.answered.saturating_duration_since(at.listed);
        if list_trip + DATE_RESOLUTION + 2 * CLOCK_MARGIN > HANDED_OUT_RETENTION {
            return Window::Unknown;
        }
        let since_sent = at.answered.saturating_duration_since(at.sent) + CLOCK_MARGIN;
        let ahead = DATE_RESOLUTION + CLOCK_MARGIN;
        match (delta(since_sent), delta(ahead)) {
            (Some(back), Some(ahead)) => match (
                date.checked_sub_signed(back),
                date.checked_add_signed(ahead),
            ) {
                (Some(from), Some(to)) => Window::Known { from, to },
                _ => Window::Unknown,
            },
            _ => Window::Unknown,
        }
    }

    /// Whether a key created at `created` may be the request's: outside a known window it is
    /// not; a key without a creation time (v1 metadata) or an unknown window may be.
    pub(crate) fn admits(&self, created: Option<DateTime<Utc>>) -> bool {
        match (self, created) {
            (Window::Known { from, to }, Some(created)) => (*from..=*to).contains(&created),
            _ => true,
        }
    }

    /// Whether the window shows a key created at `created` to be new: made after the request
    /// was sent, so not one of the owner's older keys.
    pub(crate) fn dates(&self, created: Option<DateTime<Utc>>) -> bool {
        matches!(self, Window::Known { .. }) && created.is_some() && self.admits(created)
    }
}

fn delta(duration: Duration) -> Option<TimeDelta> {
    TimeDelta::from_std(duration).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2031-05-06T07:08:09Z")
            .unwrap()
            .to_utc()
    }

    fn at(sent_before: u64, list_trip_ms: u64) -> Instants {
        let answered = Instant::now() + Duration::from_secs(60);
        Instants {
            sent: answered - Duration::from_millis(sent_before),
            listed: answered - Duration::from_millis(list_trip_ms),
            answered,
        }
    }

    fn ms(offset: i64) -> Option<DateTime<Utc>> {
        Some(date() + TimeDelta::milliseconds(offset))
    }

    #[test]
    fn the_window_runs_from_the_send_to_the_dates_second_with_margins() {
        let window = Window::new(Some(date()), at(3_000, 10));
        assert_eq!(
            window,
            Window::Known {
                from: date() - TimeDelta::milliseconds(4_000),
                to: date() + TimeDelta::milliseconds(2_000),
            }
        );
        for (offset, inside) in [(-4_001, false), (-4_000, true), (0, true), (1_999, true)] {
            assert_eq!(window.admits(ms(offset)), inside, "{offset}");
            assert_eq!(window.dates(ms(offset)), inside, "{offset}");
        }
        assert!(!window.admits(ms(2_001)));
        assert!(window.admits(None), "no creation time: may be");
        assert!(!window.dates(None), "but not shown new");
    }

    #[test]
    fn no_date_or_a_slow_list_gives_no_window() {
        assert_eq!(Window::new(None, at(100, 10)), Window::Unknown);
        assert_eq!(Window::new(Some(date()), at(5_000, 2_001)), Window::Unknown);
        assert!(matches!(
            Window::new(Some(date()), at(5_000, 2_000)),
            Window::Known { .. }
        ));
        assert!(Window::Unknown.admits(ms(-86_400_000)));
        assert!(!Window::Unknown.dates(ms(0)));
    }

    #[test]
    fn a_date_at_the_end_of_time_gives_no_window() {
        let end = DateTime::<Utc>::MAX_UTC;
        assert_eq!(Window::new(Some(end), at(100, 10)), Window::Unknown);
    }
}
