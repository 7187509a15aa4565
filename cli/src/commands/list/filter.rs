//! `list`'s filters and order: `--status`/`--expired`, `--scope`, `--alias` (a glob) and
//! `--sort-by`. A filter or order the listing cannot honour is a usage error that says why,
//! never an empty or unsorted result that looks like an answer.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use regex::Regex;

use crate::args::ListArgs;
use crate::error::{CliError, CliResult};
use crate::records::{KeyRecord, KeyStatus, SortKey};

/// What a key must be to be listed; every part given must hold.
pub struct Filter<'a> {
    status: Option<KeyStatus>,
    scopes: &'a [String],
    alias: Option<Regex>,
}

impl<'a> Filter<'a> {
    /// The filter of `args`, refused before any call when it could never match: the server's
    /// list of an organization leaves revoked keys out.
    pub fn of(args: &'a ListArgs) -> CliResult<Self> {
        let status = args.status.or(args.expired.then_some(KeyStatus::Expired));
        if status == Some(KeyStatus::Revoked) && args.user.is_none() {
            return Err(CliError::usage(
                "--status revoked: an organization's list holds no revoked keys (the server \
                 leaves them out); add --user USER to list a user's keys, revoked ones included",
            ));
        }
        let alias = args.alias.as_deref().map(glob).transpose()?;
        Ok(Self {
            status,
            scopes: &args.scopes,
            alias,
        })
    }

    /// Whether any filter was given.
    pub fn is_set(&self) -> bool {
        self.status.is_some() || !self.scopes.is_empty() || self.alias.is_some()
    }

    pub fn keeps(&self, key: &KeyRecord) -> bool {
        self.status
            .is_none_or(|status| key.status == status.as_str())
            && self.scopes.iter().all(|scope| key.scopes.contains(scope))
            && self
                .alias
                .as_ref()
                .is_none_or(|glob| glob.is_match(key.alias.as_deref().unwrap_or_default()))
    }
}

/// A glob as an anchored regex: `*` any text, `?` one character, `[...]` (or `[!...]`) a
/// class; everything else literal.
fn glob(pattern: &str) -> CliResult<Regex> {
    let mut regex = String::from("^");
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' => regex.push_str(".*"),
            '?' => regex.push('.'),
            '[' => {
                regex.push('[');
                if chars.next_if_eq(&'!').is_some() {
                    regex.push('^');
                }
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                    // Inside a class only `\`, `[` and `&&`-style set syntax are special.
                    if matches!(c, '\\' | '[' | '&' | '~') {
                        regex.push('\\');
                    }
                    regex.push(c);
                }
                regex.push(']');
            }
            c => regex.push_str(&regex::escape(&c.to_string())),
        }
    }
    regex.push('$');
    Regex::new(&regex)
        .map_err(|_| CliError::usage(format!("--alias {pattern:?} is not a valid glob")))
}

/// Orders `keys` by `by`, oldest first, keys without that time last; refused when the
/// listing does not carry it (v1 metadata: no creation time, no last use; a user's list: no
/// last use).
pub fn sort(keys: &mut [KeyRecord], by: SortKey) -> CliResult<()> {
    let missing = match by {
        SortKey::Created => keys.iter().any(|k| k.created.is_none()),
        SortKey::LastUsed => keys.iter().any(|k| !k.usage_known),
        SortKey::Expires => false,
    };
    if missing {
        let (flag, why) = match by {
            SortKey::Created => ("created", "v1 key metadata has no creation time"),
            _ => (
                "last-used",
                "this listing has no last-use times (a user's list and v1 metadata leave them out)",
            ),
        };
        return Err(CliError::usage(format!("--sort-by {flag}: {why}")));
    }
    let time = |key: &KeyRecord| match by {
        SortKey::Created => key.created,
        SortKey::Expires => key.expires,
        SortKey::LastUsed => key.last_used,
    };
    keys.sort_by(|a, b| absent_last(time(a), time(b)));
    Ok(())
}

fn absent_last(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_whole_aliases() {
        let ci = glob("ci-*").unwrap();
        assert!(ci.is_match("ci-nightly") && !ci.is_match("my-ci-nightly"));
        assert!(glob("v?").unwrap().is_match("v2") && !glob("v?").unwrap().is_match("v10"));
        let class = glob("[!a-c]x").unwrap();
        assert!(class.is_match("dx") && !class.is_match("ax"));
        assert!(glob("a.b(c)+").unwrap().is_match("a.b(c)+"));
        assert!(!glob("a.b").unwrap().is_match("axb"));
        assert!(glob("[").is_err());
    }
}
