//! What `scan` says under its report: the counts, what was skipped or left out by the
//! baseline, and how to retry failed revokes: on stdout under a table, on stderr otherwise.

use whylabs_api_keys::escape_controls;

use crate::error::CliResult;
use crate::output::Out;
use crate::scan::{BINARY_LIMIT, Scanned, Verdict};

use super::found::Found;
use super::revoke::{self, Checked};

/// What the summary needs besides the rows: the scan, the lookups, and how it went.
pub struct Context<'a> {
    pub scanned: &'a Scanned,
    pub checked: &'a Checked,
    pub looked_up: bool,
    /// `file` or `blob` (git), as the count names what was read.
    pub unit: &'a str,
    /// Keys left out because the baseline lists them.
    pub baselined: usize,
}

/// The counts, what was skipped, and how to retry failed revokes: on stdout under a table,
/// on stderr with JSON or CSV.
pub fn summarize(rows: &[Found], context: &Context, out: &Out) -> CliResult<()> {
    let Context {
        scanned,
        checked,
        looked_up,
        unit,
        baselined,
    } = context;
    let count = |verdict| rows.iter().filter(|r| r.status == verdict).count();
    out.say(format!(
        "Scanned {} {unit}(s), {} bytes: {} key(s) found: {} active, {} unknown, {} inactive.",
        scanned.files,
        scanned.bytes,
        rows.len(),
        count(Verdict::Active),
        count(Verdict::Unknown),
        count(Verdict::Inactive),
    ))?;
    if *baselined > 0 {
        out.say(format!(
            "{baselined} key(s) left out: the baseline accepts them."
        ))?;
    }
    if scanned.skipped_binary > 0 {
        out.say(format!(
            "{} binary file(s) over {} MiB skipped.",
            scanned.skipped_binary,
            BINARY_LIMIT >> 20
        ))?;
    }
    if let Some(skipped) = skipped(scanned) {
        out.say(skipped)?;
    }
    if !*looked_up && !rows.is_empty() {
        out.say("No API key configured: keys were not looked up, so each is unknown.")?;
    }
    let retries = revoke::retry_commands(checked);
    if !retries.is_empty() {
        out.say(format!(
            "{} revoke(s) failed; those keys are still active. Retry with:",
            retries.len()
        ))?;
        for command in retries {
            out.say(format!("  {}", escape_controls(&command)))?;
        }
    }
    Ok(())
}

/// "N files skipped (...)", with the directories left out whole when there are some.
fn skipped(scanned: &Scanned) -> Option<String> {
    let files = plural(scanned.skipped_files, "file", "files");
    let dirs = plural(scanned.skipped_dirs, "directory", "directories");
    let what = match (scanned.skipped_files, scanned.skipped_dirs) {
        (0, 0) => return None,
        (_, 0) => files,
        (0, _) => dirs,
        _ => format!("{files} and {dirs}"),
    };
    Some(format!(
        "{what} skipped (hidden or ignored; --no-ignore to include)"
    ))
}

fn plural(count: u64, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}
