//! Taking a rotation back (shared by a failure in the run and by `--resume`): restore every
//! sink that may hold the new secret, last first, and say which sink holds which key; the
//! messages that name the commands to finish or undo a rotation.

use std::path::Path;

use crate::deliver::{self, SinkSpec};
use crate::error::CliError;
use crate::journal::{Journal, Rotation, SinkState};
use crate::shell;

/// Records a step of `rotation`, a journal failure becoming the run's error.
pub async fn save(journal: &Journal, rotation: &mut Rotation, label: &str) -> Result<(), CliError> {
    journal
        .save(rotation, label)
        .await
        .map_err(CliError::failed)
}

/// Restores, last first, every sink that may hold the new secret; returns the sinks that
/// still hold it (an `exec:` sink whose command started, a file that could not be restored,
/// a staged sink already committed).
pub async fn restore_sinks(
    journal: &Journal,
    rotation: &mut Rotation,
) -> Result<Vec<String>, CliError> {
    let mut held = Vec::new();
    for i in (0..rotation.sinks.len()).rev() {
        let entry = &rotation.sinks[i];
        if entry.state == SinkState::Committed {
            held.push(entry.sink.clone());
            continue;
        }
        if !matches!(entry.state, SinkState::Delivering | SinkState::Delivered) {
            continue;
        }
        let restored = match SinkSpec::parse(&entry.sink) {
            Ok(spec) => deliver::restore(&spec, entry.existed).await,
            Err(why) => Err(why),
        };
        let entry = &mut rotation.sinks[i];
        entry.state = match restored {
            Ok(()) => SinkState::Restored,
            Err(why) => {
                crate::output::note(format!("warning: {why}"));
                held.push(entry.sink.clone());
                SinkState::Kept
            }
        };
        let label = format!("sink-{i}-{}", entry.state.as_str());
        save(journal, rotation, &label).await?;
    }
    held.reverse();
    Ok(held)
}

/// Which key each sink holds now, for reports: `SINK holds NEW, SINK holds OLD`.
pub fn holdings(rotation: &Rotation) -> String {
    let new = rotation.new_key.as_deref().unwrap_or("(none)");
    let lines: Vec<String> = rotation
        .sinks
        .iter()
        .map(|entry| {
            let key = if entry.state.may_hold_new() {
                new
            } else {
                &rotation.old_key
            };
            format!("{} holds key {key}", entry.sink)
        })
        .collect();
    lines.join(", ")
}

/// `whylabs-keys revoke KEY --user USER --org ORG --yes`.
pub fn revoke_command(rotation: &Rotation, key: &str) -> String {
    shell::command([
        "revoke",
        key,
        "--user",
        &rotation.user,
        "--org",
        &rotation.org,
        "--yes",
    ])
}

/// `whylabs-keys rotate --resume --journal DIR`.
pub fn resume_command(journal: &Path) -> String {
    let dir = journal.to_string_lossy();
    shell::command(["rotate", "--resume", "--journal", &dir])
}

/// The report of a rotation left with both keys active because `held` sinks keep the new
/// key: which sink holds which key, and how to finish or undo it.
pub fn split_error(rotation: &Rotation, why: &str) -> CliError {
    let new = rotation.new_key.as_deref().unwrap_or("(none)");
    CliError::failed(format!(
        "rotation of {old} failed ({why}). BOTH keys are active, because a sink that cannot \
         be restored holds the new key: {holdings}. To finish: put the new key where the old \
         one is, then `{revoke_old}`. To undo: put key {old} back where the new one is, then \
         `{revoke_new}`.",
        old = rotation.old_key,
        holdings = holdings(rotation),
        revoke_old = revoke_command(rotation, &rotation.old_key),
        revoke_new = revoke_command(rotation, new),
    ))
}
