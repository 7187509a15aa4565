//! Applying a baseline to the keys found, and writing one (`--write-baseline`). The baseline
//! is `--baseline FILE`, or else `.whylabs-keys-ignore.toml` in each scanned root that has
//! one. What it changes is said: an expired entry, an active key it lists (still reported),
//! and each entry that matched nothing (stale).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use whylabs_api_keys::escape_controls;

use crate::error::{CliError, CliResult};
use crate::scan::baseline::{FILE_NAME, render};
use crate::scan::{Baseline, Judgement};

use super::found::Found;

/// The baseline in force: `--baseline FILE`, or the default file of each root.
pub fn load(file: Option<&Path>, roots: &[PathBuf]) -> CliResult<Baseline> {
    if let Some(file) = file {
        return Baseline::load(file).map_err(CliError::usage);
    }
    let mut baseline = Baseline::default();
    for root in roots {
        let path = root.join(FILE_NAME);
        if path.is_file() {
            baseline.extend(Baseline::load(&path).map_err(CliError::usage)?);
        }
    }
    Ok(baseline)
}

/// What applying a baseline left: the rows to report, how many it left out, and what to
/// warn about.
pub struct Applied {
    pub rows: Vec<Found>,
    pub suppressed: usize,
    pub warnings: Vec<String>,
}

/// Leaves out the rows the baseline suppresses; warns of expired entries, listed active
/// keys and stale entries.
pub fn apply(baseline: &Baseline, rows: Vec<Found>, now: DateTime<Utc>) -> Applied {
    let mut applied = Applied {
        rows: Vec::new(),
        suppressed: 0,
        warnings: Vec::new(),
    };
    let found: HashSet<&str> = rows.iter().map(|r| r.fingerprint.as_str()).collect();
    // One warning per key, however many places hold it.
    let mut said = BTreeMap::new();
    for entry in baseline.stale(&found) {
        applied.warnings.push(format!(
            "stale baseline entry {} ({}): no key found has this fingerprint",
            entry.fingerprint, entry.reason
        ));
    }
    let mut kept = Vec::new();
    for row in rows {
        let judgement = baseline.judge(&row.fingerprint, row.status, now);
        let warning = match &judgement {
            Judgement::NotListed => None,
            Judgement::Suppressed => {
                applied.suppressed += 1;
                continue;
            }
            Judgement::Expired(day) => Some(format!(
                "the baseline entry for key {} expired on {day}: it is reported again",
                row.key_id
            )),
            Judgement::Active => Some(format!(
                "key {} is in the baseline but active: it is reported until it is revoked",
                row.key_id
            )),
        };
        if let Some(warning) = warning {
            said.entry(row.fingerprint.clone()).or_insert(warning);
        }
        kept.push(row);
    }
    applied.warnings.extend(said.into_values());
    applied.rows = kept;
    applied
}

/// Writes a baseline listing each distinct key of `rows` to `path`, keeping the reasons and
/// expiries `kept` (the baseline in force) gives them.
pub fn write(path: &Path, rows: &[Found], kept: &Baseline) -> CliResult<usize> {
    let mut keys = BTreeMap::new();
    for row in rows {
        // A path may hold a newline, which would end the comment.
        let comment = format!("key {} at {}:{}", row.key_id, row.path, row.line);
        keys.entry(row.fingerprint.clone())
            .or_insert_with(|| escape_controls(&comment).into_owned());
    }
    let keys: Vec<(String, String)> = keys.into_iter().collect();
    std::fs::write(path, render(&keys, kept)).map_err(|e| {
        CliError::failed(format!("cannot write the baseline {}: {e}", path.display()))
    })?;
    Ok(keys.len())
}
