//! `rotate --resume` (end every rotation of the journal a crash interrupted, as
//! [`Step`](crate::journal::Step) argues) and `rotate --finish` (revoke the old keys whose
//! overlap has ended). Both work from the journal alone: no secret is needed, since going
//! forward only commits sinks that already hold the new secret, and going back restores the
//! files kept under their backup names. One line per rotation; exit 1 when any did not end.

use crate::api::Session;
use crate::args::RotateArgs;
use crate::deliver::{self, SinkSpec};
use crate::error::{CliError, CliResult, Status};
use crate::journal::{Journal, Rotation, SinkState, Step};
use crate::output::Out;

use super::undo::{holdings, restore_sinks, revoke_command, save};

/// `rotate --resume`.
pub async fn resume(args: &RotateArgs, session: &Session, out: &Out) -> CliResult {
    let journal = Journal::at(args.journal.as_deref()).map_err(CliError::usage)?;
    let rotations = journal.load().map_err(CliError::failed)?;
    let interrupted: Vec<Rotation> = rotations
        .into_iter()
        .filter(|r| r.step.is_interrupted())
        .collect();
    if interrupted.is_empty() {
        out.say("No interrupted rotation in the journal.")?;
        return Ok(Status::Success);
    }
    let mut failed = Vec::new();
    for mut rotation in interrupted {
        match end(&journal, &mut rotation, session).await {
            Ok(line) => out.say(line)?,
            Err(error) => failed.push(error.message().unwrap_or_default().to_string()),
        }
    }
    outcome(failed)
}

/// `rotate --finish`.
pub async fn finish(args: &RotateArgs, session: &Session, out: &Out) -> CliResult {
    let journal = Journal::at(args.journal.as_deref()).map_err(CliError::usage)?;
    let now = chrono::Utc::now();
    let mut failed = Vec::new();
    let mut any = false;
    for mut rotation in journal.load().map_err(CliError::failed)? {
        let due = rotation.step == Step::Overlap && rotation.overlap_until.is_none_or(|t| t <= now);
        if !due {
            continue;
        }
        any = true;
        match revoke_old(&journal, &mut rotation, session).await {
            Ok(line) => out.say(line)?,
            Err(error) => failed.push(error.message().unwrap_or_default().to_string()),
        }
    }
    if !any {
        out.say("No rotation whose overlap has ended.")?;
    }
    outcome(failed)
}

fn outcome(failed: Vec<String>) -> CliResult {
    if failed.is_empty() {
        return Ok(Status::Success);
    }
    Err(CliError::failed(failed.join("\n")))
}

/// Ends one interrupted rotation; the line says how.
async fn end(journal: &Journal, rotation: &mut Rotation, session: &Session) -> CliResult<String> {
    match rotation.step {
        Step::Creating => revoke_undelivered(journal, rotation, session).await,
        Step::Checked | Step::Committing => {
            save(journal, rotation, "committing").await?;
            commit_sinks(journal, rotation).await?;
            match rotation.overlap_secs {
                Some(secs) => {
                    let overlap = chrono::TimeDelta::seconds(i64::try_from(secs).unwrap_or(0));
                    rotation.overlap_until = Some(chrono::Utc::now() + overlap);
                    rotation.step = Step::Overlap;
                    save(journal, rotation, "overlap").await?;
                    Ok(format!(
                        "{}: forward, sinks committed; {} is revoked by --finish after the overlap",
                        rotation.old_key, rotation.old_key
                    ))
                }
                None => revoke_old(journal, rotation, session).await,
            }
        }
        Step::Revoking => revoke_old(journal, rotation, session).await,
        Step::Aborting => revoke_new(journal, rotation, session).await,
        _ => {
            let held = restore_sinks(journal, rotation).await?;
            if held.is_empty() {
                revoke_new(journal, rotation, session).await
            } else {
                rotation.step = Step::Split;
                save(journal, rotation, "split").await?;
                Err(super::undo::split_error(
                    rotation,
                    "interrupted, and cannot go forward",
                ))
            }
        }
    }
}

/// Commits every sink, the staged ones (whose commit can fail) first.
async fn commit_sinks(journal: &Journal, rotation: &mut Rotation) -> CliResult<()> {
    let mut order: Vec<usize> = (0..rotation.sinks.len()).collect();
    let staged = |i: &usize| {
        SinkSpec::parse(&rotation.sinks[*i].sink).is_ok_and(|spec| spec.commit_can_fail())
    };
    order.sort_by_key(|i| !staged(i));
    for i in order {
        if let Ok(spec) = SinkSpec::parse(&rotation.sinks[i].sink) {
            deliver::commit(&spec).await.map_err(CliError::failed)?;
        }
        rotation.sinks[i].state = SinkState::Committed;
        save(journal, rotation, &format!("sink-{i}-committed")).await?;
    }
    Ok(())
}

/// Revokes `key` of the rotation's user; a key the server no longer knows counts as revoked.
async fn revoke(rotation: &Rotation, key: &str, session: &Session) -> CliResult<()> {
    session
        .revoke(Some(&rotation.org), Some(&rotation.user), key)
        .await
        .map(drop)
        .map_err(|e| {
            CliError::failed(format!(
                "{}: {}; run `{}` or resume again",
                rotation.old_key,
                e.message().unwrap_or_default(),
                revoke_command(rotation, key)
            ))
        })
}

async fn revoke_old(
    journal: &Journal,
    rotation: &mut Rotation,
    session: &Session,
) -> CliResult<String> {
    rotation.step = Step::Revoking;
    save(journal, rotation, "revoking").await?;
    let old = rotation.old_key.clone();
    revoke(rotation, &old, session).await?;
    rotation.step = Step::Done;
    save(journal, rotation, "done").await?;
    Ok(format!(
        "{old}: done, old key {old} revoked; {}",
        holdings(rotation)
    ))
}

async fn revoke_new(
    journal: &Journal,
    rotation: &mut Rotation,
    session: &Session,
) -> CliResult<String> {
    rotation.step = Step::Aborting;
    save(journal, rotation, "aborting").await?;
    if let Some(new) = rotation.new_key.clone() {
        revoke(rotation, &new, session).await?;
    }
    rotation.step = Step::Aborted;
    save(journal, rotation, "aborted").await?;
    Ok(format!(
        "{}: back, new key {} revoked; {}",
        rotation.old_key,
        rotation.new_key.as_deref().unwrap_or("(none)"),
        holdings(rotation)
    ))
}

/// A crash while creating: any active key of the user that was not active before was made by
/// this rotation and never delivered (delivery is journaled after `created`), so it is revoked.
async fn revoke_undelivered(
    journal: &Journal,
    rotation: &mut Rotation,
    session: &Session,
) -> CliResult<String> {
    let active = session
        .active_key_ids(&rotation.org, &rotation.user)
        .await?;
    let made: Vec<String> = active
        .into_iter()
        .filter(|id| !rotation.keys_before.contains(id))
        .collect();
    rotation.step = Step::Aborting;
    save(journal, rotation, "aborting").await?;
    for id in &made {
        revoke(rotation, id, session).await?;
    }
    rotation.step = Step::Aborted;
    save(journal, rotation, "aborted").await?;
    Ok(format!(
        "{}: back, no sink was touched; revoked the undelivered replacement(s): {}",
        rotation.old_key,
        if made.is_empty() {
            "none".to_string()
        } else {
            made.join(", ")
        }
    ))
}
