//! A local, in-memory stand-in for the WhyLabs API-key server, for tests and demos without an
//! account (cargo feature `emulator`).
//!
//! [`Emulator::start`] serves the four v0 operations on an ephemeral `127.0.0.1` port, as the
//! real server does them:
//!
//! - **auth**: `X-API-Key` must be the bootstrap admin key (accepted on every organization)
//!   or a key the emulator issued, with or without its `:<orgId>` suffix. A missing, unknown,
//!   revoked or expired key is answered 401 with an empty body, an issued key used on another
//!   organization 403. A key that authenticates gets its `lastUsedTime` set.
//! - **create**: the secret `<10 alphanumerics>.<53 alphanumerics>:<orgId>` is in this answer
//!   only. An unknown scope is 400 `Invalid scope provided: <scope>`, an expiration not more
//!   than 60 s ahead 400 `Invalid expiration time`, a 26th non-revoked key of an organization
//!   400 `Key limit reached` (the limit is [configurable](EmulatorBuilder::max_active_keys)).
//!   Scopes are a set; none given means `:user`. A key without alias has alias `""`.
//! - **get**: an unknown key is answered 200 `{}`.
//! - **list**: without `user_id` the organization's non-revoked keys, with it all of that
//!   user's keys, revoked ones included; never secrets.
//! - **revoke**: an unknown key (or a key of another user) is 404 `Resource ApiKey with ID
//!   <id> not found.`; revoking twice answers 200 with `revoked: true` again.
//! - error bodies are `{"message", "requestId", "type"}` (`IllegalArgument`,
//!   `ResourceNotFound`, `Internal`), plus `parameter` for a missing or unreadable parameter;
//!   `requestId` repeats the request's `X-Request-Id`, or a fresh id also sent back in that
//!   header. Timestamps are UTC without offset, in milliseconds (`2024-01-02T03:04:05.678`);
//!   absent fields are omitted, never `null`.
//!
//! Organizations are isolated from each other. Roles inside an organization are not
//! enforced: any valid key of an organization may manage all of its keys. State lives in
//! memory and ends with the [`Emulator`] value.
//!
//! [`Fault`]s make the next calls fail or slow down, to test retries and error paths, and
//! [`Emulator::advance_time`] lets keys expire without waiting.
//!
//! ```
//! use whylabs_api_keys::emulator::Emulator;
//! use whylabs_api_keys::Scope;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> whylabs_api_keys::Result<()> {
//! let emulator = Emulator::start().await;
//! let client = emulator.client(); // authenticated with the bootstrap admin key
//! let created = client.create_key("org-123", "user-123").scopes([Scope::WriteData]).await?;
//! assert!(created.secret().expose_secret().ends_with(":org-123"));
//! assert_eq!(client.list_keys("org-123").await?.len(), 1);
//! # Ok(()) }
//! ```
//!
//! `cargo run --example emulator -- --port 8080` runs one as a standalone server.

mod builder;
mod faults;
mod handlers;
mod keys;
mod routes;
mod state;

use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::TimeDelta;
use wiremock::MockServer;

pub use builder::EmulatorBuilder;
pub use faults::Fault;

use crate::client::Client;
use crate::config::{ClientBuilder, RetryConfig};
use crate::operation::Operation;
use crate::secret::ApiKeySecret;
use handlers::{EmulatorState, lock};

/// A running emulator. It serves until it is dropped.
///
/// `Debug` shows the state without any secret.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let emulator = whylabs_api_keys::emulator::Emulator::start().await;
/// println!("serving on {}", emulator.base_url());
/// assert!(!format!("{emulator:?}").contains(emulator.admin_key().expose_secret()));
/// # }
/// ```
pub struct Emulator {
    /// Kept for its lifetime: dropping it stops the server.
    _server: MockServer,
    state: Arc<Mutex<EmulatorState>>,
    admin_key: ApiKeySecret,
    address: SocketAddr,
    base_url: String,
}

impl Emulator {
    /// Starts an emulator on a free `127.0.0.1` port with a random admin key and the
    /// default settings.
    ///
    /// # Panics
    ///
    /// When no loopback port can be bound; [`EmulatorBuilder::start`] returns that error.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let emulator = whylabs_api_keys::emulator::Emulator::start().await;
    /// # }
    /// ```
    pub async fn start() -> Emulator {
        Self::builder()
            .start()
            .await
            .expect("the emulator binds a free loopback port")
    }

    /// Starts configuring an emulator; see [`EmulatorBuilder`].
    ///
    /// ```
    /// let builder = whylabs_api_keys::emulator::Emulator::builder();
    /// ```
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// The URL clients use, such as `http://127.0.0.1:41234` (no trailing `/`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let emulator = whylabs_api_keys::emulator::Emulator::start().await;
    /// let endpoint = emulator.base_url(); // for WHYLABS_API_ENDPOINT
    /// assert_eq!(endpoint, format!("http://{}", emulator.address()));
    /// # }
    /// ```
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The socket address the emulator listens on.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let emulator = whylabs_api_keys::emulator::Emulator::start().await;
    /// assert!(emulator.address().ip().is_loopback());
    /// # }
    /// ```
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The bootstrap admin key, accepted on every organization (for WHYLABS_API_KEY).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let emulator = whylabs_api_keys::emulator::Emulator::start().await;
    /// let key = emulator.admin_key().expose_secret();
    /// # }
    /// ```
    pub fn admin_key(&self) -> &ApiKeySecret {
        &self.admin_key
    }

    /// A client builder for this emulator: its URL, the admin key, and retries with short
    /// waits (3 retries, backoff from 10 ms, `Retry-After` capped at 2 s). Change the key or
    /// timeouts before building.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// use std::time::Duration;
    /// use whylabs_api_keys::RetryConfig;
    ///
    /// # let emulator = whylabs_api_keys::emulator::Emulator::start().await;
    /// let impatient = emulator
    ///     .client_builder()
    ///     .attempt_timeout(Duration::from_millis(200))
    ///     .retry(RetryConfig::disabled())
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn client_builder(&self) -> ClientBuilder {
        let retry = RetryConfig {
            max_retries: 3,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(100),
            max_retry_after: Duration::from_secs(2),
        };
        Client::builder()
            .base_url(self.base_url.as_str())
            .api_key(self.admin_key.clone())
            .retry(retry)
    }

    /// A client of this emulator with the admin key; see [`client_builder`](Self::client_builder).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// # let emulator = whylabs_api_keys::emulator::Emulator::start().await;
    /// let client = emulator.client();
    /// assert!(client.list_keys("org-123").await?.is_empty());
    /// # Ok(()) }
    /// ```
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .expect("a loopback URL and a checked admin key make a valid client")
    }

    /// Makes the next calls misbehave; see [`Fault`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// use whylabs_api_keys::Operation;
    /// use whylabs_api_keys::emulator::Fault;
    ///
    /// # let emulator = whylabs_api_keys::emulator::Emulator::start().await;
    /// emulator.inject(Fault::status(503).times(2).operation(Operation::List));
    /// let keys = emulator.client().list_keys("org-123").await; // retried twice, then served
    /// assert!(keys.is_ok());
    /// assert_eq!(emulator.requests_of(Operation::List), 3);
    /// # }
    /// ```
    pub fn inject(&self, fault: Fault) {
        lock(&self.state).faults.push(fault);
    }

    /// Drops every injected fault not used up yet.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # use whylabs_api_keys::emulator::Fault;
    /// # let emulator = whylabs_api_keys::emulator::Emulator::start().await;
    /// emulator.inject(Fault::status(500).times(100));
    /// emulator.clear_faults();
    /// assert!(emulator.client().list_keys("org-123").await.is_ok());
    /// # }
    /// ```
    pub fn clear_faults(&self) {
        lock(&self.state).faults.clear();
    }

    /// Moves the emulator's clock forward, so keys expire without waiting. Timestamps it
    /// renders and its expiration checks use the moved clock.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// use std::time::Duration;
    ///
    /// # let emulator = whylabs_api_keys::emulator::Emulator::start().await;
    /// let client = emulator.client();
    /// let created = client
    ///     .create_key("org-123", "user-123")
    ///     .expires_in(Duration::from_secs(120))
    ///     .await?;
    /// emulator.advance_time(Duration::from_secs(180));
    /// let with_expired_key = emulator.client_builder().api_key(created.secret().clone()).build()?;
    /// assert!(with_expired_key.list_keys("org-123").await.unwrap_err().is_unauthorized());
    /// # Ok(()) }
    /// ```
    pub fn advance_time(&self, by: Duration) {
        let by = TimeDelta::from_std(by).unwrap_or(TimeDelta::MAX);
        lock(&self.state).store.advance_clock(by);
    }

    /// How many requests arrived, each retry counted, unknown paths included.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// # let emulator = whylabs_api_keys::emulator::Emulator::start().await;
    /// emulator.client().get_key("org-123", "fh4dUNV3WQ").await?;
    /// assert_eq!(emulator.requests_seen(), 1);
    /// # Ok(()) }
    /// ```
    pub fn requests_seen(&self) -> usize {
        lock(&self.state).seen.total
    }

    /// How many requests of `operation` arrived, each retry counted.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// use whylabs_api_keys::Operation;
    ///
    /// # let emulator = whylabs_api_keys::emulator::Emulator::start().await;
    /// emulator.client().list_keys("org-123").await?;
    /// assert_eq!(emulator.requests_of(Operation::List), 1);
    /// assert_eq!(emulator.requests_of(Operation::Create), 0);
    /// # Ok(()) }
    /// ```
    pub fn requests_of(&self, operation: Operation) -> usize {
        lock(&self.state).seen.per_operation[operation.index()]
    }
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator")
            .field("base_url", &self.base_url)
            .field("admin_key", &self.admin_key)
            .field("state", &*lock(&self.state))
            .finish()
    }
}
