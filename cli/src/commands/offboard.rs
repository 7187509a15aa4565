//! `offboard --user USER`: revoke every active key of a departing user (v0: only a system key
//! can list another user's keys), with bounded concurrency and a progress bar on a terminal.
//! Running it again finds nothing to do.

use futures_util::StreamExt;
use futures_util::stream;
use whylabs_api_keys::ApiKey;

use crate::api::Session;
use crate::args::OffboardArgs;
use crate::confirm::confirm;
use crate::error::{CliError, CliResult, Status};
use crate::outcome::Outcome;
use crate::output::{Format, Out, progress};
use crate::records::KeyRecord;

pub async fn run(args: &OffboardArgs, session: &Session, out: &Out) -> CliResult<Status> {
    let org = session.one_org("offboard")?;
    let user = args.user.as_str();
    let listed = session.keys_to_offboard(org, user).await?;
    let all = listed.len();
    let active: Vec<ApiKey> = listed.into_iter().filter(|k| !k.revoked).collect();
    if active.is_empty() {
        out.records::<Outcome>(&[], session.clock.now())?;
        // No key at all is often a mistyped user id: say so, apart from "all revoked".
        out.say(match all {
            0 => format!(
                "Nothing to do: {user} has no keys at all in {org}, revoked or not; check the \
                 user id (the server knows no key of it)."
            ),
            n => format!("Nothing to do: all {n} key(s) of {user} in {org} are already revoked."),
        })?;
        return Ok(Status::Success);
    }
    let now = session.clock.now();
    if out.format == Format::Table {
        out.say(format!(
            "Offboarding {user} in {org}: {} key(s) to revoke:",
            active.len()
        ))?;
        let plan: Vec<KeyRecord> = active
            .iter()
            .map(|k| KeyRecord::from_key(k, now, false))
            .collect();
        out.records(&plan, now)?;
    }
    if args.dry_run {
        let planned: Vec<Outcome> = active.iter().map(|k| outcome(k, "planned", None)).collect();
        if out.format != Format::Table {
            out.records(&planned, now)?;
        }
        out.say("Dry run: nothing was revoked.")?;
        return Ok(Status::Success);
    }
    let action = format!(
        "Revoke all {} active key(s) of {user} in {org}",
        active.len()
    );
    if !confirm(&action, args.yes)? {
        out.say("Not confirmed: nothing was revoked.")?;
        return Ok(Status::Findings);
    }
    let outcomes = revoke_all(&active, session, usize::from(args.concurrency)).await;
    report(&outcomes, user, org, out, now)
}

/// Revokes the keys, `concurrency` at a time, ticking a progress bar on a terminal.
async fn revoke_all(keys: &[ApiKey], session: &Session, concurrency: usize) -> Vec<Outcome> {
    let bar = progress::bar(keys.len(), "revoked");
    let outcomes = stream::iter(keys)
        .map(|key| {
            let bar = &bar;
            async move {
                let (result, error) = match session.revoke_listed(key).await {
                    Ok(Some(_)) => ("revoked", None),
                    // Revoked or removed meanwhile: the goal holds.
                    Ok(None) => ("not-found", None),
                    Err(e) => ("failed", Some(e.to_string())),
                };
                bar.inc(1);
                outcome(key, result, error)
            }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    bar.finish_and_clear();
    outcomes
}

fn outcome(key: &ApiKey, result: &'static str, error: Option<String>) -> Outcome {
    Outcome {
        key_id: key.key_id.clone(),
        org_id: Some(key.org_id.clone()),
        user_id: Some(key.user_id.clone()),
        result,
        error,
    }
}

fn report(
    outcomes: &[Outcome],
    user: &str,
    org: &str,
    out: &Out,
    now: chrono::DateTime<chrono::Utc>,
) -> CliResult<Status> {
    let count = |result| outcomes.iter().filter(|o| o.result == result).count();
    let failed: Vec<&str> = outcomes
        .iter()
        .filter(|o| o.result == "failed")
        .map(|o| o.key_id.as_str())
        .collect();
    if out.format != Format::Table || !failed.is_empty() {
        out.records(outcomes, now)?;
    }
    out.say(format!(
        "Offboarded {user} in {org}: {} revoked, {} already gone, {} failed.",
        count("revoked"),
        count("not-found"),
        failed.len()
    ))?;
    if failed.is_empty() {
        return Ok(Status::Success);
    }
    Err(CliError::failed(format!(
        "{} key(s) of {user} are still active: {}; run offboard again to retry",
        failed.len(),
        failed.join(", ")
    )))
}
