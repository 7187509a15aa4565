//! `rotate KEY_ID --deliver SINK...`: stage the replacement, verify it (validate with the new
//! secret), deliver it to each sink, run the check, commit the sinks, then revoke the old key
//! (now, or after `--overlap` by `rotate --finish`). Each step is journaled before it is
//! taken. Until the old key is revoked, a failure restores the sinks (last first) and revokes
//! the new key, unless a sink that cannot be restored holds it: then both stay active and the
//! report says which sink holds which key.

use std::time::Duration;

use whylabs_api_keys::ApiKey;

use super::steps::Job;
use super::undo::{resume_command, save};
use crate::api::{KeyExpiry, Session};
use crate::deliver::SinkSpec;
use crate::error::{CliError, CliResult};
use crate::journal::{Journal, Rotation, SinkEntry, SinkState, Step};

/// What one rotation does, from `rotate KEY_ID --deliver ...` or one entry of a plan.
pub struct Spec {
    pub sinks: Vec<SinkSpec>,
    pub check: Option<String>,
    /// The longest the check and each `exec:` sink may run.
    pub timeout: Duration,
    pub overlap: Option<Duration>,
    pub expiry: KeyExpiry,
}

/// A rotation that ended well: the new key, the old one once revoked (`None` while both
/// are active for the overlap), and the line that says so.
pub struct Done {
    pub new: ApiKey,
    pub revoked: Option<ApiKey>,
    pub summary: String,
}

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

/// Runs the rotation of `old` to its end, journaled in `journal`.
pub async fn run(
    spec: &Spec,
    journal: &Journal,
    old: &ApiKey,
    session: &Session,
) -> CliResult<Done> {
    let entries = spec.sinks.iter().map(|sink| SinkEntry {
        sink: sink.to_string(),
        state: SinkState::Pending,
        existed: false,
    });
    let mut rotation = Rotation::new(&old.org_id, &old.user_id, &old.key_id, entries.collect());
    rotation.overlap_secs = spec.overlap.map(|overlap| overlap.as_secs());
    rotation.keys_before = session.active_key_ids(&old.org_id, &old.user_id).await?;
    save(journal, &mut rotation, "creating").await?;
    let mut pending = match session.stage_rotation(old, spec.expiry).await {
        Ok(pending) => pending,
        Err(error) => return Err(not_created(journal, &mut rotation, &error).await),
    };
    let new_id = pending.new_key().key.key_id.clone();
    rotation.new_key = Some(new_id);
    rotation.step = Step::Created;
    save(journal, &mut rotation, "created").await?;
    let secret = pending.new_key().secret().clone();
    let job = Job {
        spec,
        journal,
        session,
    };
    if let Err(why) = job.deliver(&mut rotation, &secret).await {
        return Err(job.back(&mut rotation, &mut pending, &why).await);
    }
    if let Err(why) = job.commit_staged(&mut rotation).await {
        return Err(job.back(&mut rotation, &mut pending, &why).await);
    }
    job.forward(&mut rotation, &mut pending).await
}

/// The create failed: nothing to undo, unless its outcome is unknown (then `--resume` looks
/// for a replacement the server may have made).
async fn not_created(
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
    let _ = journal.save(rotation, "aborted").await;
    CliError::failed(format!(
        "rotate {old}: {error}. Old key {old} is still active and unchanged; no replacement \
         was created and no sink was touched"
    ))
}
