//! [`Client`]: the facade over the generated client, one method per API operation.

use std::sync::Arc;
use std::time::Instant;

use crate::config::{ClientBuilder, Timeouts};
use crate::error::Result;
use crate::generated::Client as Generated;
use crate::model::ApiKey;
use crate::operation::Operation;
use crate::outcome::execute;
use crate::requests::{CreateKey, Ledger, ListKeys, RotateKey};
use crate::secret::ApiKeySecret;
use crate::transport::{CallContext, CallSettings};
use crate::validate;

/// A client of the WhyLabs API-key endpoints.
///
/// Cheap to clone (an `Arc` inside), `Send + Sync`: build one and share it. Every call carries
/// the API key, is retried and timed as configured, and runs in a `tracing` span named
/// `whylabs_api_keys` with the operation id, attempt count, status, duration and request id.
///
/// ```
/// use whylabs_api_keys::emulator::Emulator;
/// use whylabs_api_keys::{Client, Scope};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> whylabs_api_keys::Result<()> {
/// // A local emulator (feature `emulator`) stands in for WhyLabs here; against the real API,
/// // `Client::from_env()` or `Client::builder().api_key(..)` with its default URL.
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
    base_url: String,
    http: reqwest::Client,
    settings: Arc<CallSettings>,
    default_org_id: Option<String>,
    reconcile_creates: bool,
    ledger: Ledger,
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

    pub(crate) fn from_parts(
        base_url: String,
        http: reqwest::Client,
        settings: Arc<CallSettings>,
        default_org_id: Option<String>,
        reconcile_creates: bool,
    ) -> Self {
        let inner = Inner {
            base_url,
            http,
            settings,
            default_org_id,
            reconcile_creates,
            ledger: Ledger::default(),
        };
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The base URL calls go to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The organization set by `WHYLABS_DEFAULT_ORG_ID` or
    /// [`ClientBuilder::default_org_id`], if any.
    pub fn default_org_id(&self) -> Option<&str> {
        self.inner.default_org_id.as_deref()
    }

    /// The timeouts calls run with.
    ///
    /// ```
    /// let client = whylabs_api_keys::Client::builder().api_key("id.secret").build()?;
    /// assert_eq!(client.timeouts(), whylabs_api_keys::Timeouts::default());
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn timeouts(&self) -> Timeouts {
        self.inner.settings.timeouts
    }

    /// Whether a create whose outcome is unknown is reconciled; see
    /// [`ClientBuilder::reconcile_creates`].
    ///
    /// ```
    /// let client = whylabs_api_keys::Client::builder().api_key("id.secret").build()?;
    /// assert!(client.reconciles_creates());
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn reconciles_creates(&self) -> bool {
        self.inner.reconcile_creates
    }

    /// What this client's calls have in flight (creates per user, keys being rotated).
    pub(crate) fn ledger(&self) -> &Ledger {
        &self.inner.ledger
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

    /// Makes every later error and trace of this client redact `secret`, a key it created.
    pub(crate) fn remember_secret(&self, secret: &ApiKeySecret) {
        self.inner
            .settings
            .redactor
            .add_secret(secret.expose_secret());
    }

    /// A generated client for one call: its context records what that call's attempts saw.
    /// The call ends within its total timeout, and by `deadline` when one is given.
    pub(crate) fn call_within(&self, deadline: Option<Instant>) -> Generated {
        let context = CallContext::new(Arc::clone(&self.inner.settings), deadline);
        Generated::new_with_client(&self.inner.base_url, self.inner.http.clone(), context)
    }

    /// Creates a key for `user_id` in `org_id`; set alias, scopes and expiration on the
    /// returned request, then `send` it. The answer holds the key's secret, shown only this once.
    pub fn create_key(
        &self,
        org_id: impl Into<String>,
        user_id: impl Into<String>,
    ) -> CreateKey<'_> {
        CreateKey::new(self, org_id.into(), user_id.into())
    }

    /// Looks up one key's metadata; `Ok(None)` when the server does not know the key (it
    /// answers `{}` then, not 404).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// # let emulator = whylabs_api_keys::emulator::Emulator::start().await;
    /// # let client = emulator.client();
    /// # let key_id = client.create_key("org-123", "user-123").await?.key.key_id;
    /// match client.get_key("org-123", &key_id).await? {
    ///     Some(key) => println!("{} revoked: {}", key.key_id, key.revoked),
    ///     None => println!("unknown key"),
    /// }
    /// assert_eq!(client.get_key("org-123", "fh4dUNV3WQ").await?, None);
    /// # Ok(()) }
    /// ```
    pub async fn get_key(&self, org_id: &str, key_id: &str) -> Result<Option<ApiKey>> {
        validate::id("org_id", org_id)?;
        validate::id("key_id", key_id)?;
        let generated = self.call_within(None);
        let call = generated.get_api_key().org_id(org_id).key_id(key_id).send();
        let found = execute(Operation::Get, &generated, call).await?;
        Ok(found.key.map(|key| ApiKey::from_generated(key).0))
    }

    /// Lists keys' metadata (never secrets). Without [`ListKeys::user`] the server returns the
    /// organization's active keys only; with a user, all of that user's keys, revoked ones
    /// included.
    pub fn list_keys(&self, org_id: impl Into<String>) -> ListKeys<'_> {
        ListKeys::new(self, org_id.into())
    }

    /// Revokes a key and returns its metadata with `revoked: true`. Revoking a revoked key
    /// succeeds again; an unknown key is an error for which
    /// [`Error::is_not_found`](crate::Error::is_not_found) holds.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// # let emulator = whylabs_api_keys::emulator::Emulator::start().await;
    /// # let client = emulator.client();
    /// # let key_id = client.create_key("org-123", "user-123").await?.key.key_id;
    /// let revoked = client.revoke_key("org-123", "user-123", &key_id).await?;
    /// assert!(revoked.revoked);
    /// let unknown = client.revoke_key("org-123", "user-123", "HMiFAgQeNb").await;
    /// assert!(unknown.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn revoke_key(&self, org_id: &str, user_id: &str, key_id: &str) -> Result<ApiKey> {
        self.revoke_key_within(org_id, user_id, key_id, None).await
    }

    /// [`revoke_key`](Self::revoke_key), ending by `deadline` at the latest.
    pub(crate) async fn revoke_key_within(
        &self,
        org_id: &str,
        user_id: &str,
        key_id: &str,
        deadline: Option<Instant>,
    ) -> Result<ApiKey> {
        validate::id("org_id", org_id)?;
        validate::id("user_id", user_id)?;
        validate::id("key_id", key_id)?;
        let generated = self.call_within(deadline);
        let call = generated
            .revoke_api_key()
            .org_id(org_id)
            .user_id(user_id)
            .key_id(key_id)
            .send();
        let revoked = execute(Operation::Revoke, &generated, call).await?;
        Ok(ApiKey::from_generated(revoked).0)
    }

    /// Replaces `old` with a new key for the same user, alias and scopes, then revokes `old`;
    /// see [`RotateKey`] for the expiration and what happens when the revoke fails.
    pub fn rotate_key(&self, old: &ApiKey) -> RotateKey<'_> {
        RotateKey::new(self, old.clone())
    }
}
