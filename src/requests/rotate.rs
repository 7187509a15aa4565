//! [`RotateKey`]: replace a key with a fresh one for the same user, then revoke the old one.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::models::{ApiKey, CreatedApiKey};
use crate::reconcile::KeyApi;
use crate::requests::awaitable;
use crate::requests::expiration::Expiration;
use crate::requests::pending_rotation::{PendingRotation, Via};

/// The outcome of a rotation: the replacement (with its secret) and the revoked old key.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RotatedApiKey {
    /// The replacement key and its secret, shown only this once.
    pub created: CreatedApiKey,
    /// The old key's metadata after its revocation.
    pub revoked: ApiKey,
}

/// A rotation, from [`Client::rotate_key`]. `send()` it or `.await` it.
///
/// The replacement gets the old key's user, alias and scopes. Its expiration is the one set
/// here (the last of [`expires_at`](Self::expires_at) and [`expires_in`](Self::expires_in)
/// wins, as on [`CreateKey`](crate::CreateKey)), or else the old key's lifetime (expiration
/// minus creation) counted from now; a key that never expired is replaced by one that never
/// expires, and a key whose expiration does not follow its creation is refused with
/// [`Error::InvalidInput`] unless an expiration is set here. If revoking the old key fails,
/// the error is [`Error::RotationIncomplete`], which carries the new key and its secret.
///
/// The replacement's create is the same as [`CreateKey`](crate::CreateKey)'s: reconciled when
/// its outcome is unknown ([`Error::CreateOutcomeUnknown`], the old key untouched). One key is
/// rotated once at a time per client (clones included): a second rotation of a key while one
/// runs is refused with [`Error::RotationInProgress`] before anything is sent, and a rotation
/// of a key that an earlier rotation of this client revoked (a stale copy) is refused with
/// [`Error::InvalidInput`], also before anything is sent.
///
/// ```
/// use whylabs_api_keys::Error;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> whylabs_api_keys::Result<()> {
/// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
/// # let client = emulator.client();
/// # let old = client.create_key("org-123", "user-123").await?.key;
/// match client.rotate_key(&old).await {
///     Ok(rotated) => store(rotated.created.secret().expose_secret()),
///     Err(Error::RotationIncomplete { new_key, old_key_id, .. }) => {
///         store(new_key.secret().expose_secret()); // nothing is lost
///         eprintln!("revoke {old_key_id} again later");
///     }
///     Err(e) => eprintln!("rotation failed, old key untouched: {e}"),
/// }
/// # // A revoked key reads as unknown (`{}`), as on the real server.
/// # assert!(client.get_key("org-123", &old.key_id).await?.is_none());
/// # Ok(()) }
/// # fn store(_: &str) {}
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct RotateKey {
    client: Client,
    via: Via,
    old: ApiKey,
    expiration: Option<Expiration>,
}

impl RotateKey {
    pub(crate) fn new(client: Client, via: Via, old: ApiKey) -> Self {
        Self {
            client,
            via,
            old,
            expiration: None,
        }
    }

    /// The replacement expires at this instant instead of carrying the old lifetime over.
    /// Replaces an earlier [`expires_in`](Self::expires_in).
    pub fn expires_at(mut self, at: DateTime<Utc>) -> Self {
        self.expiration = Some(Expiration::At(at));
        self
    }

    /// The replacement expires this long after it is created. Replaces an earlier
    /// [`expires_at`](Self::expires_at).
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.expiration = Some(Expiration::In(lifetime));
        self
    }

    /// Creates the replacement, then revokes the old key: [`stage`](Self::stage), then
    /// [`PendingRotation::commit`]. A failed revoke is [`Error::RotationIncomplete`].
    pub async fn send(self) -> Result<RotatedApiKey> {
        let mut pending = self.stage().await?;
        match pending.commit().await {
            Ok(settled) => Ok(RotatedApiKey {
                created: pending.new_key().clone(),
                revoked: settled.key().clone(),
            }),
            Err(source) => Err(Error::RotationIncomplete {
                new_key: Box::new(pending.new_key().clone()),
                old_key_id: pending.old_key().key_id.clone(),
                source: Box::new(source),
            }),
        }
    }

    /// Creates the replacement and stops there: both keys are active until the returned
    /// [`PendingRotation`] is committed (the old key revoked) or aborted (the new one
    /// revoked). Store the new secret in between, so that a failure to store it can still
    /// leave the old key working.
    ///
    /// The checks and the create are [`send`](Self::send)'s (the create reconciled when its
    /// outcome is unknown); the key stays claimed for this client's rotations from here until
    /// the commit or abort succeeds.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
    /// # let client = emulator.client();
    /// # let old = client.create_key("org-123", "user-123").await?.key;
    /// let mut pending = client
    ///     .rotate_key(&old)
    ///     .expires_in(std::time::Duration::from_secs(90 * 86_400))
    ///     .stage()
    ///     .await?;
    /// let path = std::env::temp_dir().join("rotate-stage-doc.key");
    /// if std::fs::write(&path, pending.new_key().secret().expose_secret()).is_ok() {
    ///     pending.commit().await?;
    /// } else {
    ///     pending.abort().await?;
    /// }
    /// # let _ = std::fs::remove_file(&path);
    /// # Ok(()) }
    /// ```
    pub async fn stage(self) -> Result<PendingRotation> {
        let old = &self.old;
        if self.via == Via::V1 {
            self.refuse_unless_own()?;
        }
        if old.revoked {
            return Err(Error::invalid(
                "key",
                format!("{} is already revoked", old.key_id),
            ));
        }
        let expiration = match self.expiration {
            Some(expiration) => Some(expiration),
            None => carried_over_lifetime(old)?,
        };
        // Held until the rotation is committed or aborted: a second rotation of the key would
        // make a second replacement.
        let claim = self
            .client
            .ledger()
            .claim_rotation(&old.org_id, &old.key_id)?;
        let created = self.create(expiration).await?;
        Ok(PendingRotation::new(
            self.client,
            self.via,
            self.old,
            created,
            claim,
        ))
    }

    /// Creates the replacement: the old key's user, alias and scopes, with `expiration`.
    async fn create(&self, expiration: Option<Expiration>) -> Result<CreatedApiKey> {
        let old = &self.old;
        let rotating = Some(old.key_id.as_str());
        match self.via {
            Via::V0 => {
                let create = self.client.create_key(&old.org_id, &old.user_id);
                create
                    .replacing(old, expiration)
                    .send_rotating(rotating)
                    .await
            }
            Via::V1 => {
                let generate = self.client.generate_key().replacing(old, expiration);
                generate.send_rotating(rotating).await
            }
        }
    }

    /// v1 deletes only the caller's own keys and names no key's owner, so the one key it can
    /// rotate for sure is the one the client calls with; any other is refused here, before
    /// a replacement exists that could not be swapped in. So is a client acting on a managed
    /// organization other than the key's: its generate would make the replacement there.
    fn refuse_unless_own(&self) -> Result<()> {
        let (old, own) = (&self.old, self.client.own_key_id());
        if own != Some(old.key_id.as_str()) {
            let calling = own.map_or_else(String::new, |id| format!(" ({id})"));
            let reason = format!(
                "{} is not the key this client calls with{calling}: v1 deletes only the \
                 caller's own keys and does not say whose a key is, so it rotates only the \
                 client's own key; rotate other keys with a system key (v0)",
                old.key_id
            );
            return Err(Error::invalid("key", reason));
        }
        match self.client.managed_org() {
            Some(managed) if managed != old.org_id => Err(Error::invalid(
                "managed_org",
                format!(
                    "the client acts on {managed}, so v1 would generate the replacement of {} \
                     there instead of in its own organization {}: rotate it with a client \
                     without managed_org",
                    old.key_id, old.org_id
                ),
            )),
            _ => Ok(()),
        }
    }
}

/// The old key's lifetime, to give the replacement: `None` for a key that never expires, an
/// error for one whose expiration does not follow its creation (its lifetime is meaningless,
/// and sending none would make a key that never expires).
fn carried_over_lifetime(old: &ApiKey) -> Result<Option<Expiration>> {
    let Some(expires) = old.expiration_time else {
        return Ok(None);
    };
    match (expires - old.creation_time).to_std() {
        Ok(lifetime) if !lifetime.is_zero() => Ok(Some(Expiration::In(lifetime))),
        _ => Err(Error::invalid(
            "expiration",
            format!(
                "{} expires at {expires}, not after its creation at {}, so its lifetime cannot be \
                 carried over: set expires_in or expires_at",
                old.key_id, old.creation_time
            ),
        )),
    }
}

awaitable!(RotateKey => Result<RotatedApiKey>);
