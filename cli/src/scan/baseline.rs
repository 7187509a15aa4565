//! Baselines: the keys a team has accepted, by fingerprint (a SHA-256, so the file can be
//! committed), each with a `reason` and an optional `expires` date. [`Baseline::judge`]
//! decides what a found key's entry does: it suppresses an `inactive` or `unknown` key until
//! it expires, never an `active` one (a known leak that still works is the worst case), and
//! [`Baseline::stale`] lists the entries that matched nothing.
//!
//! ```toml
//! # .whylabs-keys-ignore.toml
//! [[ignore]]
//! fingerprint = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
//! reason = "revoked test fixture"
//! expires = 2026-12-31            # optional: from that day on, the key is reported again
//! ```

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use super::Verdict;

/// The file a scanned root may hold.
pub const FILE_NAME: &str = ".whylabs-keys-ignore.toml";

/// The reason `--write-baseline` puts in each entry, for people to replace.
pub const PLACEHOLDER_REASON: &str = "TODO: why this key may stay";

/// One accepted key.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub fingerprint: String,
    pub reason: String,
    /// A TOML date (`2026-12-31`) or a string holding one: the first day it no longer
    /// suppresses.
    #[serde(default)]
    expires: Option<toml::Value>,
    /// Parsed from `expires` when the file is loaded.
    #[serde(skip)]
    pub expires_on: Option<NaiveDate>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    ignore: Vec<Entry>,
}

/// The entries of one or more baseline files.
#[derive(Debug, Default)]
pub struct Baseline {
    pub entries: Vec<Entry>,
}

/// What a key's baseline entry does to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Judgement {
    /// No entry: reported.
    NotListed,
    /// Listed and in force: left out of the report.
    Suppressed,
    /// Listed, but the entry expired on this day: reported.
    Expired(NaiveDate),
    /// Listed, but the key is active: reported all the same.
    Active,
}

impl Baseline {
    /// Reads `path`; an unreadable or malformed file is an error naming it (a baseline that
    /// silently suppressed nothing, or everything, would be worse).
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
        Self::parse(&text).map_err(|e| format!("the baseline {}: {e}", path.display()))
    }

    /// Parses a baseline's text.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut entries = file.ignore;
        for entry in &mut entries {
            let fingerprint = &entry.fingerprint;
            if fingerprint.len() != 64 || !fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(format!(
                    "{fingerprint:?} is not a fingerprint (64 hex digits, as scan prints)"
                ));
            }
            entry.fingerprint = fingerprint.to_ascii_lowercase();
            entry.expires_on = entry.expires.as_ref().map(date).transpose()?;
        }
        Ok(Baseline { entries })
    }

    /// Adds `other`'s entries (a baseline in each scanned root).
    pub fn extend(&mut self, other: Baseline) {
        self.entries.extend(other.entries);
    }

    /// What the baseline does to a key of this fingerprint and verdict, `now`.
    pub fn judge(&self, fingerprint: &str, verdict: Verdict, now: DateTime<Utc>) -> Judgement {
        let listed = self.entries.iter().filter(|e| e.fingerprint == fingerprint);
        let mut judgement = Judgement::NotListed;
        for entry in listed {
            judgement = match entry.expires_on {
                Some(day) if now.date_naive() >= day => Judgement::Expired(day),
                _ if verdict == Verdict::Active => return Judgement::Active,
                _ => return Judgement::Suppressed,
            };
        }
        judgement
    }

    /// The entries whose fingerprint is not among `found`.
    pub fn stale<'a>(&'a self, found: &HashSet<&str>) -> Vec<&'a Entry> {
        let stale = |e: &&Entry| !found.contains(e.fingerprint.as_str());
        self.entries.iter().filter(stale).collect()
    }
}

fn date(value: &toml::Value) -> Result<NaiveDate, String> {
    let text = match value {
        toml::Value::String(text) => text.clone(),
        toml::Value::Datetime(at) => at.to_string(),
        other => return Err(format!("expires = {}: not a date", other.type_str())),
    };
    let day = text.get(..10).unwrap_or(&text);
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map_err(|_| format!("expires = {text:?}: not a date such as 2026-12-31"))
}

/// A baseline listing `found` (fingerprint and a comment naming the key id and where it
/// is). A key `kept` already lists keeps its reason and expiry; the others get the
/// placeholder reason.
pub fn render(found: &[(String, String)], kept: &Baseline) -> String {
    let mut text = String::from(
        "# whylabs-keys baseline: keys accepted by fingerprint (SHA-256 of ID.SECRET).\n\
         # An entry suppresses an inactive or unknown key, never an active one.\n\
         # Give each a reason; `expires = 2026-12-31` makes it lapse.\n",
    );
    for (fingerprint, comment) in found {
        let entry = kept.entries.iter().find(|e| e.fingerprint == *fingerprint);
        let reason = entry.map_or(PLACEHOLDER_REASON, |e| e.reason.as_str());
        // JSON's string escapes are a subset of a TOML basic string's; TOML also wants DEL
        // escaped.
        let reason = serde_json::Value::from(reason)
            .to_string()
            .replace('\u{7f}', "\\u007f");
        let _ = write!(
            text,
            "\n# {comment}\n[[ignore]]\nfingerprint = \"{fingerprint}\"\nreason = {reason}\n"
        );
        if let Some(day) = entry.and_then(|e| e.expires_on) {
            let _ = writeln!(text, "expires = {day}");
        }
    }
    text
}

#[cfg(test)]
#[path = "baseline_tests.rs"]
mod tests;
