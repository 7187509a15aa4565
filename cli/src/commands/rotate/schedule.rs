//! `rotate --plan rotations.toml [--due] [--dry-run] --yes`: every key of the plan rotated as
//! `rotate KEY_ID --deliver ...` would be, `--concurrency` at a time, one summary line per key
//! in the plan's order; exit 1 when any did not complete. With `--due` only keys older than
//! their `max_age` (the audit's max-age rule) are rotated.

use chrono::TimeDelta;
use futures_util::{StreamExt, stream};
use whylabs_api_keys::ApiKey;

use super::job::{self, Spec};
use super::plan_file::{self, Entry, Target};
use crate::api::{KeyExpiry, Session};
use crate::args::RotateArgs;
use crate::confirm::confirm;
use crate::error::{CliError, CliResult, Status};
use crate::journal::Journal;
use crate::output::{Out, progress};

/// How one entry ended.
enum Ended {
    Rotated(String),
    Skipped(String),
    Failed(String),
}

pub async fn run(args: &RotateArgs, session: &Session, out: &Out) -> CliResult<Status> {
    let path = args.plan.as_deref().unwrap_or(std::path::Path::new(""));
    let entries = plan_file::read(path)?;
    if args.due && entries.iter().any(|e| e.max_age.is_none()) {
        return Err(CliError::usage(
            "--due rotates the keys older than their max_age: give every key (or [defaults]) \
             a max_age",
        ));
    }
    for entry in &entries {
        job::prepare(&entry.sinks).await?;
    }
    let journal = Journal::at(args.journal.as_deref()).map_err(CliError::usage)?;
    let action = format!("Rotate the {} key(s) of {}", entries.len(), path.display());
    if !args.dry_run && !confirm(&action, args.yes)? {
        out.say("Not confirmed: nothing was changed.")?;
        return Ok(Status::Findings);
    }
    let bar = progress::bar(entries.len(), "rotations ended");
    let ended: Vec<(String, Ended)> = stream::iter(&entries)
        .map(|entry| async {
            let name = entry.name(session.org_list().first().map(String::as_str));
            let end = one(entry, args, &journal, session).await;
            bar.inc(1);
            (name, end)
        })
        .buffered(args.concurrency.max(1))
        .collect()
        .await;
    bar.finish_and_clear();
    let mut failed = 0;
    for (name, end) in &ended {
        let line = match end {
            Ended::Rotated(summary) => format!("{name}: {summary}"),
            Ended::Skipped(why) => format!("{name}: skipped, {why}"),
            Ended::Failed(why) => {
                failed += 1;
                format!("{name}: FAILED: {why}")
            }
        };
        out.say(line)?;
    }
    if failed > 0 {
        return Err(CliError::failed(format!(
            "{failed} of {} rotation(s) did not complete (each is said above)",
            ended.len()
        )));
    }
    Ok(Status::Success)
}

async fn one(entry: &Entry, args: &RotateArgs, journal: &Journal, session: &Session) -> Ended {
    let old = match find(entry, session).await {
        Ok(old) => old,
        Err(why) => return Ended::Failed(why),
    };
    let age = session.clock.now() - old.creation_time;
    let max_age = entry.max_age.and_then(|d| TimeDelta::from_std(d).ok());
    if args.due && max_age.is_some_and(|max| age <= max) {
        return Ended::Skipped(format!(
            "not due ({} is {} days old)",
            old.key_id,
            age.num_days()
        ));
    }
    if args.dry_run {
        let sinks: Vec<String> = entry.sinks.iter().map(ToString::to_string).collect();
        return Ended::Skipped(format!(
            "dry run: would rotate {} and deliver to {}",
            old.key_id,
            sinks.join(", ")
        ));
    }
    let spec = Spec {
        sinks: entry.sinks.clone(),
        check: entry.check.clone(),
        timeout: entry.check_timeout.unwrap_or(args.check_timeout),
        overlap: entry.overlap,
        expiry: entry.expires_in.map_or(KeyExpiry::NotAsked, KeyExpiry::In),
    };
    match job::run(&spec, journal, &old, session).await {
        Ok(done) => Ended::Rotated(done.summary),
        Err(error) => Ended::Failed(error.message().unwrap_or_default().to_string()),
    }
}

/// The key an entry names: by id, or the one active key of the user with the alias.
async fn find(entry: &Entry, session: &Session) -> Result<ApiKey, String> {
    let org = match &entry.org {
        Some(org) => org.as_str(),
        None => session
            .one_org("a plan entry without org")
            .map_err(|e| message(&e))?,
    };
    match &entry.target {
        Target::Id(id) => {
            let doing = format!("look up key {id} in {org}");
            match session.get_key(org, id, &doing).await {
                Ok(Some(key)) => Ok(key),
                Ok(None) => Err(format!("key {id} not found in {org} (unknown or revoked)")),
                Err(e) => Err(message(&e)),
            }
        }
        Target::Alias { user, alias } => {
            let keys = session
                .keys_to_offboard(org, user)
                .await
                .map_err(|e| message(&e))?;
            let now = session.clock.now();
            let mut active = keys.into_iter().filter(|k| {
                !k.revoked
                    && k.alias.as_deref() == Some(alias.as_str())
                    && k.expiration_time.is_none_or(|at| at > now)
            });
            match (active.next(), active.next()) {
                (Some(key), None) => Ok(key),
                (None, _) => Err(format!(
                    "{user} has no active key with alias {alias} in {org}"
                )),
                (Some(_), Some(_)) => Err(format!(
                    "{user} has more than one active key with alias {alias} in {org}: finish \
                     their overlap (`whylabs-keys rotate --finish`) or revoke the extra ones"
                )),
            }
        }
    }
}

fn message(error: &CliError) -> String {
    error.message().unwrap_or_default().to_string()
}
