//! The plan of `rotate --plan rotations.toml`: which keys to rotate (by id, or by organization,
//! user and alias, which survives rotations), with their sinks, check, overlap, maximum age and
//! new lifetime; `[defaults]` fill what an entry leaves out.
//!
//! ```toml
//! [defaults]
//! max_age = "90d"
//! expires_in = "90d"
//!
//! [[key]]
//! org = "org-123"
//! user = "svc-ingest"
//! alias = "ingest"
//! deliver = ["dotenv:/srv/ingest/.env"]
//! check = "/srv/ingest/smoke-test"
//! overlap = "1h"
//!
//! [[key]]
//! id = "fh4dUNV3WQ"
//! deliver = ["file:/etc/nightly/whylabs.key"]
//! ```

use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use crate::deliver::SinkSpec;
use crate::error::{CliError, CliResult};

/// One `[[key]]` (or `[defaults]`) as written.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    id: Option<String>,
    org: Option<String>,
    user: Option<String>,
    alias: Option<String>,
    deliver: Option<Vec<String>>,
    check: Option<String>,
    check_timeout: Option<String>,
    overlap: Option<String>,
    max_age: Option<String>,
    expires_in: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    defaults: Written,
    #[serde(default)]
    key: Vec<Written>,
}

/// Which key an entry names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Id(String),
    Alias { user: String, alias: String },
}

/// One key of the plan, read and checked.
#[derive(Clone, Debug)]
pub struct Entry {
    pub org: Option<String>,
    pub target: Target,
    pub sinks: Vec<SinkSpec>,
    pub check: Option<String>,
    pub check_timeout: Option<Duration>,
    pub overlap: Option<Duration>,
    pub max_age: Option<Duration>,
    pub expires_in: Option<Duration>,
}

impl Entry {
    /// How the entry names its key, for the summary line (`org` when it names none).
    pub fn name(&self, org: Option<&str>) -> String {
        let org = self.org.as_deref().or(org).unwrap_or("-");
        match &self.target {
            Target::Id(id) => id.clone(),
            Target::Alias { user, alias } => format!("{org}/{user}/{alias}"),
        }
    }
}

/// Reads the plan at `path`; any mistake is a usage error naming the entry.
pub fn read(path: &Path) -> CliResult<Vec<Entry>> {
    let bad = |why: String| CliError::usage(format!("plan {}: {why}", path.display()));
    let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
    let file: File = toml::from_str(&text).map_err(|e| bad(e.to_string()))?;
    if file.key.is_empty() {
        return Err(bad("it names no [[key]]".to_string()));
    }
    file.key
        .iter()
        .enumerate()
        .map(|(i, key)| {
            entry(key, &file.defaults).map_err(|why| bad(format!("key {}: {why}", i + 1)))
        })
        .collect()
}

fn entry(key: &Written, defaults: &Written) -> Result<Entry, String> {
    let or = |mine: &Option<String>, default: &Option<String>| mine.clone().or(default.clone());
    let duration = |name: &str, text: Option<String>| -> Result<Option<Duration>, String> {
        text.map(|t| humantime::parse_duration(&t).map_err(|e| format!("{name} {t:?}: {e}")))
            .transpose()
    };
    let target = match (&key.id, &key.user, &key.alias) {
        (Some(id), None, None) => Target::Id(id.clone()),
        (None, Some(user), Some(alias)) => Target::Alias {
            user: user.clone(),
            alias: alias.clone(),
        },
        _ => return Err("name the key by id, or by user and alias (not both)".to_string()),
    };
    let written = key
        .deliver
        .clone()
        .or(defaults.deliver.clone())
        .unwrap_or_default();
    if written.is_empty() {
        return Err("deliver names no sink".to_string());
    }
    let sinks = written
        .iter()
        .map(|sink| SinkSpec::parse(sink))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Entry {
        org: or(&key.org, &defaults.org),
        target,
        sinks,
        check: or(&key.check, &defaults.check),
        check_timeout: duration(
            "check_timeout",
            or(&key.check_timeout, &defaults.check_timeout),
        )?,
        overlap: duration("overlap", or(&key.overlap, &defaults.overlap))?,
        max_age: duration("max_age", or(&key.max_age, &defaults.max_age))?,
        expires_in: duration("expires_in", or(&key.expires_in, &defaults.expires_in))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Entry>, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        file.key.iter().map(|k| entry(k, &file.defaults)).collect()
    }

    #[test]
    fn defaults_fill_what_an_entry_leaves_out() {
        let plan = parse(
            "[defaults]\nmax_age = \"90d\"\ndeliver = [\"file:k\"]\n\
             [[key]]\nid = \"A\"\n[[key]]\nuser = \"u\"\nalias = \"a\"\nmax_age = \"1d\"\n",
        )
        .unwrap();
        assert_eq!(plan[0].target, Target::Id("A".into()));
        assert_eq!(plan[0].max_age, Some(Duration::from_secs(90 * 86_400)));
        assert_eq!(plan[1].max_age, Some(Duration::from_secs(86_400)));
        assert_eq!(plan[1].sinks, [SinkSpec::File("k".into())]);
    }

    #[test]
    fn mistakes_are_refused() {
        for bad in [
            "[[key]]\nid = \"A\"\n",
            "[[key]]\nid = \"A\"\nuser = \"u\"\nalias = \"a\"\ndeliver = [\"file:k\"]\n",
            "[[key]]\nid = \"A\"\ndeliver = [\"nope:k\"]\n",
            "[[key]]\nid = \"A\"\ndeliver = [\"file:k\"]\nmax_age = \"soon\"\n",
            "[[key]]\nid = \"A\"\ndeliver = [\"file:k\"]\ncolour = \"red\"\n",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
