//! The v1 self-service models: [`ApiKeyMetadata`] (what an organization's administrators may
//! see of its keys) and [`KeyValidation`] (the answer of validate).

use chrono::{DateTime, Utc};

use crate::models::Scope;

/// What the v1 API shows of an organization's active key: id, organization, expiration,
/// scopes and alias. Unlike [`ApiKey`](crate::ApiKey) it has no user, creation or last-use
/// time (the server does not send them) and never a secret.
///
/// It serializes with serde in the API's field names (`keyId`, `expirationTime`, ...).
///
/// ```
/// use whylabs_api_keys::{ApiKeyMetadata, Scope};
///
/// let mut key = ApiKeyMetadata::new("fh4dUNV3WQ", "org-123");
/// key.scopes = vec![Scope::WriteData];
/// assert_eq!(serde_json::to_value(&key).unwrap()["scopes"][0], ":write_data");
/// assert!(key.expiration_time.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApiKeyMetadata {
    /// The key's 10-character public id, such as `fh4dUNV3WQ`.
    pub key_id: String,
    /// The organization the key belongs to.
    pub org_id: String,
    /// When the key expires; `None` for a key that never expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_time: Option<DateTime<Utc>>,
    /// The key's scopes.
    #[serde(default)]
    pub scopes: Vec<Scope>,
    /// The human-friendly name; `None` when the key has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
}

impl ApiKeyMetadata {
    /// Metadata with these ids and nothing else, for tests of code that reads it; set the
    /// other fields directly.
    ///
    /// ```
    /// let key = whylabs_api_keys::ApiKeyMetadata::new("fh4dUNV3WQ", "org-123");
    /// assert_eq!(key.org_id, "org-123");
    /// ```
    pub fn new(key_id: impl Into<String>, org_id: impl Into<String>) -> Self {
        Self {
            key_id: key_id.into(),
            org_id: org_id.into(),
            expiration_time: None,
            scopes: Vec::new(),
            alias: None,
        }
    }
}

/// The answer of [`Client::validate_key`](crate::Client::validate_key): the configured key is
/// valid (an invalid one is an error).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> whylabs_api_keys::Result<()> {
/// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
/// let validation = emulator.client().validate_key().await?;
/// println!("valid (request {:?})", validation.request_id);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct KeyValidation {
    /// The server's id of the validating request, to quote to WhyLabs support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}
