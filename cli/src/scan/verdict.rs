//! [`Verdict`]: what the server says of a found key. Exactly three, and an error is never
//! `Inactive`: only a well-formed answer of the server makes a key inactive.

use serde::Serialize;

/// A found key's state, as the server told it (or could not).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The server has the key active.
    Active,
    /// Revoked, expired or unknown to the server, which said so with a well-formed answer.
    Inactive,
    /// Not known: no API key or organization to check with, a network error, a 5xx, a
    /// timeout, a rate limit or a malformed answer.
    Unknown,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Active => "active",
            Verdict::Inactive => "inactive",
            Verdict::Unknown => "unknown",
        }
    }

    /// Whether the key may still work: a leak that needs action, so the scan fails.
    pub fn may_be_live(self) -> bool {
        self != Verdict::Inactive
    }
}
