//! `scan PATH...`, `scan --git`, `scan --staged`: leaked-key response. Reports each
//! key-shaped string's file, line (and commit, for history) and key id, never the secret,
//! with its verdict (`active`, `inactive`, `unknown`); with an API key looks each id up, and
//! with `--revoke` revokes the active ones after confirmation. A baseline leaves out accepted
//! keys, never active ones. Exit 1 when a key is `active` or `unknown`, 2 when a path could
//! not be read (the scan is incomplete), so it can gate CI.

use std::collections::BTreeMap;

use whylabs_api_keys::escape_controls;

use crate::api::{Session, Verifier};
use crate::args::ScanArgs;
use crate::error::{CliError, CliResult, Status};
use crate::output::{Format, Out, note};
use crate::scan::Hit;

mod baselined;
mod found;
mod lookup;
mod revoke;
mod sarif;
mod source;
mod summary;
mod verify;

use found::Found;
use lookup::{Lookup, Lookups};
use revoke::{Checked, Revoke};
use summary::{Context, summarize};

/// Runs `scan`; `verifier` asks about each key with itself (`--verify`).
pub async fn run(
    args: &ScanArgs,
    session: Option<&Session>,
    verifier: Option<Verifier>,
    out: &Out,
) -> CliResult<Status> {
    if args.revoke && session.is_none() {
        return Err(CliError::usage(
            "--revoke needs an API key: set WHYLABS_API_KEY or pass --api-key-file",
        ));
    }
    if args.paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(CliError::usage("stdin (-) can be scanned once"));
    }
    let source = source::read(args)?;
    let scanned = &source.scanned;
    for warning in &scanned.warnings {
        note(format!("warning: {}", escape_controls(warning)));
    }
    for path in &scanned.unreadable {
        note(format!(
            "whylabs-keys: cannot read {}",
            escape_controls(path)
        ));
    }
    let baseline = baselined::load(args.baseline.as_deref(), &source.roots)?;
    let mut checked = match &verifier {
        Some(verifier) => verify::verify_all(&scanned.hits, verifier).await,
        None => check(&scanned.hits, session).await,
    };
    if let (true, Some(session)) = (args.revoke, session) {
        revoke::revoke_live(&mut checked, args.yes, session, out).await?;
    }
    let rows: Vec<Found> = scanned.hits.iter().map(|hit| row(hit, &checked)).collect();
    if let Some(path) = &args.write_baseline {
        let written = baselined::write(path, &rows, &baseline)?;
        note(format!(
            "Wrote {written} key(s) to the baseline {}; give each a reason.",
            path.display()
        ));
    }
    let now = session.map_or_else(chrono::Utc::now, |s| s.clock.now());
    let applied = baselined::apply(&baseline, rows, now);
    for warning in &applied.warnings {
        note(format!("warning: {}", escape_controls(warning)));
    }
    let rows = applied.rows;
    if out.format == Format::Sarif {
        sarif::write(&mut std::io::stdout().lock(), &rows, &applied.warnings)?;
    } else {
        out.records(&rows, now)?;
    }
    let context = Context {
        scanned,
        checked: &checked,
        looked_up: session.is_some() || verifier.is_some(),
        unit: source.unit,
        baselined: applied.suppressed,
    };
    summarize(&rows, &context, out)?;
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
        commit: hit.commit.clone(),
        key_id: hit.key_id.clone(),
        org_id: lookup.org_id.clone().or_else(|| hit.org_id.clone()),
        fingerprint: hit.fingerprint.clone(),
        status: lookup.verdict,
        user_id: lookup.user_id.clone(),
        revoke: revoke.map(Revoke::as_str),
        error: lookup.error.clone(),
    }
}
