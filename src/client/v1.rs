//! The v1 self-service methods of [`Client`]: what an organization's administrators call with
//! their own key (`:administrator` or `:account_administrator`) to validate it, generate and
//! delete their own keys and see the organization's key metadata. Validate accepts any valid
//! key. The organization is the key's own, or [`ClientBuilder::managed_org`](crate::ClientBuilder::managed_org).

use std::time::Instant;

use crate::client::Client;
use crate::client::revoked::Requested;
use crate::convert;
use crate::error::Result;
use crate::models::{ApiKey, ApiKeyMetadata, KeyValidation};
use crate::operation::Operation;
use crate::outcome::execute;
use crate::requests::{GenerateKey, RotateKey, Via};
use crate::validate;

/// v1: an organization administrator's key (validate: any valid key).
impl Client {
    /// Checks that the configured key is valid, a cheap preflight a service can run at start.
    /// An unknown, revoked or expired key is an error for which
    /// [`Error::is_unauthorized`](crate::Error::is_unauthorized) holds.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
    /// let client = emulator.client();
    /// client.validate_key().await?;
    /// let wrong = emulator.client_builder().api_key("AAAAAAAAAA.wrong").build()?;
    /// assert!(wrong.validate_key().await.unwrap_err().is_unauthorized());
    /// # Ok(()) }
    /// ```
    pub async fn validate_key(&self) -> Result<KeyValidation> {
        let generated = self.call_within(None);
        let mut call = generated.validate_api_key();
        if let Some(org) = self.managed_org() {
            call = call.x_whylabs_organization(org);
        }
        let answer = execute(Operation::Validate, &generated, call.send()).await?;
        Ok(KeyValidation {
            request_id: answer.request_id,
        })
    }

    /// Generates a key for the caller (the configured key's user) in its organization; set
    /// scopes, alias, expiration and resource on the returned request, then `send` it. The
    /// answer holds the secret, shown only this once.
    ///
    /// ```
    /// use whylabs_api_keys::Scope;
    /// use whylabs_api_keys_emulator::Emulator;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// let emulator = Emulator::builder().paid_org("org-123").start().await.unwrap();
    /// let admin = emulator.issue_key("org-123", "admin-1", [Scope::Administrator]);
    /// let client = emulator.client_builder().api_key(admin).build()?;
    /// let created = client.generate_key().scopes([Scope::WriteData]).alias("uploader").await?;
    /// assert_eq!(created.key.user_id, "admin-1");
    /// # Ok(()) }
    /// ```
    pub fn generate_key(&self) -> GenerateKey {
        GenerateKey::new(self.clone())
    }

    /// Deletes (revokes) one of the caller's own keys and returns its metadata with
    /// `revoked: true`. A key of another user, or an unknown one, is an error for which
    /// [`Error::is_not_found`](crate::Error::is_not_found) holds: v1 deletes only the caller's
    /// own keys. An answer that is another key (another `keyId`) or does not say `revoked: true` is [`Error::RevokeNotConfirmed`](crate::Error::RevokeNotConfirmed).
    ///
    /// ```
    /// # use whylabs_api_keys::Scope;
    /// # use whylabs_api_keys_emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// # let emulator = Emulator::builder().paid_org("org-123").start().await.unwrap();
    /// # let admin = emulator.issue_key("org-123", "admin-1", [Scope::Administrator]);
    /// # let client = emulator.client_builder().api_key(admin).build()?;
    /// let key_id = client.generate_key().await?.key.key_id;
    /// assert!(client.delete_key(&key_id).await?.revoked);
    /// # Ok(()) }
    /// ```
    pub async fn delete_key(&self, key_id: &str) -> Result<ApiKey> {
        self.delete_key_within(key_id, None).await
    }

    /// [`delete_key`](Self::delete_key), ending by `deadline` at the latest.
    pub(crate) async fn delete_key_within(
        &self,
        key_id: &str,
        deadline: Option<Instant>,
    ) -> Result<ApiKey> {
        validate::id("key_id", key_id)?;
        let generated = self.call_within(deadline);
        let mut call = generated.delete_api_key().key_id(key_id);
        if let Some(org) = self.managed_org() {
            call = call.x_whylabs_organization(org);
        }
        let deleted = execute(Operation::Delete, &generated, call.send()).await?;
        let requested = Requested {
            operation: Operation::Delete,
            key_id,
            // Key ids are unique across organizations; the caller's is not known here.
            org_id: None,
            user_id: None,
        };
        self.confirm_revoked(&requested, convert::api_key(deleted).0)
    }

    /// Rotates the key this client calls with ([`own_key_id`](Self::own_key_id)), `old`
    /// being its metadata as generated (v1 lists no creation times, and the lifetime is
    /// carried over from them): generates a replacement with its alias, scopes and lifetime
    /// for the caller, then deletes `old`. [`RotateKey`] says the rest, [`stage`](RotateKey::stage)
    /// included; revoking is v1's delete, so no system key is needed.
    ///
    /// Any other key is refused with [`Error::InvalidInput`](crate::Error::InvalidInput)
    /// before anything is sent: v1 deletes only the caller's own keys and names no key's
    /// owner, so the one key it can rotate for sure is the client's own. So is a client with a
    /// [`managed_org`](crate::ClientBuilder::managed_org) other than the key's organization
    /// (the replacement would be generated there). Once the rotation is
    /// committed, this client's key is revoked: build a client with the new secret.
    ///
    /// ```
    /// # use whylabs_api_keys::Scope;
    /// # use whylabs_api_keys_emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// # let emulator = Emulator::builder().paid_org("org-123").start().await.unwrap();
    /// # let admin = emulator.issue_key("org-123", "admin-1", [Scope::Administrator]);
    /// # let first = emulator.client_builder().api_key(admin).build()?;
    /// // A service's administrator key, generated earlier with its metadata kept.
    /// let created = first.generate_key().scopes([Scope::Administrator]).alias("ci").await?;
    /// let client = emulator.client_builder().api_key(created.secret().clone()).build()?;
    /// let rotated = client.rotate_own_key(&created.key).await?;
    /// let client = emulator.client_builder().api_key(rotated.created.secret().clone()).build()?;
    /// let active = client.list_key_metadata().await?;
    /// assert!(active.iter().all(|key| key.key_id != created.key.key_id)); // the old key is gone
    /// # Ok(()) }
    /// ```
    pub fn rotate_own_key(&self, old: &ApiKey) -> RotateKey {
        RotateKey::new(self.clone(), Via::V1, old.clone())
    }

    /// The metadata of the organization's active keys: ids, expirations, scopes and aliases
    /// (no users, creation or last-use times, never secrets).
    ///
    /// ```
    /// # use whylabs_api_keys::Scope;
    /// # use whylabs_api_keys_emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// # let emulator = Emulator::builder().paid_org("org-123").start().await.unwrap();
    /// # let admin = emulator.issue_key("org-123", "admin-1", [Scope::Administrator]);
    /// # let client = emulator.client_builder().api_key(admin).build()?;
    /// for key in client.list_key_metadata().await? {
    ///     println!("{} expires {:?}", key.key_id, key.expiration_time);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list_key_metadata(&self) -> Result<Vec<ApiKeyMetadata>> {
        self.list_key_metadata_within(None).await
    }

    /// [`list_key_metadata`](Self::list_key_metadata), ending by `deadline` at the latest.
    pub(crate) async fn list_key_metadata_within(
        &self,
        deadline: Option<Instant>,
    ) -> Result<Vec<ApiKeyMetadata>> {
        let generated = self.call_within(deadline);
        let mut call = generated.list_api_key_metadata();
        if let Some(org) = self.managed_org() {
            call = call.x_whylabs_organization(org);
        }
        let listed = execute(Operation::ListMetadata, &generated, call.send()).await?;
        Ok(listed
            .items
            .into_iter()
            .map(convert::key_metadata)
            .collect())
    }
}
