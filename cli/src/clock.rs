//! [`Clock`]: what "now" is for ages and expiries. The real time, except in the demo, where
//! the emulator's clock has been moved forward so that keys have real ages.

use chrono::{DateTime, TimeDelta, Utc};

#[derive(Clone, Copy, Debug, Default)]
pub struct Clock {
    offset: TimeDelta,
}

impl Clock {
    /// A clock `offset` ahead of the real one.
    pub fn ahead(offset: TimeDelta) -> Self {
        Self { offset }
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset
    }
}
