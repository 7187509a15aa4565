//! Argument groups several commands share: where a new secret goes, a new key's expiry, and
//! date parsing.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, TimeDelta, Utc};
use clap::Args;
use whylabs_api_keys::rules;

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

/// A new key's expiry: a lifetime or an instant; none means the key never expires (audit
/// flags such keys). Handed as given to the library's builders ([`Expiry::apply`]), after
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

/// A request builder that takes an expiry (create, generate, rotate).
pub trait Expires: Sized {
    fn expires_at(self, at: DateTime<Utc>) -> Self;
    fn expires_in(self, lifetime: Duration) -> Self;
}

macro_rules! expires {
    ($($builder:ty),*) => {$(
        impl Expires for $builder {
            fn expires_at(self, at: DateTime<Utc>) -> Self {
                <$builder>::expires_at(self, at)
            }

            fn expires_in(self, lifetime: Duration) -> Self {
                <$builder>::expires_in(self, lifetime)
            }
        }
    )*};
}

expires!(
    whylabs_api_keys::CreateKey,
    whylabs_api_keys::GenerateKey,
    whylabs_api_keys::RotateKey
);

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

    /// Sets the expiry asked for, as given, on `request`.
    pub fn apply<R: Expires>(&self, request: R) -> R {
        match (self.expires_in, self.expires_at) {
            (Some(lifetime), _) => request.expires_in(lifetime),
            (None, Some(at)) => request.expires_at(at),
            (None, None) => request,
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
}
