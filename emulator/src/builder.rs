//! [`EmulatorBuilder`]: the emulator's settings (bootstrap key, tiers, managed organizations,
//! initial faults, port) and its start.

use std::io;
use std::net::{Ipv4Addr, TcpListener};
use std::sync::{Arc, Mutex};

use whylabs_api_keys::ApiKeySecret;
use whylabs_api_keys::rules::FREE_TIER_KEY_LIMIT;

use super::Emulator;
use super::dispatch::{EmulatorState, Seen};
use super::faults::{Fault, FaultQueue};
use super::keys::random_key;
use super::server::Server;
use super::store::{Organizations, Store};

/// Configures an [`Emulator`]: bootstrap key, tiers, managed organizations, faults, port.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// use whylabs_api_keys_emulator::Emulator;
///
/// let emulator = Emulator::builder()
///     .admin_key("ADMIN00000.local-only")
///     .paid_org("org-paid")
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
    orgs: Vec<String>,
    managed: Vec<(String, String)>,
    max_active_keys: usize,
    faults: Vec<Fault>,
    port: u16,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        Self {
            admin_key: None,
            orgs: Vec::new(),
            managed: Vec::new(),
            max_active_keys: FREE_TIER_KEY_LIMIT,
            faults: Vec::new(),
            port: 0,
        }
    }
}

impl EmulatorBuilder {
    /// The bootstrap key, a system key (`:whylabs_system`) accepted on every organization; by
    /// default a random key in the WhyLabs shape. It must be printable ASCII without spaces,
    /// to travel as a header, and is compared whole (optionally followed by `:<orgId>`).
    ///
    /// ```
    /// let builder = whylabs_api_keys_emulator::Emulator::builder().admin_key("ADMIN00000.secret");
    /// ```
    pub fn admin_key(mut self, key: impl Into<ApiKeySecret>) -> Self {
        self.admin_key = Some(key.into());
        self
    }

    /// Puts `org_id` on a paid tier: no key limit on v0 create, and v1 generate allowed.
    /// Every other organization is on the free tier. Call it once per organization.
    ///
    /// ```
    /// let builder = whylabs_api_keys_emulator::Emulator::builder().paid_org("org-1").paid_org("org-2");
    /// ```
    pub fn paid_org(mut self, org_id: impl Into<String>) -> Self {
        self.orgs.push(org_id.into());
        self
    }

    /// Makes `child` an organization that `parent` manages: keys of `parent` may act on it
    /// in v1 by naming it in the `X-WHYLABS-ORGANIZATION` header.
    ///
    /// ```
    /// let builder = whylabs_api_keys_emulator::Emulator::builder().managed_org("org-parent", "org-child");
    /// ```
    pub fn managed_org(mut self, parent: impl Into<String>, child: impl Into<String>) -> Self {
        self.managed.push((parent.into(), child.into()));
        self
    }

    /// How many non-revoked keys a free organization may hold before v0 create answers 400
    /// `Key limit reached`. Default 25, the server's free tier; paid organizations have none.
    ///
    /// ```
    /// let builder = whylabs_api_keys_emulator::Emulator::builder().max_active_keys(100);
    /// ```
    pub fn max_active_keys(mut self, limit: usize) -> Self {
        self.max_active_keys = limit;
        self
    }

    /// A fault injected from the start, as [`Emulator::inject`] would.
    ///
    /// ```
    /// use whylabs_api_keys_emulator::{Emulator, Fault};
    ///
    /// let builder = Emulator::builder().fault(Fault::status(503).times(2));
    /// ```
    pub fn fault(mut self, fault: Fault) -> Self {
        self.faults.push(fault);
        self
    }

    /// The port to listen on, on `127.0.0.1`; `0` (the default) picks a free one.
    ///
    /// ```
    /// let builder = whylabs_api_keys_emulator::Emulator::builder().port(8080);
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
    /// let emulator = whylabs_api_keys_emulator::Emulator::builder().start().await?;
    /// assert!(emulator.base_url().starts_with("http://127.0.0.1:"));
    /// # Ok(()) }
    /// ```
    pub async fn start(self) -> io::Result<Emulator> {
        let admin_key = self.admin_key.unwrap_or_else(random_key);
        check_header_safe(&admin_key)?;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, self.port))?;
        let address = listener.local_addr()?;
        let orgs = Organizations {
            paid: self.orgs.into_iter().collect(),
            managed: self.managed.into_iter().collect(),
            max_active_keys: self.max_active_keys,
        };
        let mut faults = FaultQueue::default();
        self.faults.into_iter().for_each(|f| faults.push(f));
        let state = Arc::new(Mutex::new(EmulatorState {
            store: Store::new(admin_key.clone(), orgs),
            faults,
            seen: Seen::default(),
        }));
        let server = Server::spawn(listener, Arc::clone(&state))?;
        Ok(Emulator::new(server, state, admin_key, address))
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
