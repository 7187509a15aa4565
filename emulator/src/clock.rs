//! The emulator's clock: the real time plus how far [`advance_time`](super::Emulator::advance_time)
//! moved it, saturating instead of overflowing.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// The real clock moved forward by an offset. `now()` never passes the last millisecond of
/// the year 9999, so that every timestamp keeps the server's four-digit-year shape and no
/// arithmetic on it can overflow.
#[derive(Debug, Default)]
pub(super) struct Clock {
    offset: TimeDelta,
}

/// `9999-12-31T23:59:59.999`, the latest time the clock shows.
fn latest() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|day| day.and_hms_milli_opt(23, 59, 59, 999))
        .map(|at| at.and_utc())
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

impl Clock {
    /// The emulator's time, in whole milliseconds as the server stores it.
    pub(super) fn now(&self) -> DateTime<Utc> {
        let now = Utc::now()
            .checked_add_signed(self.offset)
            .map_or_else(latest, |now| now.min(latest()));
        DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
    }

    /// Moves the clock forward by `by`; a move past what the clock can show saturates.
    pub(super) fn advance(&mut self, by: Duration) {
        let by = TimeDelta::from_std(by).unwrap_or(TimeDelta::MAX);
        self.offset = self.offset.checked_add(&by).unwrap_or(TimeDelta::MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_moves_forward_and_saturates() {
        let mut clock = Clock::default();
        let before = clock.now();
        clock.advance(Duration::from_secs(3600));
        assert!(clock.now() - before >= TimeDelta::seconds(3600));
        clock.advance(Duration::MAX);
        clock.advance(Duration::MAX);
        assert_eq!(clock.now(), latest());
        assert_eq!(clock.now().timestamp_subsec_millis(), 999);
    }
}
