//! Argument groups several commands share: where a new secret goes, a new key's expiry, and
//! date parsing.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use clap::Args;

/// Where a new key's secret goes: a file created with mode 0600, or stdout alone.
#[derive(Debug, Clone, Args)]
#[group(required = true, multiple = false)]
pub struct SecretSink {
    /// Write the secret to this file, created with mode 0600 (checked before the key is made).
    #[arg(long, value_name = "PATH")]
    pub secret_file: Option<PathBuf>,

    /// Print the secret alone on stdout (everything else goes to stderr).
    #[arg(long)]
    pub print_secret: bool,
}

/// A new key's expiry: a lifetime or an instant; none means the key never expires (audit
/// flags such keys).
#[derive(Debug, Clone, Args)]
#[group(multiple = false)]
pub struct Expiry {
    /// Lifetime of the new key, e.g. 90d, 12h.
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub expires_in: Option<Duration>,

    /// Expiry of the new key: 2025-12-31 (midnight UTC) or 2025-12-31T18:00:00Z.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub expires_at: Option<DateTime<Utc>>,
}

impl Expiry {
    /// The instant the new key expires, lifetimes counted from `now` (the server's clock in
    /// the demo, whose emulator runs ahead).
    pub fn at(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let lifetime = self
            .expires_in
            .and_then(|d| chrono::TimeDelta::from_std(d).ok());
        self.expires_at
            .or_else(|| lifetime.and_then(|d| now.checked_add_signed(d)))
    }
}

/// A date (`2025-12-31`, midnight UTC) or an RFC 3339 instant.
pub fn parse_date(text: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map(|at| at.and_utc())
        .ok_or_else(|| format!("{text:?} is neither YYYY-MM-DD nor an RFC 3339 time"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_instants_parse() {
        assert_eq!(
            parse_date("2030-01-02").unwrap().to_rfc3339(),
            "2030-01-02T00:00:00+00:00"
        );
        assert_eq!(
            parse_date("2030-01-02T03:04:05+01:00")
                .unwrap()
                .to_rfc3339(),
            "2030-01-02T02:04:05+00:00"
        );
        assert!(parse_date("tomorrow").is_err());
    }
}
