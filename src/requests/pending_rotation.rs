//! [`PendingRotation`]: a rotation whose replacement exists and whose old key is still active,
//! until the caller has put the new secret somewhere safe and then commits (revoke the old
//! key) or aborts (revoke the new one).

use crate::client::Client;
use crate::error::{Error, Result};
use crate::models::{ApiKey, CreatedApiKey};
use crate::reconcile::RotationClaim;

/// How a [`PendingRotation::commit`] or [`PendingRotation::abort`] ended: done by this call,
/// or already done by an earlier one (then nothing was sent).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Settlement {
    /// This call revoked the key; its metadata after the revocation.
    Done(ApiKey),
    /// An earlier call had revoked it; its metadata then. Nothing was sent.
    AlreadyDone(ApiKey),
}

impl Settlement {
    /// The revoked key's metadata, however it was revoked.
    ///
    /// ```
    /// # use whylabs_api_keys::Settlement;
    /// # fn show(settlement: &Settlement) {
    /// println!("revoked {}", settlement.key().key_id);
    /// # }
    /// ```
    pub fn key(&self) -> &ApiKey {
        match self {
            Settlement::Done(key) | Settlement::AlreadyDone(key) => key,
        }
    }
}

/// The API a rotation is made with, which decides how its keys are revoked and looked up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Via {
    /// A system key: create, revoke and get name the key's owner and organization.
    V0,
    /// An administrator's own key: generate, and delete of the caller's own keys.
    V1,
}

/// Where a pending rotation stands.
#[derive(Clone, Debug)]
enum State {
    /// Both keys active. `commit_failed`: a commit was tried and failed, so the old key may
    /// have been revoked after all (a revoke whose answer was lost).
    Pending { commit_failed: bool },
    /// The old key is revoked.
    Committed(ApiKey),
    /// The new key is revoked.
    Aborted(ApiKey),
}

/// A staged rotation, from [`RotateKey::stage`](crate::RotateKey::stage): the replacement is
/// created and the old key is still active. Store the new secret, then [`commit`](Self::commit)
/// (revokes the old key) or, when it could not be stored, [`abort`](Self::abort) (revokes the
/// new key, the old one stays as it was). A rotation from
/// [`Client::rotate_own_key`](crate::Client::rotate_own_key) revokes with v1's delete.
///
/// Both are idempotent: once one succeeded, calling it again sends nothing and answers
/// [`Settlement::AlreadyDone`]; a failed one leaves the rotation pending and may be retried.
/// Committing an aborted rotation, or aborting a committed one, is refused with
/// [`Error::InvalidInput`] (either would leave no working key). An abort after a failed commit
/// first checks that the old key still reads as active (a commit whose answer was lost may
/// have revoked it), and refuses, keeping the new key, when it does not.
///
/// The key stays claimed for this client's rotations ([`Error::RotationInProgress`]) until a
/// commit or abort succeeds. Dropped while pending, it revokes nothing: both keys stay
/// active, and the claim is released.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> whylabs_api_keys::Result<()> {
/// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
/// # let client = emulator.client();
/// # let old = client.create_key("org-123", "user-123").await?.key;
/// let mut pending = client.rotate_key(&old).stage().await?;
/// if store(pending.new_key().secret().expose_secret()).is_ok() {
///     pending.commit().await?; // the old key is revoked
/// } else {
///     pending.abort().await?; // the new key is revoked, the old one untouched
/// }
/// # assert!(client.get_key("org-123", &old.key_id).await?.is_none());
/// # Ok(()) }
/// # fn store(_: &str) -> std::io::Result<()> { Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "a staged rotation leaves both keys active until it is committed or aborted"]
pub struct PendingRotation {
    client: Client,
    via: Via,
    old: ApiKey,
    created: CreatedApiKey,
    state: State,
    /// Held until a commit or abort succeeds.
    claim: Option<RotationClaim>,
}

impl PendingRotation {
    pub(crate) fn new(
        client: Client,
        via: Via,
        old: ApiKey,
        created: CreatedApiKey,
        claim: RotationClaim,
    ) -> Self {
        Self {
            client,
            via,
            old,
            created,
            state: State::Pending {
                commit_failed: false,
            },
            claim: Some(claim),
        }
    }

    /// The replacement, with its secret (shown only here).
    ///
    /// ```
    /// # fn show(pending: &whylabs_api_keys::PendingRotation) {
    /// println!("new key {}", pending.new_key().key.key_id);
    /// # }
    /// ```
    pub fn new_key(&self) -> &CreatedApiKey {
        &self.created
    }

    /// The key being replaced, as it was when the rotation was staged.
    ///
    /// ```
    /// # fn show(pending: &whylabs_api_keys::PendingRotation) {
    /// println!("replacing {}", pending.old_key().key_id);
    /// # }
    /// ```
    pub fn old_key(&self) -> &ApiKey {
        &self.old
    }

    /// Revokes the old key, ending the rotation. See the [type](Self) for retries.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
    /// # let client = emulator.client();
    /// # let old = client.create_key("org-123", "user-123").await?.key;
    /// use whylabs_api_keys::Settlement;
    ///
    /// let mut pending = client.rotate_key(&old).stage().await?;
    /// assert!(matches!(pending.commit().await?, Settlement::Done(_)));
    /// assert!(matches!(pending.commit().await?, Settlement::AlreadyDone(_)));
    /// # Ok(()) }
    /// ```
    pub async fn commit(&mut self) -> Result<Settlement> {
        match &self.state {
            State::Committed(revoked) => return Ok(Settlement::AlreadyDone(revoked.clone())),
            State::Aborted(_) => return Err(self.refusal("commit", "aborted")),
            State::Pending { .. } => {}
        }
        match self.revoke(&self.old).await {
            Ok(revoked) => {
                // A stale copy of the old key (still saying active) must not be rotated again.
                if let Some(claim) = self.claim.take() {
                    claim.retire();
                }
                Ok(self.settle(State::Committed(revoked.clone()), revoked))
            }
            Err(error) => {
                self.state = State::Pending {
                    commit_failed: true,
                };
                Err(error)
            }
        }
    }

    /// Revokes the new key, leaving the old one as it was. See the [type](Self) for retries.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
    /// # let client = emulator.client();
    /// # let old = client.create_key("org-123", "user-123").await?.key;
    /// let mut pending = client.rotate_key(&old).stage().await?;
    /// pending.abort().await?;
    /// assert!(client.get_key("org-123", &old.key_id).await?.is_some());
    /// # Ok(()) }
    /// ```
    pub async fn abort(&mut self) -> Result<Settlement> {
        let commit_failed = match &self.state {
            State::Aborted(revoked) => return Ok(Settlement::AlreadyDone(revoked.clone())),
            State::Committed(_) => return Err(self.refusal("abort", "committed")),
            State::Pending { commit_failed } => *commit_failed,
        };
        if commit_failed {
            self.check_old_key_active().await?;
        }
        let revoked = self.revoke(&self.created.key).await?;
        Ok(self.settle(State::Aborted(revoked.clone()), revoked))
    }

    /// Revokes one of the two keys with the rotation's API.
    async fn revoke(&self, key: &ApiKey) -> Result<ApiKey> {
        match self.via {
            Via::V0 => {
                self.client
                    .revoke_key(&key.org_id, &key.user_id, &key.key_id)
                    .await
            }
            Via::V1 => self.client.delete_key(&key.key_id).await,
        }
    }

    /// Whether the old key reads as active: v0 gets it; v1 lists the organization's active
    /// keys with the client's own key, which is the old one (a 401 says it is revoked).
    async fn old_key_reads_active(&self) -> Result<bool> {
        let old = &self.old;
        match self.via {
            Via::V0 => {
                let found = self.client.get_key(&old.org_id, &old.key_id).await?;
                Ok(found.is_some_and(|key| !key.revoked))
            }
            Via::V1 => match self.client.list_key_metadata().await {
                Ok(listed) => Ok(listed.iter().any(|key| key.key_id == old.key_id)),
                Err(error) if error.is_unauthorized() => Ok(false),
                Err(error) => Err(error),
            },
        }
    }

    /// Whether the old key still reads as active; an error (the new key kept) if not.
    async fn check_old_key_active(&self) -> Result<()> {
        if self.old_key_reads_active().await? {
            return Ok(());
        }
        Err(Error::invalid(
            "rotation",
            format!(
                "old key {} no longer reads as active (the failed commit may have revoked it), \
                 so new key {} is kept: commit again to finish the rotation",
                self.old.key_id, self.created.key.key_id
            ),
        ))
    }

    /// Records the end of the rotation and frees the key for the next one.
    fn settle(&mut self, state: State, revoked: ApiKey) -> Settlement {
        self.state = state;
        self.claim = None;
        Settlement::Done(revoked)
    }

    fn refusal(&self, asked: &str, done: &str) -> Error {
        Error::invalid(
            "rotation",
            format!(
                "cannot {asked} the rotation of {} to {}: it was {done}",
                self.old.key_id, self.created.key.key_id
            ),
        )
    }
}
