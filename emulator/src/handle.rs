//! [`Emulator`]: a running emulator and what a test does with it.

use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::EmulatorBuilder;
use super::dispatch::{EmulatorState, lock};
use super::faults::Fault;
use super::server::Server;
use chrono::{DateTime, Utc};

use whylabs_api_keys::ApiKeySecret;
use whylabs_api_keys::Client;
use whylabs_api_keys::Operation;
use whylabs_api_keys::{ClientBuilder, RetryConfig};

/// A running emulator. It serves until it is dropped.
///
/// `Debug` shows the state without any secret.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let emulator = whylabs_api_keys_emulator::Emulator::start().await;
/// println!("serving on {}", emulator.base_url());
/// assert!(!format!("{emulator:?}").contains(emulator.admin_key().expose_secret()));
/// # }
/// ```
pub struct Emulator {
    pub(super) state: Arc<Mutex<EmulatorState>>,
    admin_key: ApiKeySecret,
    address: SocketAddr,
    base_url: String,
    /// Dropped last: dropping it stops the server.
    _server: Server,
}

impl Emulator {
    pub(super) fn new(
        server: Server,
        state: Arc<Mutex<EmulatorState>>,
        admin_key: ApiKeySecret,
        address: SocketAddr,
    ) -> Self {
        Self {
            state,
            admin_key,
            address,
            base_url: format!("http://{address}"),
            _server: server,
        }
    }

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
    /// let emulator = whylabs_api_keys_emulator::Emulator::start().await;
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
    /// let builder = whylabs_api_keys_emulator::Emulator::builder();
    /// ```
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// The URL clients use, such as `http://127.0.0.1:41234` (no trailing `/`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
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
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
    /// assert!(emulator.address().ip().is_loopback());
    /// # }
    /// ```
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The bootstrap key, a system key (`:whylabs_system`) accepted on every organization for
    /// v0 and on the admin endpoints (for WHYLABS_API_KEY).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
    /// let key = emulator.admin_key().expose_secret();
    /// # }
    /// ```
    pub fn admin_key(&self) -> &ApiKeySecret {
        &self.admin_key
    }

    /// A client builder for this emulator: its URL, the bootstrap (system) key, and retries with short
    /// waits (3 retries, backoff from 10 ms, `Retry-After` capped at 2 s). Change the key or
    /// timeouts before building.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// use std::time::Duration;
    /// use whylabs_api_keys::RetryConfig;
    ///
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
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
        let state = Arc::clone(&self.state);
        Client::builder()
            .base_url(self.base_url.as_str())
            .api_key(self.admin_key.clone())
            .retry(retry)
            .clock(move || lock(&state).store.clock.now())
    }

    /// The emulator's current time: the real time plus every
    /// [`advance_time`](Self::advance_time). Clients from [`client_builder`](Self::client_builder)
    /// compute expirations (`expires_in`) against it.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// use std::time::Duration;
    ///
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
    /// emulator.advance_time(Duration::from_secs(11 * 24 * 3600));
    /// assert!(emulator.now() > chrono::Utc::now() + chrono::TimeDelta::days(10));
    /// let created = emulator
    ///     .client()
    ///     .create_key("org-123", "user-123")
    ///     .expires_in(Duration::from_secs(7 * 24 * 3600))
    ///     .await?;
    /// assert!(created.key.expiration_time.unwrap() > emulator.now());
    /// # Ok(()) }
    /// ```
    pub fn now(&self) -> DateTime<Utc> {
        lock(&self.state).store.clock.now()
    }

    /// How many injected faults are not used up yet. Faults are consumed by matching calls
    /// only, so a test that injected more than its calls used can assert this is zero (or
    /// [`clear_faults`](Self::clear_faults)) before the emulator serves another test; an
    /// emulator per test avoids the question altogether.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// use whylabs_api_keys_emulator::Fault;
    ///
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
    /// emulator.inject(Fault::status(503).times(2));
    /// assert!(emulator.client().list_keys("org-123").await.is_ok()); // retried twice
    /// assert_eq!(emulator.pending_faults(), 0);
    /// # }
    /// ```
    pub fn pending_faults(&self) -> usize {
        lock(&self.state).faults.len()
    }

    /// A client of this emulator with the bootstrap (system) key, for the v0 API; see
    /// [`client_builder`](Self::client_builder).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
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
    /// use whylabs_api_keys_emulator::Fault;
    ///
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
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
    /// # use whylabs_api_keys_emulator::Fault;
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
    /// emulator.inject(Fault::status(500).times(100));
    /// emulator.clear_faults();
    /// assert!(emulator.client().list_keys("org-123").await.is_ok());
    /// # }
    /// ```
    pub fn clear_faults(&self) {
        lock(&self.state).faults.clear();
    }

    /// Moves the emulator's clock forward, so keys expire without waiting. Timestamps it
    /// renders and its expiration checks use the moved clock. The clock saturates at the end
    /// of the year 9999: `advance_time(Duration::MAX)` expires every expiring key and never
    /// makes a later call fail.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// use std::time::Duration;
    ///
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
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
        lock(&self.state).store.clock.advance(by);
    }

    /// How many API requests arrived, each retry counted, unknown paths included (the admin
    /// endpoints under `/__emulator/` are not counted).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
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
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
    /// emulator.client().list_keys("org-123").await?;
    /// assert_eq!(emulator.requests_of(Operation::List), 1);
    /// assert_eq!(emulator.requests_of(Operation::Create), 0);
    /// # Ok(()) }
    /// ```
    pub fn requests_of(&self, operation: Operation) -> usize {
        let seen = &lock(&self.state).seen;
        seen.per_operation.get(&operation).copied().unwrap_or(0)
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
