//! `scan PATH...`: leaked-key response. Reports each key-shaped string's file, line and key
//! id (never the secret) with its verdict (`active`, `inactive`, `unknown`); with an API key
//! looks each id up, and with `--revoke` revokes the active ones after confirmation. Exit 1
//! when a key is `active` or `unknown`, 2 when a path could not be read (the scan is
//! incomplete), so it can gate CI.

use std::collections::BTreeMap;

use comfy_table::{Cell, Color};
use serde::Serialize;
use whylabs_api_keys::escape_controls;

use crate::api::Session;
use crate::args::ScanArgs;
use crate::error::{CliError, CliResult, Status};
use crate::output::{Out, Record, Style, note};
use crate::scan::{Hit, Scanned, Verdict, scan};

mod lookup;
mod revoke;

use lookup::{Lookup, Lookups};
use revoke::{Checked, Revoke};

/// One key found. Fields: path line key_id org_id status user_id revoke error.
#[derive(Serialize)]
struct Found {
    path: String,
    line: u64,
    key_id: String,
    org_id: Option<String>,
    status: Verdict,
    user_id: Option<String>,
    /// What `--revoke` did: `revoked`, `not-found`, `failed`; `None` when not attempted.
    revoke: Option<&'static str>,
    /// Why the status is `unknown` or the revoke failed.
    error: Option<String>,
}

impl Record for Found {
    const FIELDS: &'static [&'static str] = &[
        "path", "line", "key_id", "org_id", "status", "user_id", "revoke", "error",
    ];
    const HEADER: &'static [&'static str] = &[
        "FILE", "LINE", "KEY ID", "ORG", "STATUS", "USER", "REVOKE", "ERROR",
    ];

    fn cells(&self, style: &Style) -> Vec<Cell> {
        let color = if self.status.may_be_live() {
            Color::Red
        } else {
            Color::Green
        };
        let or_dash = |text: Option<&str>| Cell::new(text.unwrap_or("-"));
        vec![
            Cell::new(&self.path),
            Cell::new(self.line),
            Cell::new(&self.key_id),
            or_dash(self.org_id.as_deref()),
            style.paint(Cell::new(self.status.as_str()), color),
            or_dash(self.user_id.as_deref()),
            or_dash(self.revoke),
            Cell::new(self.error.as_deref().unwrap_or("")),
        ]
    }
}

pub async fn run(args: &ScanArgs, session: Option<&Session>, out: &Out) -> CliResult<Status> {
    if args.revoke && session.is_none() {
        return Err(CliError::usage(
            "--revoke needs an API key: set WHYLABS_API_KEY or pass --api-key-file",
        ));
    }
    if args.paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(CliError::usage("stdin (-) can be scanned once"));
    }
    let scanned = scan(&args.paths, args.no_ignore);
    for warning in &scanned.warnings {
        note(format!("warning: {}", escape_controls(warning)));
    }
    for path in &scanned.unreadable {
        note(format!(
            "whylabs-keys: cannot read {}",
            escape_controls(path)
        ));
    }
    let mut checked = check(&scanned.hits, session).await;
    if let (true, Some(session)) = (args.revoke, session) {
        revoke::revoke_live(&mut checked, args.yes, session, out).await?;
    }
    let rows: Vec<Found> = scanned.hits.iter().map(|hit| row(hit, &checked)).collect();
    let now = session.map_or_else(chrono::Utc::now, |s| s.clock.now());
    out.records(&rows, now)?;
    summarize(&scanned, &rows, &checked, session.is_some(), out)?;
    if !scanned.unreadable.is_empty() {
        return Err(CliError::usage(format!(
            "the scan is incomplete: {} path(s) could not be read",
            scanned.unreadable.len()
        )));
    }
    Ok(if rows.iter().any(|r| r.status.may_be_live()) {
        Status::Findings
    } else {
        Status::Success
    })
}

/// Looks each distinct key up once; every key is `unknown` without an API key.
async fn check(hits: &[Hit], session: Option<&Session>) -> Checked {
    let mut lookups = session.map(Lookups::new);
    let mut checked = BTreeMap::new();
    for hit in hits {
        let key = (hit.key_id.clone(), hit.org_id.clone());
        if checked.contains_key(&key) {
            continue;
        }
        let lookup = match lookups.as_mut() {
            Some(lookups) => lookups.lookup(hit).await,
            None => Lookup::unknown(hit.org_id.clone(), "no API key to check with"),
        };
        checked.insert(key, (lookup, None));
    }
    checked
}

fn row(hit: &Hit, checked: &Checked) -> Found {
    let (lookup, revoke) = &checked[&(hit.key_id.clone(), hit.org_id.clone())];
    Found {
        path: hit.path.display().to_string(),
        line: hit.line,
        key_id: hit.key_id.clone(),
        org_id: lookup.org_id.clone().or_else(|| hit.org_id.clone()),
        status: lookup.verdict,
        user_id: lookup.user_id.clone(),
        revoke: revoke.map(Revoke::as_str),
        error: lookup.error.clone(),
    }
}

/// The counts, what was skipped, and how to retry failed revokes: on stdout under a table,
/// on stderr with JSON or CSV.
fn summarize(
    scanned: &Scanned,
    rows: &[Found],
    checked: &Checked,
    looked_up: bool,
    out: &Out,
) -> CliResult<()> {
    let count = |verdict| rows.iter().filter(|r| r.status == verdict).count();
    out.say(format!(
        "Scanned {} file(s), {} bytes: {} key(s) found: {} active, {} unknown, {} inactive.",
        scanned.files,
        scanned.bytes,
        rows.len(),
        count(Verdict::Active),
        count(Verdict::Unknown),
        count(Verdict::Inactive),
    ))?;
    if let Some(skipped) = skipped(scanned) {
        out.say(skipped)?;
    }
    if !looked_up && !rows.is_empty() {
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
