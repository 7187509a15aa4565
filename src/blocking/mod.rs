//! A blocking client (feature `blocking`): the same methods as [`crate::Client`], without
//! `async`, safe to call from inside a Tokio runtime as well as from plain threads.
//!
//! It runs the async client on a current-thread runtime of its own thread (not the caller's),
//! which is why it works where `reqwest::blocking` panics: inside `#[tokio::main]`, in a
//! `#[tokio::test]`, in a synchronous callback of an async program.
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

mod pending_rotation;
mod requests;
mod runner;

use crate::error::Result;
use crate::models::{ApiKey, ApiKeyMetadata, KeyValidation};
pub use pending_rotation::PendingRotation;
pub use requests::{CreateKey, GenerateKey, ListKeys, Request, RotateKey};
use runner::Runner;

/// The blocking counterpart of [`crate::Client`]; see the [module](self). Cheap to clone;
/// `Send + Sync`. The runtime thread ends when the last clone (and its last request) is
/// dropped.
#[derive(Clone, Debug)]
pub struct Client {
    client: crate::Client,
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
    pub fn new(client: crate::Client) -> Result<Client> {
        Ok(Client {
            client,
            runner: Runner::start()?,
        })
    }

    /// A blocking client configured from the environment; see [`crate::Client::from_env`].
    ///
    /// ```no_run
    /// let client = whylabs_api_keys::blocking::Client::from_env()?;
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn from_env() -> Result<Client> {
        Client::new(crate::Client::from_env()?)
    }

    /// The async client underneath.
    pub fn as_async(&self) -> &crate::Client {
        &self.client
    }

    fn request<R>(&self, request: R) -> Request<R> {
        Request::new(request, self.runner.clone())
    }

    /// [`crate::Client::create_key`], then [`Request::send`].
    pub fn create_key(&self, org_id: impl Into<String>, user_id: impl Into<String>) -> CreateKey {
        self.request(self.client.create_key(org_id, user_id))
    }

    /// [`crate::Client::get_key`].
    pub fn get_key(&self, org_id: &str, key_id: &str) -> Result<Option<ApiKey>> {
        let (client, org_id, key_id) =
            (self.client.clone(), org_id.to_string(), key_id.to_string());
        self.runner
            .run(async move { client.get_key(&org_id, &key_id).await })
    }

    /// [`crate::Client::list_keys`], then [`Request::send`].
    pub fn list_keys(&self, org_id: impl Into<String>) -> ListKeys {
        self.request(self.client.list_keys(org_id))
    }

    /// [`crate::Client::revoke_key`].
    pub fn revoke_key(&self, org_id: &str, user_id: &str, key_id: &str) -> Result<ApiKey> {
        let client = self.client.clone();
        let (org_id, user_id, key_id) =
            (org_id.to_string(), user_id.to_string(), key_id.to_string());
        self.runner
            .run(async move { client.revoke_key(&org_id, &user_id, &key_id).await })
    }

    /// [`crate::Client::rotate_key`], then [`Request::send`].
    pub fn rotate_key(&self, old: &ApiKey) -> RotateKey {
        self.request(self.client.rotate_key(old))
    }

    /// [`crate::Client::validate_key`].
    pub fn validate_key(&self) -> Result<KeyValidation> {
        let client = self.client.clone();
        self.runner.run(async move { client.validate_key().await })
    }

    /// [`crate::Client::generate_key`], then [`Request::send`].
    pub fn generate_key(&self) -> GenerateKey {
        self.request(self.client.generate_key())
    }

    /// [`crate::Client::delete_key`].
    pub fn delete_key(&self, key_id: &str) -> Result<ApiKey> {
        let (client, key_id) = (self.client.clone(), key_id.to_string());
        self.runner
            .run(async move { client.delete_key(&key_id).await })
    }

    /// [`crate::Client::list_key_metadata`].
    pub fn list_key_metadata(&self) -> Result<Vec<ApiKeyMetadata>> {
        let client = self.client.clone();
        self.runner
            .run(async move { client.list_key_metadata().await })
    }
}
