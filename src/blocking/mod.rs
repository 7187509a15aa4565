//! A blocking client (feature `blocking`): the same methods as [`crate::client::Client`] and
//! [`crate::client::OrgClient`], without `async`, safe to call from inside a Tokio runtime as well as
//! from plain threads.
//!
//! It runs the async client on a current-thread runtime of its own thread (not the caller's),
//! which is why it works where `reqwest::blocking` panics: inside `#[tokio::main]`, in a
//! `#[tokio::test]`, in a synchronous callback of an async program. Every method is a twin of
//! the async one of the same name (`twins.rs`), and a test fails when one is missing.
//!
//! ```
//! use whylabs_api_keys::Scope;
//! use whylabs_api_keys::blocking::Client;
//!
//! # let runtime = tokio::runtime::Runtime::new().unwrap();
//! # let emulator = runtime.block_on(whylabs_api_keys_emulator::Emulator::start());
//! # let async_client = emulator.client();
//! let client = Client::new(async_client)?; // or Client::from_env()?
//! let created = client.create_key("org-123", "user-123").scopes([Scope::User]).send()?;
//! assert_eq!(client.list_keys("org-123").send()?.len(), 1);
//! client.revoke_key("org-123", "user-123", &created.key.key_id)?;
//! # Ok::<(), whylabs_api_keys::Error>(())
//! ```

mod org;
mod pending_rotation;
mod requests;
mod runner;
mod twins;

use crate::config::Timeouts;
use crate::error::Result;
use crate::models::{ApiKey, ApiKeyMetadata, KeyValidation};
pub use org::OrgClient;
pub use pending_rotation::PendingRotation;
pub use requests::{CreateKey, GenerateKey, ListKeys, Request, RotateKey};
use runner::Runner;
use twins::twins;

/// The blocking counterpart of [`crate::client::Client`]; see the [module](self). Cheap to clone;
/// `Send + Sync`. The runtime thread ends when the last clone (and its last request) is
/// dropped.
#[derive(Clone, Debug)]
pub struct Client {
    client: crate::client::Client,
    runner: Runner,
}

impl Client {
    /// Wraps an async client, starting the runtime thread its calls run on.
    ///
    /// ```
    /// let async_client = whylabs_api_keys::Client::builder().api_key("fh4dUNV3WQ.secret").build()?;
    /// let client = whylabs_api_keys::blocking::Client::new(async_client)?;
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn new(client: crate::client::Client) -> Result<Client> {
        Ok(Client {
            client,
            runner: Runner::start()?,
        })
    }

    /// A blocking client configured from the environment; see [`crate::client::Client::from_env`].
    ///
    /// ```no_run
    /// let client = whylabs_api_keys::blocking::Client::from_env()?;
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn from_env() -> Result<Client> {
        Client::new(crate::client::Client::from_env()?)
    }

    /// The async client underneath.
    ///
    /// ```
    /// let async_client = whylabs_api_keys::Client::builder().api_key("fh4dUNV3WQ.secret").build()?;
    /// let client = whylabs_api_keys::blocking::Client::new(async_client)?;
    /// assert_eq!(client.as_async().base_url(), "https://api.whylabsapp.com");
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn as_async(&self) -> &crate::client::Client {
        &self.client
    }

    twins!(read client {
        /// [`crate::client::Client::base_url`].
        pub fn base_url(&self) -> &str;
        /// [`crate::client::Client::default_org_id`].
        pub fn default_org_id(&self) -> Option<&str>;
        /// [`crate::client::Client::timeouts`].
        pub fn timeouts(&self) -> Timeouts;
        /// [`crate::client::Client::reconciles_creates`].
        pub fn reconciles_creates(&self) -> bool;
        /// [`crate::client::Client::managed_org`].
        pub fn managed_org(&self) -> Option<&str>;
        /// [`crate::client::Client::own_key_id`].
        pub fn own_key_id(&self) -> Option<&str>;
    });

    twins!(request client {
        /// [`crate::client::Client::create_key`], then [`Request::send`].
        pub fn create_key(
            &self,
            org_id: impl Into<String>,
            user_id: impl Into<String>
        ) -> CreateKey;
        /// [`crate::client::Client::list_keys`], then [`Request::send`].
        pub fn list_keys(&self, org_id: impl Into<String>) -> ListKeys;
        /// [`crate::client::Client::rotate_key`], then [`Request::send`].
        pub fn rotate_key(&self, old: &ApiKey) -> RotateKey;
        /// [`crate::client::Client::rotate_own_key`], then [`Request::send`].
        pub fn rotate_own_key(&self, old: &ApiKey) -> RotateKey;
        /// [`crate::client::Client::generate_key`], then [`Request::send`].
        pub fn generate_key(&self) -> GenerateKey;
    });

    twins!(call client {
        /// [`crate::client::Client::get_key`].
        pub fn get_key(&self, org_id: &str, key_id: &str) -> Result<Option<ApiKey>>;
        /// [`crate::client::Client::revoke_key`].
        pub fn revoke_key(&self, org_id: &str, user_id: &str, key_id: &str) -> Result<ApiKey>;
        /// [`crate::client::Client::validate_key`].
        pub fn validate_key(&self) -> Result<KeyValidation>;
        /// [`crate::client::Client::delete_key`].
        pub fn delete_key(&self, key_id: &str) -> Result<ApiKey>;
        /// [`crate::client::Client::list_key_metadata`].
        pub fn list_key_metadata(&self) -> Result<Vec<ApiKeyMetadata>>;
    });
}
