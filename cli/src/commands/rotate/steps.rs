//! The steps of one rotation ([`Job`]): verify, deliver, check (`deliver`); commit the staged
//! sinks (`commit_staged`); commit the rest and revoke the old key (`forward`); or go back
//! (`back`). Each step is journaled before it is taken.

use whylabs_api_keys::{ApiKeySecret, PendingRotation};

use super::job::{Done, Spec};
use super::undo::{holdings, restore_sinks, resume_command, revoke_command, split_error};
use crate::api::{Session, Validity};
use crate::deliver::{self, Ran};
use crate::error::{CliError, CliResult};
use crate::journal::{Journal, Rotation, SinkState, Step};
use crate::output::note;

pub struct Job<'a> {
    pub spec: &'a Spec,
    pub journal: &'a Journal,
    pub session: &'a Session,
}

impl Job<'_> {
    /// Verify, deliver, check: `Err` says why the rotation must go back.
    pub async fn deliver(
        &self,
        rotation: &mut Rotation,
        secret: &ApiKeySecret,
    ) -> Result<(), String> {
        let new_id = rotation.new_key.clone().unwrap_or_default();
        match self.session.verifier().verify(secret).await {
            Validity::Valid => {}
            Validity::Invalid => {
                return Err(format!("the server says new key {new_id} is not valid"));
            }
            Validity::Unknown(e) => return Err(format!("cannot verify new key {new_id}: {e}")),
        }
        self.save(rotation, Step::Verified).await?;
        rotation.step = Step::Delivering;
        let timeout = self.spec.timeout;
        for (i, sink) in self.spec.sinks.iter().enumerate() {
            rotation.sinks[i].existed = sink
                .path()
                .is_some_and(|path| std::fs::symlink_metadata(path).is_ok());
            self.sink_state(rotation, i, SinkState::Delivering).await?;
            if let Err(why) = deliver::deliver(sink, secret, timeout).await {
                self.sink_state(rotation, i, SinkState::Failed).await?;
                return Err(format!("delivering to {sink} failed: {why}"));
            }
            self.sink_state(rotation, i, SinkState::Delivered).await?;
        }
        if let Some(check) = &self.spec.check {
            self.save(rotation, Step::Checking).await?;
            let ran = deliver::run_check(check, secret, timeout).await;
            if ran != Ran::Passed {
                return Err(format!("the check `{check}` {}", ran.describe(timeout)));
            }
        }
        self.save(rotation, Step::Checked).await
    }

    /// Commit the sinks whose commit can fail (staged ones: AWS), first: `Err` says why the
    /// rotation must go back.
    pub async fn commit_staged(&self, rotation: &mut Rotation) -> Result<(), String> {
        self.save(rotation, Step::Committing).await?;
        for (i, sink) in self.spec.sinks.iter().enumerate() {
            if sink.commit_can_fail() {
                deliver::commit(sink)
                    .await
                    .map_err(|why| format!("committing {sink} failed: {why}"))?;
                self.sink_state(rotation, i, SinkState::Committed).await?;
            }
        }
        Ok(())
    }

    /// Commit the other sinks, then revoke the old key (or leave it to `--finish`).
    pub async fn forward(
        &self,
        rotation: &mut Rotation,
        pending: &mut PendingRotation,
    ) -> CliResult<Done> {
        for (i, sink) in self.spec.sinks.iter().enumerate() {
            if sink.commit_can_fail() {
                continue;
            }
            if let Err(why) = deliver::commit(sink).await {
                note(format!("warning: {why} (the new secret is in place)"));
            }
            self.sink_state(rotation, i, SinkState::Committed)
                .await
                .map_err(CliError::failed)?;
        }
        let old = rotation.old_key.clone();
        let new = rotation.new_key.clone().unwrap_or_default();
        if let Some(overlap) = self.spec.overlap {
            let until =
                chrono::Utc::now() + chrono::TimeDelta::from_std(overlap).unwrap_or_default();
            rotation.overlap_until = Some(until);
            self.save(rotation, Step::Overlap)
                .await
                .map_err(CliError::failed)?;
            return Ok(Done {
                new: pending.new_key().key.clone(),
                revoked: None,
                summary: format!(
                    "Rotated {old} to {new}: {}. Both keys are active until {}; then \
                     `whylabs-keys rotate --finish` revokes {old}.",
                    holdings(rotation),
                    until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                ),
            });
        }
        self.save(rotation, Step::Revoking)
            .await
            .map_err(CliError::failed)?;
        match pending.commit().await {
            Ok(settled) => {
                self.save(rotation, Step::Done)
                    .await
                    .map_err(CliError::failed)?;
                Ok(Done {
                    new: pending.new_key().key.clone(),
                    revoked: Some(settled.key().clone()),
                    summary: format!(
                        "Rotated {old}: new key {new} is active ({}), old key {old} is revoked.",
                        holdings(rotation)
                    ),
                })
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
    pub async fn back(
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
            let _ = self.save(rotation, Step::Split).await;
            return split_error(rotation, why);
        }
        if let Err(error) = self.save(rotation, Step::Aborting).await {
            return CliError::failed(error);
        }
        let old = rotation.old_key.clone();
        let new = rotation.new_key.clone().unwrap_or_default();
        match pending.abort().await {
            Ok(_) => {
                let _ = self.save(rotation, Step::Aborted).await;
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

    pub async fn save(&self, rotation: &mut Rotation, step: Step) -> Result<(), String> {
        rotation.step = step;
        self.journal.save(rotation, step.as_str()).await
    }

    pub async fn sink_state(
        &self,
        rotation: &mut Rotation,
        i: usize,
        state: SinkState,
    ) -> Result<(), String> {
        rotation.sinks[i].state = state;
        let label = format!("sink-{i}-{}", state.as_str());
        self.journal.save(rotation, &label).await
    }
}
