//! [`Emulator`]: a running emulator, where it listens, its bootstrap key and clients of it
//! (faults, clock and counters: `controls.rs`).

use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use whylabs_api_keys::{ApiKeySecret, Client, ClientBuilder, RetryConfig};

use super::EmulatorBuilder;
use super::dispatch::{EmulatorState, lock};
use super::server::Server;

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
        let retry = RetryConfig::new()
            .with_max_retries(3)
            .with_initial_backoff(Duration::from_millis(10))
            .with_max_backoff(Duration::from_millis(100))
            .with_max_retry_after(Duration::from_secs(2));
        let state = Arc::clone(&self.state);
        Client::builder()
            .base_url(self.base_url.as_str())
            .api_key(self.admin_key.clone())
            .retry(retry)
            .clock(move || lock(&state).store.clock.now())
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
