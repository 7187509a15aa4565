//! `scan PATH...`: leaked-key response. Reports each key-shaped string's file, line and key
//! id (never the secret); with an API key looks each id up, and with `--revoke` revokes the
//! live ones after confirmation. Exit 1 when a live key (or, without lookups, any key) is
//! found, so it can gate CI.

use std::collections::BTreeMap;

use comfy_table::{Cell, Color};
use serde::Serialize;

use crate::api::Session;
use crate::args::ScanArgs;
use crate::confirm::confirm;
use crate::error::{CliError, CliResult, Status};
use crate::output::{Out, Record, Style, note};
use crate::scan::{Hit, scan};

mod lookup;

use lookup::Lookup;

/// One key found. Fields: path line key_id org_id status user_id.
#[derive(Serialize)]
struct Found {
    path: String,
    line: u64,
    key_id: String,
    org_id: Option<String>,
    /// `active`, `inactive` (revoked, expired or unknown to the server), `unchecked` (no
    /// lookup was possible) or `revoked` (by this run).
    status: &'static str,
    user_id: Option<String>,
}

impl Record for Found {
    const FIELDS: &'static [&'static str] =
        &["path", "line", "key_id", "org_id", "status", "user_id"];
    const HEADER: &'static [&'static str] = &["FILE", "LINE", "KEY ID", "ORG", "STATUS", "USER"];

    fn cells(&self, style: &Style) -> Vec<Cell> {
        let color = match self.status {
            "active" | "unchecked" => Color::Red,
            _ => Color::Green,
        };
        vec![
            Cell::new(&self.path),
            Cell::new(self.line),
            Cell::new(&self.key_id),
            Cell::new(self.org_id.as_deref().unwrap_or("-")),
            style.paint(Cell::new(self.status), color),
            Cell::new(self.user_id.as_deref().unwrap_or("-")),
        ]
    }
}

pub async fn run(args: &ScanArgs, session: Option<&Session>, out: &Out) -> CliResult<Status> {
    if args.revoke && session.is_none() {
        return Err(CliError::usage(
            "--revoke needs an API key: set WHYLABS_API_KEY or pass --api-key-file",
        ));
    }
    let scanned = scan(&args.paths, args.no_ignore);
    for error in &scanned.errors {
        note(format!("warning: {error}"));
    }
    let mut lookups: BTreeMap<String, Lookup> = BTreeMap::new();
    if let Some(session) = session {
        for hit in &scanned.hits {
            if !lookups.contains_key(&hit.key_id) {
                let found = lookup::lookup(hit, session).await?;
                lookups.insert(hit.key_id.clone(), found);
            }
        }
    }
    if args.revoke {
        let session = session.expect("checked above");
        revoke_live(&mut lookups, args.yes, session, out).await?;
    }
    let rows: Vec<Found> = scanned
        .hits
        .iter()
        .map(|hit| row(hit, lookups.get(&hit.key_id)))
        .collect();
    let now = session.map_or_else(chrono::Utc::now, |s| s.clock.now());
    out.records(&rows, now)?;
    let live = rows
        .iter()
        .filter(|r| matches!(r.status, "active" | "unchecked"))
        .count();
    out.say(format!(
        "Scanned {} file(s), {} bytes: {} key(s) found, {live} live or unchecked.",
        scanned.files,
        scanned.bytes,
        rows.len()
    ))?;
    if session.is_none() && !rows.is_empty() {
        out.say("No API key configured: keys were not looked up, so each counts as live.")?;
    }
    Ok(if live > 0 {
        Status::Findings
    } else {
        Status::Success
    })
}

fn row(hit: &Hit, lookup: Option<&Lookup>) -> Found {
    let (status, user_id, org_id) = match lookup {
        Some(found) => (found.status, found.user_id.clone(), found.org_id.clone()),
        None => ("unchecked", None, hit.org_id.clone()),
    };
    Found {
        path: hit.path.display().to_string(),
        line: hit.line,
        key_id: hit.key_id.clone(),
        org_id: org_id.or_else(|| hit.org_id.clone()),
        status,
        user_id,
    }
}

/// Revokes the active keys found, after one confirmation for all of them.
async fn revoke_live(
    lookups: &mut BTreeMap<String, Lookup>,
    yes: bool,
    session: &Session,
    out: &Out,
) -> CliResult<()> {
    let live: Vec<String> = lookups
        .iter()
        .filter(|(_, l)| l.status == "active")
        .map(|(id, _)| id.clone())
        .collect();
    if live.is_empty() {
        return Ok(());
    }
    if !confirm(
        &format!(
            "Revoke the {} live key(s) found: {}",
            live.len(),
            live.join(", ")
        ),
        yes,
    )? {
        out.say("Not confirmed: nothing was revoked.")?;
        return Ok(());
    }
    for id in live {
        let found = lookups.get_mut(&id).expect("listed from the map");
        let revoked = session
            .revoke(found.org_id.as_deref(), found.user_id.as_deref(), &id)
            .await?;
        // Not found any more: revoked meanwhile, which is the goal.
        found.status = if revoked.is_some() {
            "revoked"
        } else {
            "inactive"
        };
    }
    Ok(())
}
