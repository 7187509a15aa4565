//! [`EmulatorBuilder`]: the emulator's settings (bootstrap admin key, key limit, port) and
//! its start.

use std::io;
use std::net::{Ipv4Addr, TcpListener};
use std::sync::{Arc, Mutex};

use wiremock::matchers::any;
use wiremock::{Mock, MockServer};

use super::Emulator;
use super::handlers::{EmulatorState, Responder, Seen};
use super::keys::random_key;
use super::state::Store;
use crate::secret::ApiKeySecret;

/// The organization-wide key limit of the server's free tier.
const DEFAULT_MAX_ACTIVE_KEYS: usize = 25;

/// Configures an [`Emulator`]: bootstrap admin key, key limit, port.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// use whylabs_api_keys::emulator::Emulator;
///
/// let emulator = Emulator::builder()
///     .admin_key("ADMIN00000.local-only")
///     .max_active_keys(3)
///     .port(0)
///     .start()
///     .await?;
/// assert_eq!(emulator.admin_key().expose_secret(), "ADMIN00000.local-only");
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "an emulator starts only when `start` is awaited"]
pub struct EmulatorBuilder {
    admin_key: Option<ApiKeySecret>,
    max_active_keys: usize,
    port: u16,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        Self {
            admin_key: None,
            max_active_keys: DEFAULT_MAX_ACTIVE_KEYS,
            port: 0,
        }
    }
}

impl EmulatorBuilder {
    /// The bootstrap admin key, accepted on every organization; by default a random key in
    /// the WhyLabs shape. It must be printable ASCII without spaces, to travel as a header.
    ///
    /// ```
    /// let builder = whylabs_api_keys::emulator::Emulator::builder().admin_key("ADMIN00000.secret");
    /// ```
    pub fn admin_key(mut self, key: impl Into<ApiKeySecret>) -> Self {
        self.admin_key = Some(key.into());
        self
    }

    /// How many non-revoked keys one organization may hold before create answers 400
    /// `Key limit reached`. Default 25, the server's free tier.
    ///
    /// ```
    /// let builder = whylabs_api_keys::emulator::Emulator::builder().max_active_keys(100);
    /// ```
    pub fn max_active_keys(mut self, limit: usize) -> Self {
        self.max_active_keys = limit;
        self
    }

    /// The port to listen on, on `127.0.0.1`; `0` (the default) picks a free one.
    ///
    /// ```
    /// let builder = whylabs_api_keys::emulator::Emulator::builder().port(8080);
    /// ```
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Binds the port and starts serving. Fails when the port cannot be bound or the admin
    /// key cannot travel as a header.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let emulator = whylabs_api_keys::emulator::Emulator::builder().start().await?;
    /// assert!(emulator.base_url().starts_with("http://127.0.0.1:"));
    /// # Ok(()) }
    /// ```
    pub async fn start(self) -> io::Result<Emulator> {
        let admin_key = self.admin_key.unwrap_or_else(random_key);
        check_header_safe(&admin_key)?;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, self.port))?;
        let address = listener.local_addr()?;
        let state = Arc::new(Mutex::new(EmulatorState {
            store: Store::new(admin_key.clone(), self.max_active_keys),
            faults: Default::default(),
            seen: Seen::default(),
        }));
        let server = MockServer::builder()
            .listener(listener)
            // The recording would keep every request's X-API-Key; the counters suffice.
            .disable_request_recording()
            .start()
            .await;
        Mock::given(any())
            .respond_with(Responder(Arc::clone(&state)))
            .mount(&server)
            .await;
        Ok(Emulator {
            _server: server,
            state,
            admin_key,
            address,
            base_url: format!("http://{address}"),
        })
    }
}

/// Refuses an admin key that a client could not send as `X-API-Key`.
fn check_header_safe(key: &ApiKeySecret) -> io::Result<()> {
    let key = key.expose_secret();
    if !key.is_empty() && key.bytes().all(|b| b.is_ascii_graphic()) {
        return Ok(());
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        "the admin key must be printable ASCII without spaces",
    ))
}
