//! Argument groups several commands share: where a new secret goes, a new key's expiry, and
//! date parsing.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, TimeDelta, Utc};
use clap::Args;
use whylabs_api_keys::rules;

use crate::api::KeyExpiry;
use crate::error::{CliError, CliResult};

/// Where a new key's secret goes: a file created with mode 0600, or stdout alone.
#[derive(Debug, Clone, Args)]
#[group(required = true, multiple = false)]
pub struct SecretSink {
    /// Write the secret to this file (mode 0600; written to a temporary file in the same
    /// directory, then renamed into place). `-` means stdout, as --print-secret.
    #[arg(long, value_name = "PATH")]
    pub secret_file: Option<PathBuf>,

    /// Print the secret alone on stdout (everything else goes to stderr).
    #[arg(long)]
    pub print_secret: bool,
}

impl SecretSink {
    /// The secret file, unless the secret goes to stdout (`--print-secret`, `--secret-file -`).
    pub fn file(&self) -> Option<&Path> {
        self.secret_file
            .as_deref()
            .filter(|path| path.as_os_str() != "-")
    }

    /// Whether the secret goes alone to stdout.
    pub fn to_stdout(&self) -> bool {
        self.print_secret || self.secret_file.as_deref() == Some(Path::new("-"))
    }
}

/// A new key's expiry: a lifetime or an instant; none means the key never expires (audit
/// flags such keys). Handed as given to the API layer ([`Expiry::requested`]), after
/// [`Expiry::check`] has refused what the server or this tool's output cannot take.
#[derive(Debug, Clone, Args)]
#[group(multiple = false)]
pub struct Expiry {
    /// Lifetime of the new key, more than 60s, e.g. 90d, 12h.
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub expires_in: Option<Duration>,

    /// Expiry of the new key, more than 60 s ahead: 2025-12-31 (midnight UTC) or
    /// 2025-12-31T18:00:00Z.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub expires_at: Option<DateTime<Utc>>,
}

/// The last year an RFC 3339 date (four digits) can hold: the output prints expiries so.
const LAST_YEAR: i32 = 9999;

impl Expiry {
    /// Refuses, as a usage error, an expiry that would not be the one asked for: one that
    /// cannot be represented (it would otherwise read as "never expires"), one past year 9999
    /// (not printable as RFC 3339), or one not more than 60 s after `now` (the server's
    /// clock in the demo, whose emulator runs ahead).
    pub fn check(&self, now: DateTime<Utc>) -> CliResult<()> {
        let (asked, at) = match (self.expires_in, self.expires_at) {
            (Some(lifetime), _) => {
                let asked = format!("--expires-in {}", crate::human::span(lifetime));
                let at = TimeDelta::from_std(lifetime)
                    .ok()
                    .and_then(|lifetime| now.checked_add_signed(lifetime));
                (asked, at)
            }
            (None, Some(at)) => (format!("--expires-at {}", at.to_rfc3339()), Some(at)),
            (None, None) => return Ok(()),
        };
        match at {
            Some(at) if at.year() > LAST_YEAR => Err(CliError::usage(format!(
                "{asked}: the key would expire after the year {LAST_YEAR}, which no RFC 3339 \
                 date holds; ask for less"
            ))),
            None => Err(CliError::usage(format!(
                "{asked}: the key would expire beyond any date this tool can represent; ask \
                 for less"
            ))),
            // The server's rule, as the library defines it.
            Some(at) if !rules::accepts_expiration(at, now) => Err(CliError::usage(format!(
                "{asked}: a key must expire more than {} s from now ({}); the server refuses \
                 anything sooner",
                rules::MIN_EXPIRATION_AHEAD.as_secs(),
                now.to_rfc3339_opts(SecondsFormat::Secs, true)
            ))),
            Some(_) => Ok(()),
        }
    }

    /// The expiry asked for, as the API layer takes it.
    pub fn requested(&self) -> KeyExpiry {
        match (self.expires_in, self.expires_at) {
            (Some(lifetime), _) => KeyExpiry::In(lifetime),
            (None, Some(at)) => KeyExpiry::At(at),
            (None, None) => KeyExpiry::NotAsked,
        }
    }
}

/// A date (`2025-12-31`, midnight UTC) or an RFC 3339 instant, up to the year 9999.
pub fn parse_date(text: &str) -> Result<DateTime<Utc>, String> {
    let at = if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        at.with_timezone(&Utc)
    } else {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .and_then(|day| day.and_hms_opt(0, 0, 0))
            .map(|at| at.and_utc())
            .ok_or_else(|| format!("{text:?} is neither YYYY-MM-DD nor an RFC 3339 time"))?
    };
    if at.year() > LAST_YEAR {
        return Err(format!(
            "{text:?} lies after the year {LAST_YEAR}, which no RFC 3339 date holds"
        ));
    }
    Ok(at)
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
        assert!(parse_date("+10000-01-01").is_err());
        assert!(parse_date("9999-12-31").is_ok());
    }

    fn expiry(expires_in: Option<&str>, expires_at: Option<&str>) -> Expiry {
        Expiry {
            expires_in: expires_in.map(|text| humantime::parse_duration(text).unwrap()),
            expires_at: expires_at.map(|text| parse_date(text).unwrap()),
        }
    }

    #[test]
    fn expiries_the_server_or_the_output_cannot_take_are_usage_errors() {
        let now = parse_date("2026-01-01T00:00:00Z").unwrap();
        for refused in [
            expiry(Some("300000y"), None),
            expiry(Some("100000000y"), None),
            expiry(Some("18446744073709551615s"), None),
            expiry(Some("8000y"), None),
            expiry(Some("59s"), None),
            expiry(Some("60s"), None),
            expiry(None, Some("2025-12-31")),
            expiry(None, Some("2026-01-01T00:01:00Z")),
        ] {
            let error = refused.check(now).unwrap_err();
            assert!(matches!(error, CliError::Usage(_)), "{refused:?}");
        }
        for accepted in [
            expiry(None, None),
            expiry(Some("61s"), None),
            expiry(Some("90d"), None),
            expiry(None, Some("9999-12-31")),
        ] {
            assert!(accepted.check(now).is_ok(), "{accepted:?}");
        }
    }

    #[test]
    fn the_expiry_asked_for_goes_to_the_api_as_given() {
        let at = parse_date("2030-01-02").unwrap();
        assert_eq!(expiry(None, None).requested(), KeyExpiry::NotAsked);
        assert_eq!(
            expiry(Some("90d"), None).requested(),
            KeyExpiry::In(Duration::from_secs(90 * 86_400))
        );
        assert_eq!(
            expiry(None, Some("2030-01-02")).requested(),
            KeyExpiry::At(at)
        );
    }

    #[test]
    fn a_dash_or_print_secret_sends_the_secret_to_stdout() {
        let sink = |file: Option<&str>, print_secret| SecretSink {
            secret_file: file.map(PathBuf::from),
            print_secret,
        };
        assert_eq!(sink(Some("k.txt"), false).file(), Some(Path::new("k.txt")));
        assert!(!sink(Some("k.txt"), false).to_stdout());
        for stdout in [sink(Some("-"), false), sink(None, true)] {
            assert_eq!(stdout.file(), None);
            assert!(stdout.to_stdout());
        }
    }
}
