//! [`OrgClient`]: the blocking twin of [`crate::client::OrgClient`], a [blocking client](super::Client)
//! bound to one organization.

use crate::blocking::twins::twins;
use crate::blocking::{Client, CreateKey, ListKeys, Runner};
use crate::error::Result;
use crate::models::ApiKey;

/// The v0 methods of a [blocking client](super::Client) for one organization, from
/// [`Client::org`] or [`Client::default_org`]; see [`crate::client::OrgClient`]. Cheap to clone;
/// `Send + Sync`.
///
/// ```no_run
/// let client = whylabs_api_keys::blocking::Client::from_env()?;
/// let org = client.default_org()?; // or client.org("org-123")
/// let created = org.create_key("user-123").send()?;
/// assert_eq!(org.list_keys().send()?, [created.key.clone()]);
/// assert_eq!(org.get_key(&created.key.key_id)?, Some(created.key.clone()));
/// org.revoke_key("user-123", &created.key.key_id)?;
/// # Ok::<(), whylabs_api_keys::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct OrgClient {
    org: crate::client::OrgClient,
    runner: Runner,
}

impl OrgClient {
    twins!(read org {
        /// [`crate::client::OrgClient::org_id`].
        pub fn org_id(&self) -> &str;
    });

    twins!(request org {
        /// [`crate::client::OrgClient::create_key`], then [`Request::send`](super::Request::send).
        pub fn create_key(&self, user_id: impl Into<String>) -> CreateKey;
        /// [`crate::client::OrgClient::list_keys`], then [`Request::send`](super::Request::send).
        pub fn list_keys(&self) -> ListKeys;
    });

    twins!(call org {
        /// [`crate::client::OrgClient::get_key`].
        pub fn get_key(&self, key_id: &str) -> Result<Option<ApiKey>>;
        /// [`crate::client::OrgClient::revoke_key`].
        pub fn revoke_key(&self, user_id: &str, key_id: &str) -> Result<ApiKey>;
    });
}

impl Client {
    /// [`crate::client::Client::org`]: this client's v0 methods for the organization `org_id`.
    ///
    /// ```
    /// let async_client = whylabs_api_keys::Client::builder().api_key("fh4dUNV3WQ.secret").build()?;
    /// let client = whylabs_api_keys::blocking::Client::new(async_client)?;
    /// assert_eq!(client.org("org-123").org_id(), "org-123");
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn org(&self, org_id: impl Into<String>) -> OrgClient {
        OrgClient {
            org: self.client.org(org_id),
            runner: self.runner.clone(),
        }
    }

    /// [`crate::client::Client::default_org`]: this client's v0 methods for its default organization;
    /// an [`Error::Config`](crate::Error::Config) when none is set.
    ///
    /// ```
    /// let async_client = whylabs_api_keys::Client::builder()
    ///     .api_key("fh4dUNV3WQ.secret")
    ///     .default_org_id("org-123")
    ///     .build()?;
    /// let client = whylabs_api_keys::blocking::Client::new(async_client)?;
    /// assert_eq!(client.default_org()?.org_id(), "org-123");
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn default_org(&self) -> Result<OrgClient> {
        Ok(OrgClient {
            org: self.client.default_org()?,
            runner: self.runner.clone(),
        })
    }
}
