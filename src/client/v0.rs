//! The v0 back-office methods of [`Client`]: create, get, list, revoke and rotate the keys of
//! any user of any organization. They need a **system key** (`:whylabs_system`); every other
//! key is answered 403 (see the v1 methods for an organization's administrators).

use std::time::Instant;

use crate::client::Client;
use crate::client::revoked::Requested;
use crate::convert;
use crate::error::Result;
use crate::models::ApiKey;
use crate::operation::Operation;
use crate::outcome::execute;
use crate::requests::{CreateKey, ListKeys, RotateKey, Via};
use crate::validate;

/// v0: needs a system key.
impl Client {
    /// Creates a key for `user_id` in `org_id`; set alias, scopes and expiration on the
    /// returned request, then `send` it. The answer holds the key's secret, shown only this once.
    pub fn create_key(&self, org_id: impl Into<String>, user_id: impl Into<String>) -> CreateKey {
        CreateKey::new(self.clone(), org_id.into(), user_id.into())
    }

    /// Looks up one key's metadata; `Ok(None)` when the server does not know the key (it
    /// answers `{}` then, not 404).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
    /// # let client = emulator.client();
    /// # let key_id = client.create_key("org-123", "user-123").await?.key.key_id;
    /// match client.get_key("org-123", &key_id).await? {
    ///     Some(key) => println!("{} revoked: {}", key.key_id, key.revoked),
    ///     None => println!("unknown key"),
    /// }
    /// assert_eq!(client.get_key("org-123", "fh4dUNV3WQ").await?, None);
    /// # Ok(()) }
    /// ```
    pub async fn get_key(&self, org_id: &str, key_id: &str) -> Result<Option<ApiKey>> {
        validate::id("org_id", org_id)?;
        validate::id("key_id", key_id)?;
        let generated = self.call_within(None);
        let call = generated.get_api_key().org_id(org_id).key_id(key_id).send();
        let found = execute(Operation::Get, &generated, call).await?;
        Ok(found.key.map(|key| convert::api_key(key).0))
    }

    /// Lists keys' metadata (never secrets). Without [`ListKeys::user`]: every non-revoked key
    /// of the organization, **expired ones included** (see [`ApiKey::is_active_at`]), revoked
    /// ones never. With a user: all of that user's keys, revoked and expired ones included,
    /// without `last_used_time`. See [`ListKeys`].
    pub fn list_keys(&self, org_id: impl Into<String>) -> ListKeys {
        ListKeys::new(self.clone(), org_id.into())
    }

    /// Revokes a key and returns its metadata with `revoked: true`. Revoking a revoked key
    /// succeeds again; an unknown key is an error for which
    /// [`Error::is_not_found`](crate::Error::is_not_found) holds.
    ///
    /// A success is only ever the server's confirmation: an answer that is not this key (another
    /// `keyId`, `orgId` or `userId`) or does not say `revoked: true` is
    /// [`Error::RevokeNotConfirmed`](crate::Error::RevokeNotConfirmed), never `Ok`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
    /// # let client = emulator.client();
    /// # let key_id = client.create_key("org-123", "user-123").await?.key.key_id;
    /// let revoked = client.revoke_key("org-123", "user-123", &key_id).await?;
    /// assert!(revoked.revoked);
    /// let unknown = client.revoke_key("org-123", "user-123", "HMiFAgQeNb").await;
    /// assert!(unknown.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn revoke_key(&self, org_id: &str, user_id: &str, key_id: &str) -> Result<ApiKey> {
        self.revoke_key_within(org_id, user_id, key_id, None).await
    }

    /// [`revoke_key`](Self::revoke_key), ending by `deadline` at the latest.
    pub(crate) async fn revoke_key_within(
        &self,
        org_id: &str,
        user_id: &str,
        key_id: &str,
        deadline: Option<Instant>,
    ) -> Result<ApiKey> {
        validate::id("org_id", org_id)?;
        validate::id("user_id", user_id)?;
        validate::id("key_id", key_id)?;
        let generated = self.call_within(deadline);
        let call = generated
            .revoke_api_key()
            .org_id(org_id)
            .user_id(user_id)
            .key_id(key_id)
            .send();
        let revoked = execute(Operation::Revoke, &generated, call).await?;
        let requested = Requested {
            operation: Operation::Revoke,
            key_id,
            org_id: Some(org_id),
            user_id: Some(user_id),
        };
        self.confirm_revoked(&requested, convert::api_key(revoked).0)
    }

    /// Replaces `old` with a new key for the same user, alias and scopes, then revokes `old`;
    /// see [`RotateKey`] for the expiration and what happens when the revoke fails.
    pub fn rotate_key(&self, old: &ApiKey) -> RotateKey {
        RotateKey::new(self.clone(), Via::V0, old.clone())
    }
}
