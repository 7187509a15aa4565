//! `rotate KEY_ID` (v0 only: v1 cannot tell whose key it is): stage the replacement (same
//! user, alias and scopes; the old key still active), put its secret where it goes, and only
//! then commit (revoke the old key). With `--secret-file`/`--print-secret` the secret goes to
//! one file or stdout (below); with `--deliver` to sinks, verified and checked (`job`),
//! journaled, resumable (`resume`). When the secret cannot be written the rotation is aborted
//! (the new key revoked), so the old key and its destinations are left as they were. Every
//! failure says which keys are active and where the new secret is.

use whylabs_api_keys::{ApiKey, Error, PendingRotation};

use crate::api::Session;
use crate::args::{RotateArgs, SecretSink};
use crate::confirm::confirm;
use crate::error::{CliError, CliResult, Status};
use crate::journal::Journal;
use crate::output::{Out, note};
use crate::records::KeyRecord;
use crate::secret_file::{Sink, Undelivered, refuse_records_on_stdout};
use crate::shell;

mod job;
mod plan;
mod plan_file;
mod resume;
mod schedule;
mod steps;
mod undo;

/// The `--deliver` rotation the flags ask for.
fn job_spec(args: &RotateArgs) -> job::Spec {
    job::Spec {
        sinks: args.deliver.clone(),
        check: args.check.clone(),
        timeout: args.check_timeout,
        overlap: args.overlap,
        expiry: args.expiry.requested(),
    }
}

/// The new and the revoked key's records, then the summary.
fn show(done: &job::Done, session: &Session, out: &Out) -> CliResult<Status> {
    let now = session.clock.now();
    let mut rows = vec![KeyRecord::from_key(&done.new, now, false)];
    rows.extend(
        done.revoked
            .iter()
            .map(|key| KeyRecord::from_key(key, now, false)),
    );
    out.records(&rows, now)?;
    out.say(&done.summary)?;
    Ok(Status::Success)
}

pub async fn run(args: &RotateArgs, session: &Session, out: &Out) -> CliResult<Status> {
    if args.resume {
        return resume::resume(args, session, out).await;
    }
    if args.finish {
        return resume::finish(args, session, out).await;
    }
    if args.plan.is_some() {
        return schedule::run(args, session, out).await;
    }
    let sink = args.sink.given();
    if sink.is_none() && args.deliver.is_empty() {
        return Err(CliError::usage(
            "rotate needs somewhere to put the new secret: --deliver SINK, --secret-file PATH \
             or --print-secret",
        ));
    }
    let to_stdout = sink.as_ref().is_some_and(SecretSink::to_stdout);
    refuse_records_on_stdout(to_stdout, out)?;
    args.expiry.check(session.clock.now())?;
    job::prepare(&args.deliver).await?;
    let org = session.one_org("rotate")?;
    let id = args.key_id.as_deref().unwrap_or_default();
    let doing = format!("look up key {id} in {org}");
    let old = session.get_key(org, id, &doing).await?.ok_or_else(|| {
        CliError::failed(format!(
            "key {id} not found in {org} (unknown or revoked): nothing to rotate"
        ))
    })?;
    if args.dry_run {
        out.say(plan::describe(&old, args))?;
        return Ok(Status::Success);
    }
    let action = format!(
        "Rotate key {id} of {} in {org} (create a replacement, write its secret, then revoke {id})",
        old.user_id
    );
    if !confirm(&action, args.yes)? {
        out.say("Not confirmed: nothing was changed.")?;
        return Ok(Status::Findings);
    }
    let Some(sink) = sink else {
        let journal = Journal::at(args.journal.as_deref()).map_err(CliError::usage)?;
        let done = job::run(&job_spec(args), &journal, &old, session).await?;
        return show(&done, session, out);
    };
    let sink = Sink::prepare(sink.file(), args.force)?;
    let staged = session.stage_rotation(&old, args.expiry.requested()).await;
    let mut pending = staged.map_err(|error| {
        CliError::failed(format!(
            "rotate {id}: {error}. Old key {id} is still active and unchanged; {}",
            no_new_key(&error)
        ))
    })?;
    let file_sink = !sink.is_stdout();
    let place = match sink.deliver(pending.new_key().secret()) {
        Ok(place) => place,
        Err(undelivered) => return Err(abort(&mut pending, undelivered, file_sink).await),
    };
    match pending.commit().await {
        Ok(settled) => finish(
            pending.new_key().key.clone(),
            settled.key(),
            &place,
            session,
            out,
        ),
        Err(source) => Err(CliError::failed(format!(
            "rotation incomplete: BOTH keys are active. New key {} was created (its secret is \
             in {place}); revoking old key {id} failed: {source}. Revoke it with `{}`",
            pending.new_key().key.key_id,
            revoke_command(&old)
        ))),
    }
}

/// The new secret could not be written: revokes the new key, leaving the old one.
async fn abort(
    pending: &mut PendingRotation,
    Undelivered(why): Undelivered,
    file: bool,
) -> CliError {
    let old = pending.old_key().clone();
    let new = pending.new_key().key.clone();
    let untouched = if file {
        " and its secret file untouched"
    } else {
        ""
    };
    match pending.abort().await {
        Ok(_) => CliError::failed(format!(
            "rotation of {old_id} aborted: the new secret could not be written ({why}), so new \
             key {new_id} was revoked. Old key {old_id} is still the active key, unchanged{untouched}",
            old_id = old.key_id,
            new_id = new.key_id,
        )),
        Err(error) => CliError::failed(format!(
            "rotation of {old_id} failed: the new secret could not be written ({why}), and \
             revoking new key {new_id} failed ({error}): BOTH keys are active, and the new key's \
             secret is lost. Old key {old_id} still works{untouched}; revoke the new key with `{}`",
            revoke_command(&new),
            old_id = old.key_id,
            new_id = new.key_id,
        )),
    }
}

fn finish(
    new: ApiKey,
    old: &ApiKey,
    place: &str,
    session: &Session,
    out: &Out,
) -> CliResult<Status> {
    let summary = format!(
        "Rotated {}: new key {} is active (secret in {place}), old key {} is revoked.",
        old.key_id, new.key_id, old.key_id
    );
    if place == "stdout" {
        note(summary);
        return Ok(Status::Success);
    }
    let now = session.clock.now();
    let rows = [
        KeyRecord::from_key(&new, now, false),
        KeyRecord::from_key(old, now, false),
    ];
    out.records(&rows, now)?;
    out.say(summary)?;
    Ok(Status::Success)
}

/// The command that revokes `key` (v0, with its owner and organization).
fn revoke_command(key: &ApiKey) -> String {
    shell::command([
        "revoke",
        &key.key_id,
        "--user",
        &key.user_id,
        "--org",
        &key.org_id,
    ])
}

/// What the failed create left behind, for the message.
fn no_new_key(error: &Error) -> &'static str {
    match error {
        Error::CreateOutcomeUnknown { .. } => {
            "what became of a replacement the server may have made is said before"
        }
        _ => "no replacement was created",
    }
}
