//! [`OrgClient`]: a [`Client`] bound to one organization, so that a program configured by
//! `WHYLABS_DEFAULT_ORG_ID` (or one that works on one organization) does not repeat it.

use crate::client::Client;
use crate::error::{Error, Result};
use crate::models::ApiKey;
use crate::requests::{CreateKey, ListKeys};

/// The v0 methods of a [`Client`] for one organization, from [`Client::org`] or
/// [`Client::default_org`]. Cheap to clone; `Send + Sync`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> whylabs_api_keys::Result<()> {
/// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
/// let client = emulator.client_builder().default_org_id("org-123").build()?;
/// let org = client.default_org()?; // or client.org("org-123")
/// let created = org.create_key("user-123").await?;
/// assert_eq!(org.list_keys().await?, [created.key.clone()]);
/// org.revoke_key("user-123", &created.key.key_id).await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct OrgClient {
    client: Client,
    org_id: String,
}

impl OrgClient {
    /// The organization this handle acts on.
    ///
    /// ```
    /// let client = whylabs_api_keys::Client::builder().api_key("fh4dUNV3WQ.secret").build()?;
    /// assert_eq!(client.org("org-123").org_id(), "org-123");
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn org_id(&self) -> &str {
        &self.org_id
    }

    /// [`Client::create_key`] in this organization.
    pub fn create_key(&self, user_id: impl Into<String>) -> CreateKey {
        self.client.create_key(self.org_id.as_str(), user_id)
    }

    /// [`Client::get_key`] in this organization.
    pub async fn get_key(&self, key_id: &str) -> Result<Option<ApiKey>> {
        self.client.get_key(&self.org_id, key_id).await
    }

    /// [`Client::list_keys`] of this organization.
    pub fn list_keys(&self) -> ListKeys {
        self.client.list_keys(self.org_id.as_str())
    }

    /// [`Client::revoke_key`] in this organization.
    pub async fn revoke_key(&self, user_id: &str, key_id: &str) -> Result<ApiKey> {
        self.client.revoke_key(&self.org_id, user_id, key_id).await
    }
}

impl Client {
    /// This client's v0 methods for the organization `org_id`.
    ///
    /// ```
    /// let client = whylabs_api_keys::Client::builder().api_key("fh4dUNV3WQ.secret").build()?;
    /// let org = client.org("org-123");
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn org(&self, org_id: impl Into<String>) -> OrgClient {
        OrgClient {
            client: self.clone(),
            org_id: org_id.into(),
        }
    }

    /// This client's v0 methods for its default organization (`WHYLABS_DEFAULT_ORG_ID` or
    /// [`ClientBuilder::default_org_id`](crate::ClientBuilder::default_org_id)); an
    /// [`Error::Config`] naming `WHYLABS_DEFAULT_ORG_ID` when none is set.
    ///
    /// ```
    /// let client = whylabs_api_keys::Client::builder().api_key("fh4dUNV3WQ.secret").build()?;
    /// assert!(client.default_org().is_err());
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn default_org(&self) -> Result<OrgClient> {
        let org_id = self.default_org_id().ok_or_else(|| {
            Error::config(
                "WHYLABS_DEFAULT_ORG_ID",
                "is not set (nor ClientBuilder::default_org_id)",
            )
        })?;
        Ok(self.org(org_id))
    }
}
