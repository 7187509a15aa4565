//! What the journal records of one rotation ([`Rotation`]), and how `rotate --resume` ends an
//! interrupted one ([`Step`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The last step a rotation recorded. Each is written **before** it is taken, so after a crash
/// the step may or may not have happened; `--resume` must be right either way:
///
/// - `creating`: a replacement may exist that no sink holds (sinks are only written after
///   `created` is recorded). Resume lists the user's active keys and revokes those not
///   active before (`keys_before`): none of them was delivered anywhere.
/// - `created` … `checking`: the new secret may be in some sinks but the check has not
///   passed, and after a crash the secret is no longer in memory, so the rotation cannot go
///   forward (it cannot be delivered to the sinks that lack it). It goes back: every file
///   sink recorded `delivering` or `delivered` is restored from the previous file kept under
///   its backup name (or removed, when there was none), which is right whether or not the
///   rename happened. Then the new key is revoked; unless an `exec:` sink may hold it (its
///   command started), which cannot be restored: then both keys stay active (`split`) and
///   the report says which sink holds which key.
/// - `checked`, `committing`: every sink holds the new secret and the check passed, so the
///   rotation goes forward: the sinks are committed (backups removed) and the old key
///   revoked (or left for `--finish` when an overlap was asked).
/// - `revoking`: forward: the old key is revoked (a key already gone counts as revoked).
/// - `aborting`: back: the sinks are already restored; the new key is revoked.
/// - `overlap` waits for `--finish`; `done`, `aborted` and `split` are ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    Creating,
    Created,
    Verified,
    Delivering,
    Checking,
    Checked,
    Committing,
    Overlap,
    Revoking,
    Aborting,
    Done,
    Aborted,
    Split,
}

impl Step {
    /// The name the journal and the crash hook use.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Creating => "creating",
            Step::Created => "created",
            Step::Verified => "verified",
            Step::Delivering => "delivering",
            Step::Checking => "checking",
            Step::Checked => "checked",
            Step::Committing => "committing",
            Step::Overlap => "overlap",
            Step::Revoking => "revoking",
            Step::Aborting => "aborting",
            Step::Done => "done",
            Step::Aborted => "aborted",
            Step::Split => "split",
        }
    }

    /// Whether the rotation is over (nothing for `--resume` or `--finish`).
    pub fn is_end(self) -> bool {
        matches!(self, Step::Done | Step::Aborted | Step::Split)
    }

    /// Whether the rotation was interrupted: neither over nor waiting for its overlap.
    pub fn is_interrupted(self) -> bool {
        !self.is_end() && self != Step::Overlap
    }
}

/// Where one sink stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SinkState {
    /// Not written yet: holds what it held before.
    Pending,
    /// Being written: may hold either secret.
    Delivering,
    /// Holds the new secret; a file's previous content is kept under its backup name.
    Delivered,
    /// Could not be written; holds what it held before.
    Failed,
    /// Holds the new secret for good.
    Committed,
    /// Holds what it held before again.
    Restored,
    /// Holds the new secret and could not be restored.
    Kept,
}

impl SinkState {
    /// The name the journal and the crash hook use.
    pub fn as_str(self) -> &'static str {
        match self {
            SinkState::Pending => "pending",
            SinkState::Delivering => "delivering",
            SinkState::Delivered => "delivered",
            SinkState::Failed => "failed",
            SinkState::Committed => "committed",
            SinkState::Restored => "restored",
            SinkState::Kept => "kept",
        }
    }

    /// Whether the sink may hold the new secret.
    pub fn may_hold_new(self) -> bool {
        matches!(
            self,
            SinkState::Delivering | SinkState::Delivered | SinkState::Committed | SinkState::Kept
        )
    }
}

/// One sink of a rotation: as written on the command line, its state, and whether a file was
/// at its path before (what restoring puts back).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SinkEntry {
    pub sink: String,
    pub state: SinkState,
    pub existed: bool,
}

/// One rotation as the journal records it. No secret.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Rotation {
    /// The file name's stem: the old key id and the start time.
    pub id: String,
    pub org: String,
    pub user: String,
    pub old_key: String,
    pub new_key: Option<String>,
    /// The user's active keys before the replacement was created.
    pub keys_before: Vec<String>,
    pub sinks: Vec<SinkEntry>,
    pub step: Step,
    /// How long both keys stay active after the sinks are committed.
    pub overlap_secs: Option<u64>,
    /// When `--finish` may revoke the old key.
    pub overlap_until: Option<DateTime<Utc>>,
    pub started: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    /// What went wrong last, if anything (never a secret).
    pub note: Option<String>,
}

impl Rotation {
    /// A rotation of `old_key` of `user` in `org` about to start, with these sinks.
    pub fn new(org: &str, user: &str, old_key: &str, sinks: Vec<SinkEntry>) -> Self {
        let now = Utc::now();
        Self {
            id: format!("{}-{}", now.format("%Y%m%dT%H%M%S%.6fZ"), old_key),
            org: org.to_string(),
            user: user.to_string(),
            old_key: old_key.to_string(),
            new_key: None,
            keys_before: Vec::new(),
            sinks,
            step: Step::Creating,
            overlap_secs: None,
            overlap_until: None,
            started: now,
            updated: now,
            note: None,
        }
    }
}
