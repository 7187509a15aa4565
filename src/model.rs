//! The key models users read: [`ApiKey`] (metadata) and [`CreatedApiKey`] (metadata + secret).

use chrono::{DateTime, Utc};

use crate::generated::types::UserApiKey;
use crate::scope::Scope;
use crate::secret::ApiKeySecret;

/// An API key's metadata, as create, get, list and revoke return it. Never holds the secret.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> whylabs_api_keys::Result<()> {
/// # let emulator = whylabs_api_keys::emulator::Emulator::start().await;
/// # let client = emulator.client();
/// let key = client.create_key("org-123", "user-123").await?.key;
/// println!("{} of {} created {}", key.key_id, key.user_id, key.creation_time);
/// if key.is_active_at(chrono::Utc::now()) {
///     println!("still usable");
/// }
/// # assert!(key.is_active_at(chrono::Utc::now()));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiKey {
    /// The key's 10-character public id, such as `fh4dUNV3WQ`.
    pub key_id: String,
    /// The organization the key belongs to.
    pub org_id: String,
    /// The user the key belongs to.
    pub user_id: String,
    /// The human-friendly name; `None` when the key has none (the server sends `""` then).
    pub alias: Option<String>,
    /// The key's scopes.
    pub scopes: Vec<Scope>,
    /// Whether the key has been revoked (`false` when the server omits it).
    pub revoked: bool,
    /// When the key was created.
    pub creation_time: DateTime<Utc>,
    /// When the key expires; `None` for a key that never expires.
    pub expiration_time: Option<DateTime<Utc>>,
    /// When the key last authenticated a request, when the server tracks it.
    pub last_used_time: Option<DateTime<Utc>>,
    /// The resource the key is restricted to, if any.
    pub resource_id: Option<String>,
}

impl ApiKey {
    /// Whether the key can authenticate at `now`: not revoked and not expired.
    pub fn is_active_at(&self, now: DateTime<Utc>) -> bool {
        !self.revoked && self.expiration_time.is_none_or(|expires| expires > now)
    }

    /// Splits a generated key into metadata and the secret it may carry.
    pub(crate) fn from_generated(key: UserApiKey) -> (Self, Option<ApiKeySecret>) {
        let metadata = ApiKey {
            key_id: key.key_id,
            org_id: key.org_id,
            user_id: key.user_id,
            alias: key.alias.filter(|alias| !alias.is_empty()),
            scopes: key
                .scopes
                .unwrap_or_default()
                .into_iter()
                .map(Scope::from)
                .collect(),
            revoked: key.revoked.unwrap_or(false),
            creation_time: key.creation_time.to_datetime(),
            expiration_time: key.expiration_time.map(|t| t.to_datetime()),
            last_used_time: key.last_used_time.map(|t| t.to_datetime()),
            resource_id: key.resource_id,
        };
        (metadata, key.key)
    }
}

/// A key that was just created: its metadata and its secret, which the server returns only
/// this once. `Debug` shows the secret redacted.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> whylabs_api_keys::Result<()> {
/// # let emulator = whylabs_api_keys::emulator::Emulator::start().await;
/// # let client = emulator.client();
/// let created = client.create_key("org-123", "user-123").send().await?;
/// println!("created {}", created.key.key_id);
/// hand_to_owner(created.secret().expose_secret());
/// # Ok(()) }
/// # fn hand_to_owner(_: &str) {}
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct CreatedApiKey {
    /// The key's metadata.
    pub key: ApiKey,
    secret: ApiKeySecret,
}

impl CreatedApiKey {
    pub(crate) fn new(key: ApiKey, secret: ApiKeySecret) -> Self {
        Self { key, secret }
    }

    /// The secret, to hand to the key's owner once.
    pub fn secret(&self) -> &ApiKeySecret {
        &self.secret
    }

    /// Splits into metadata and secret.
    pub fn into_parts(self) -> (ApiKey, ApiKeySecret) {
        (self.key, self.secret)
    }
}
