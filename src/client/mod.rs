//! [`Client`]: the facade over the generated client, one method per API operation: the v0
//! back-office methods in `v0.rs` (a system key), the v1 self-service methods in `v1.rs` (an
//! organization administrator's key); [`ClientBuilder`] in `builder.rs`, [`OrgClient`] in
//! `org.rs`.

mod builder;
mod org;
mod reconciling;
mod revoked;
mod v0;
mod v1;

pub use builder::ClientBuilder;
pub use org::OrgClient;

use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Utc};

use crate::clock::SharedClock;
use crate::config::Timeouts;
use crate::convert;
use crate::error::{Error, Result};
use crate::generated::Client as Generated;
use crate::generated::types::UserApiKey;
use crate::models::CreatedApiKey;
use crate::operation::Operation;
use crate::reconcile::Ledger;
use crate::transport::Transport;

/// A client of the WhyLabs API-key endpoints.
///
/// Cheap to clone (an `Arc` inside), `Send + Sync`: build one and share it. Every call carries
/// the API key, is retried and timed as configured, and runs in a `tracing` span named
/// `whylabs_api_keys` with the operation id, attempt count, status, duration and request id.
///
/// ```
/// use whylabs_api_keys::{Client, Scope};
/// use whylabs_api_keys_emulator::Emulator;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> whylabs_api_keys::Result<()> {
/// // A local emulator (crate `whylabs-api-keys-emulator`) stands in for WhyLabs here; against
/// // the real API, `Client::from_env()` or `Client::builder().api_key(..)` with its default URL.
/// let emulator = Emulator::start().await;
/// let client = Client::builder()
///     .base_url(emulator.base_url())
///     .api_key(emulator.admin_key().clone())
///     .build()?;
/// let created = client
///     .create_key("org-123", "user-123")
///     .alias("MLApplicationName")
///     .scopes([Scope::User, Scope::WriteData])
///     .send()
///     .await?;
/// let listed = client.list_keys("org-123").user("user-123").send().await?;
/// assert_eq!(listed, [created.key.clone()]);
/// let found = client.get_key("org-123", &created.key.key_id).await?;
/// assert_eq!(found.as_ref(), Some(&created.key));
/// let revoked = client.revoke_key("org-123", "user-123", &created.key.key_id).await?;
/// assert!(revoked.revoked);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    transport: Transport,
    options: ClientOptions,
    ledger: Ledger,
}

/// The per-client choices the facade reads (the hooks read the [`Transport`]'s settings).
#[derive(Debug, Clone, Default)]
pub(crate) struct ClientOptions {
    pub(crate) default_org_id: Option<String>,
    pub(crate) reconcile_creates: bool,
    /// Sent as `X-WHYLABS-ORGANIZATION` on v1 calls.
    pub(crate) managed_org: Option<String>,
    /// The clock expirations are computed against ([`ClientBuilder::clock`]); the system's
    /// when `None`.
    pub(crate) clock: Option<SharedClock>,
    /// The id of the key calls are made with, when its secret has the WhyLabs shape: the one
    /// key v1 proves to be the caller's.
    pub(crate) own_key_id: Option<String>,
}

impl Client {
    /// Starts configuring a client; see [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from `WHYLABS_API_KEY`, `WHYLABS_API_ENDPOINT` and
    /// `WHYLABS_DEFAULT_ORG_ID`; see [`ClientBuilder::from_env`].
    pub fn from_env() -> Result<Client> {
        Client::builder().from_env()?.build()
    }

    pub(crate) fn from_parts(transport: Transport, options: ClientOptions) -> Self {
        let inner = Inner {
            transport,
            options,
            ledger: Ledger::default(),
        };
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The base URL calls go to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        self.inner.transport.base_url()
    }

    /// The organization set by `WHYLABS_DEFAULT_ORG_ID` or
    /// [`ClientBuilder::default_org_id`], if any.
    pub fn default_org_id(&self) -> Option<&str> {
        self.inner.options.default_org_id.as_deref()
    }

    /// The timeouts calls run with.
    ///
    /// ```
    /// let client = whylabs_api_keys::Client::builder().api_key("id.secret").build()?;
    /// assert_eq!(client.timeouts(), whylabs_api_keys::Timeouts::default());
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn timeouts(&self) -> Timeouts {
        self.inner.transport.timeouts()
    }

    /// Whether a create or generate whose outcome is unknown is reconciled; see
    /// [`ClientBuilder::reconcile_creates`].
    ///
    /// ```
    /// let client = whylabs_api_keys::Client::builder().api_key("id.secret").build()?;
    /// assert!(client.reconciles_creates());
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn reconciles_creates(&self) -> bool {
        self.inner.options.reconcile_creates
    }

    /// The managed child organization v1 calls act on (`X-WHYLABS-ORGANIZATION`), if set with
    /// [`ClientBuilder::managed_org`].
    ///
    /// ```
    /// let client = whylabs_api_keys::Client::builder()
    ///     .api_key("fh4dUNV3WQ.secret")
    ///     .managed_org("org-child")
    ///     .build()?;
    /// assert_eq!(client.managed_org(), Some("org-child"));
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn managed_org(&self) -> Option<&str> {
        self.inner.options.managed_org.as_deref()
    }

    /// The id of the key this client calls with (`fh4dUNV3WQ` in `fh4dUNV3WQ.<secret>`), when
    /// its secret has the WhyLabs shape.
    ///
    /// ```
    /// let client = whylabs_api_keys::Client::builder().api_key("fh4dUNV3WQ.secret").build()?;
    /// assert_eq!(client.own_key_id(), Some("fh4dUNV3WQ"));
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn own_key_id(&self) -> Option<&str> {
        self.inner.options.own_key_id.as_deref()
    }

    /// The current time, by the clock expirations are computed against.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.inner
            .options
            .clock
            .as_ref()
            .map_or_else(Utc::now, SharedClock::now)
    }

    /// The progenitor-generated client (feature `raw`), as an escape hatch to the raw
    /// operations. Outside semver: a progenitor upgrade may change it.
    ///
    /// Its calls still get the API key, retries and tracing from this client's settings, but
    /// return progenitor's types and errors; the returned value is independent of `self`.
    #[cfg(feature = "raw")]
    #[cfg_attr(docsrs, doc(cfg(feature = "raw")))]
    pub fn generated(&self) -> Generated {
        self.call_within(None)
    }

    /// The key that `operation` (a create or generate) answered, with its secret, which every
    /// later error and trace of this client redacts; [`Error::Decode`] when the answer carries
    /// no secret.
    pub(crate) fn created(
        &self,
        operation: Operation,
        created: UserApiKey,
    ) -> Result<CreatedApiKey> {
        match convert::api_key(created) {
            (key, Some(secret)) => {
                self.inner
                    .transport
                    .redact_from_now_on(secret.expose_secret());
                Ok(CreatedApiKey::new(key, secret))
            }
            (_, None) => Err(Error::Decode {
                operation,
                status: reqwest::StatusCode::OK,
                reason: "the response carries no secret `key`".to_string(),
                excerpt: String::new(),
            }),
        }
    }

    /// A generated client for one call: its context records what that call's attempts saw.
    /// The call ends within its total timeout, and by `deadline` when one is given.
    pub(crate) fn call_within(&self, deadline: Option<Instant>) -> Generated {
        self.inner.transport.call_within(deadline)
    }
}
