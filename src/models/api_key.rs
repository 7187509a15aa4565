//! The key models users read: [`ApiKey`] (metadata) and [`CreatedApiKey`] (metadata + secret).

use chrono::{DateTime, Utc};

use crate::models::ApiKeySecret;
use crate::models::Scope;

/// An API key's metadata, as create, get, list and revoke return it. Never holds the secret.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> whylabs_api_keys::Result<()> {
/// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
/// # let client = emulator.client();
/// let key = client.create_key("org-123", "user-123").await?.key;
/// println!("{} of {} created {}", key.key_id, key.user_id, key.creation_time);
/// if key.is_active_at(chrono::Utc::now()) {
///     println!("still usable");
/// }
/// # assert!(key.is_active_at(chrono::Utc::now()));
/// # Ok(()) }
/// ```
///
/// It serializes with serde in the API's own field names (`keyId`, `creationTime`, ...; times
/// as RFC 3339), for reports and caches; it never holds a secret, so neither does its JSON.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use whylabs_api_keys::ApiKey;
///
/// let created = Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap();
/// let mut key = ApiKey::new("fh4dUNV3WQ", "org-123", "user-123", created);
/// key.alias = Some("nightly-upload".to_string());
/// let json = serde_json::to_value(&key).unwrap();
/// assert_eq!(json["keyId"], "fh4dUNV3WQ");
/// assert_eq!(json["creationTime"], "2024-01-02T03:04:05Z");
/// assert_eq!(serde_json::from_value::<ApiKey>(json).unwrap(), key);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApiKey {
    /// The key's 10-character public id, such as `fh4dUNV3WQ`.
    pub key_id: String,
    /// The organization the key belongs to.
    pub org_id: String,
    /// The user the key belongs to.
    pub user_id: String,
    /// The human-friendly name; `None` when the key has none (the server sends `""` then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// The key's scopes.
    #[serde(default)]
    pub scopes: Vec<Scope>,
    /// Whether the key has been revoked (`false` when the server omits it).
    #[serde(default)]
    pub revoked: bool,
    /// When the key was created.
    pub creation_time: DateTime<Utc>,
    /// When the key expires; `None` for a key that never expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_time: Option<DateTime<Utc>>,
    /// When the key last authenticated a request, when the server tracks it. The server
    /// updates it in batches, so it may lag real use by some minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_time: Option<DateTime<Utc>>,
    /// The resource the key is restricted to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
}

impl ApiKey {
    /// A key with these ids and creation time, and no alias, scopes, expiration, last use or
    /// resource, not revoked: for building keys in tests of code that reads them. Set the
    /// other fields directly, as they are public.
    ///
    /// ```
    /// let mut key = whylabs_api_keys::ApiKey::new("fh4dUNV3WQ", "org-123", "user-123", chrono::Utc::now());
    /// key.revoked = true;
    /// assert!(!key.is_active_at(chrono::Utc::now()));
    /// ```
    pub fn new(
        key_id: impl Into<String>,
        org_id: impl Into<String>,
        user_id: impl Into<String>,
        creation_time: DateTime<Utc>,
    ) -> Self {
        Self {
            key_id: key_id.into(),
            org_id: org_id.into(),
            user_id: user_id.into(),
            alias: None,
            scopes: Vec::new(),
            revoked: false,
            creation_time,
            expiration_time: None,
            last_used_time: None,
            resource_id: None,
        }
    }

    /// Whether the key can authenticate at `now`: not revoked and not expired.
    pub fn is_active_at(&self, now: DateTime<Utc>) -> bool {
        !self.revoked && self.expiration_time.is_none_or(|expires| expires > now)
    }
}

/// A key that was just created: its metadata and its secret, which the server returns only
/// this once. `Debug` shows the secret redacted. It has no serde derive on purpose: writing
/// the secret anywhere is an explicit [`ApiKeySecret::expose_secret`] call.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> whylabs_api_keys::Result<()> {
/// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
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
    /// Pairs a key's metadata with its secret, for tests of code that hands secrets out.
    ///
    /// ```
    /// use whylabs_api_keys::{ApiKey, ApiKeySecret, CreatedApiKey};
    ///
    /// let key = ApiKey::new("fh4dUNV3WQ", "org-123", "user-123", chrono::Utc::now());
    /// let created = CreatedApiKey::new(key, ApiKeySecret::from("fh4dUNV3WQ.test-secret"));
    /// assert_eq!(created.secret().key_id(), Some("fh4dUNV3WQ"));
    /// ```
    pub fn new(key: ApiKey, secret: ApiKeySecret) -> Self {
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
