//! `rotate KEY_ID --deliver SINK...`: stage the replacement, verify it (validate with the new
//! secret), deliver it to each sink, run the check, commit the sinks, then revoke the old key
//! (now, or after `--overlap` by `rotate --finish`). Each step is journaled before it is
//! taken. Until the old key is revoked, a failure restores the sinks (last first) and revokes
//! the new key, unless a sink that cannot be restored holds it: then both stay active and the
//! report says which sink holds which key.

use whylabs_api_keys::{ApiKey, ApiKeySecret, PendingRotation};

use super::undo::{holdings, restore_sinks, resume_command, revoke_command, save, split_error};
use crate::api::{Session, Validity};
use crate::args::RotateArgs;
use crate::deliver::{self, Ran, SinkSpec};
use crate::error::{CliError, CliResult, Status};
use crate::journal::{Journal, Rotation, SinkEntry, SinkState, Step};
use crate::output::{Out, note};
use crate::records::KeyRecord;

/// Refuses, before any key exists, a sink that cannot work (a usage error).
pub async fn prepare(sinks: &[SinkSpec]) -> CliResult<()> {
    for sink in sinks {
        sink.prepare().await.map_err(|why| {
            CliError::usage(format!(
                "cannot deliver to {sink}: {why}; no key was created"
            ))
        })?;
    }
    Ok(())
}

/// Runs the rotation of `old` to its end.
pub async fn run(args: &RotateArgs, old: &ApiKey, session: &Session, out: &Out) -> CliResult {
    let journal = Journal::at(args.journal.as_deref()).map_err(CliError::usage)?;
    let entries = args.deliver.iter().map(|sink| SinkEntry {
        sink: sink.to_string(),
        state: SinkState::Pending,
        existed: false,
    });
    let mut rotation = Rotation::new(&old.org_id, &old.user_id, &old.key_id, entries.collect());
    rotation.overlap_secs = args.overlap.map(|overlap| overlap.as_secs());
    rotation.keys_before = session.active_key_ids(&old.org_id, &old.user_id).await?;
    save(&journal, &mut rotation, "creating")?;
    let mut pending = match session.stage_rotation(old, args.expiry.requested()).await {
        Ok(pending) => pending,
        Err(error) => return Err(not_created(&journal, &mut rotation, &error)),
    };
    let new_id = pending.new_key().key.key_id.clone();
    rotation.new_key = Some(new_id);
    rotation.step = Step::Created;
    save(&journal, &mut rotation, "created")?;
    let secret = pending.new_key().secret().clone();
    let job = Job {
        args,
        journal: &journal,
        session,
    };
    if let Err(why) = job.deliver(&mut rotation, &secret).await {
        return Err(job.back(&mut rotation, &mut pending, &why).await);
    }
    if let Err(why) = job.commit_staged(&mut rotation).await {
        return Err(job.back(&mut rotation, &mut pending, &why).await);
    }
    job.forward(&mut rotation, &mut pending, out).await
}

/// The create failed: nothing to undo, unless its outcome is unknown (then `--resume` looks
/// for a replacement the server may have made).
fn not_created(
    journal: &Journal,
    rotation: &mut Rotation,
    error: &whylabs_api_keys::Error,
) -> CliError {
    let old = rotation.old_key.clone();
    if let whylabs_api_keys::Error::CreateOutcomeUnknown { .. } = error {
        return CliError::failed(format!(
            "rotate {old}: {error}. Old key {old} is still active and no sink was touched; \
             `{}` revokes any replacement the server made",
            resume_command(journal.dir())
        ));
    }
    rotation.step = Step::Aborted;
    rotation.note = Some(error.to_string());
    let _ = journal.save(rotation, "aborted");
    CliError::failed(format!(
        "rotate {old}: {error}. Old key {old} is still active and unchanged; no replacement \
         was created and no sink was touched"
    ))
}

struct Job<'a> {
    args: &'a RotateArgs,
    journal: &'a Journal,
    session: &'a Session,
}

impl Job<'_> {
    /// Verify, deliver, check: `Err` says why the rotation must go back.
    async fn deliver(&self, rotation: &mut Rotation, secret: &ApiKeySecret) -> Result<(), String> {
        let new_id = rotation.new_key.clone().unwrap_or_default();
        match self.session.verify_secret(secret).await {
            Ok(Validity::Valid) => {}
            Ok(Validity::Invalid) => {
                return Err(format!("the server says new key {new_id} is not valid"));
            }
            Ok(Validity::Unknown(e)) => return Err(format!("cannot verify new key {new_id}: {e}")),
            Err(e) => {
                return Err(format!(
                    "cannot verify new key {new_id}: {}",
                    e.message().unwrap_or("")
                ));
            }
        }
        self.save(rotation, Step::Verified)?;
        rotation.step = Step::Delivering;
        let timeout = self.args.check_timeout;
        for (i, sink) in self.args.deliver.iter().enumerate() {
            rotation.sinks[i].existed = sink
                .path()
                .is_some_and(|path| std::fs::symlink_metadata(path).is_ok());
            self.sink_state(rotation, i, SinkState::Delivering)?;
            if let Err(why) = deliver::deliver(sink, secret, timeout).await {
                self.sink_state(rotation, i, SinkState::Failed)?;
                return Err(format!("delivering to {sink} failed: {why}"));
            }
            self.sink_state(rotation, i, SinkState::Delivered)?;
        }
        if let Some(check) = &self.args.check {
            self.save(rotation, Step::Checking)?;
            let ran = deliver::run_check(check, secret, timeout);
            if ran != Ran::Passed {
                return Err(format!("the check `{check}` {}", ran.describe(timeout)));
            }
        }
        self.save(rotation, Step::Checked)
    }

    /// Commit the sinks whose commit can fail (staged ones: AWS), first: `Err` says why the
    /// rotation must go back.
    async fn commit_staged(&self, rotation: &mut Rotation) -> Result<(), String> {
        self.save(rotation, Step::Committing)?;
        for (i, sink) in self.args.deliver.iter().enumerate() {
            if sink.commit_can_fail() {
                deliver::commit(sink)
                    .await
                    .map_err(|why| format!("committing {sink} failed: {why}"))?;
                self.sink_state(rotation, i, SinkState::Committed)?;
            }
        }
        Ok(())
    }

    /// Commit the other sinks, then revoke the old key (or leave it to `--finish`).
    async fn forward(
        &self,
        rotation: &mut Rotation,
        pending: &mut PendingRotation,
        out: &Out,
    ) -> CliResult {
        for (i, sink) in self.args.deliver.iter().enumerate() {
            if sink.commit_can_fail() {
                continue;
            }
            if let Err(why) = deliver::commit(sink).await {
                note(format!("warning: {why} (the new secret is in place)"));
            }
            self.sink_state(rotation, i, SinkState::Committed)
                .map_err(CliError::failed)?;
        }
        let old = rotation.old_key.clone();
        let new = rotation.new_key.clone().unwrap_or_default();
        if let Some(overlap) = self.args.overlap {
            let until =
                chrono::Utc::now() + chrono::TimeDelta::from_std(overlap).unwrap_or_default();
            rotation.overlap_until = Some(until);
            self.save(rotation, Step::Overlap)
                .map_err(CliError::failed)?;
            out.say(format!(
                "Rotated {old} to {new}: {}. Both keys are active until {}; then \
                 `whylabs-keys rotate --finish` revokes {old}.",
                holdings(rotation),
                until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ))?;
            return Ok(Status::Success);
        }
        self.save(rotation, Step::Revoking)
            .map_err(CliError::failed)?;
        match pending.commit().await {
            Ok(settled) => {
                self.save(rotation, Step::Done).map_err(CliError::failed)?;
                let now = self.session.clock.now();
                let rows = [
                    KeyRecord::from_key(&pending.new_key().key, now, false),
                    KeyRecord::from_key(settled.key(), now, false),
                ];
                out.records(&rows, now)?;
                out.say(format!(
                    "Rotated {old}: new key {new} is active ({}), old key {old} is revoked.",
                    holdings(rotation)
                ))?;
                Ok(Status::Success)
            }
            Err(error) => Err(CliError::failed(format!(
                "rotation incomplete: BOTH keys are active. Every sink holds new key {new} \
                 ({}); revoking old key {old} failed: {error}. Finish with `{}` or `{}`",
                holdings(rotation),
                resume_command(self.journal.dir()),
                revoke_command(rotation, &old)
            ))),
        }
    }

    /// Restore the sinks and revoke the new key (kept when a sink still holds it).
    async fn back(
        &self,
        rotation: &mut Rotation,
        pending: &mut PendingRotation,
        why: &str,
    ) -> CliError {
        rotation.note = Some(why.to_string());
        let held = match restore_sinks(self.journal, rotation).await {
            Ok(held) => held,
            Err(error) => return error,
        };
        if !held.is_empty() {
            let _ = self.save(rotation, Step::Split);
            return split_error(rotation, why);
        }
        if let Err(error) = self.save(rotation, Step::Aborting) {
            return CliError::failed(error);
        }
        let old = rotation.old_key.clone();
        let new = rotation.new_key.clone().unwrap_or_default();
        match pending.abort().await {
            Ok(_) => {
                let _ = self.save(rotation, Step::Aborted);
                CliError::failed(format!(
                    "rotation of {old} aborted: {why}. New key {new} was revoked; old key {old} \
                     is still active and every sink holds it as before ({})",
                    holdings(rotation)
                ))
            }
            Err(error) => CliError::failed(format!(
                "rotation of {old} aborted: {why}. Every sink holds old key {old} as before, \
                 but revoking new key {new} failed ({error}): BOTH keys are active. Revoke the \
                 new one with `{}` or `{}`",
                resume_command(self.journal.dir()),
                revoke_command(rotation, &new)
            )),
        }
    }

    fn save(&self, rotation: &mut Rotation, step: Step) -> Result<(), String> {
        rotation.step = step;
        self.journal.save(rotation, step.as_str())
    }

    fn sink_state(
        &self,
        rotation: &mut Rotation,
        i: usize,
        state: SinkState,
    ) -> Result<(), String> {
        rotation.sinks[i].state = state;
        let label = format!("sink-{i}-{}", state.as_str());
        self.journal.save(rotation, &label)
    }
}
