//! [`GenerateKey`]: the v1 generate request, a key for the caller with its optional scopes,
//! alias, expiration and resource.

use std::future::IntoFuture;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::models::{CreatedApiKey, Scope};
use crate::operation::Operation;
use crate::outcome::execute;
use crate::requests::BoxFuture;
use crate::requests::expiration::Expiration;
use crate::requests::new_key::NewKey;
use crate::requests::owner::Owner;
use crate::requests::reconcile::reconciled;
use crate::validate;

/// A v1 generate request, from [`Client::generate_key`]: a key for the caller in its
/// organization. `send()` it or `.await` it.
///
/// Only the ten external scopes may be asked for: `:whylabs_administrator` and
/// `:whylabs_system` are refused before sending ([`Error::InvalidInput`]), as the server would.
/// Generate is never re-sent once it may have reached the server, and an outcome that may
/// hide a generated key is reconciled as a create's is (see [`send`](Self::send)).
///
/// ```
/// use std::time::Duration;
/// use whylabs_api_keys::{Scope, emulator::Emulator};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> whylabs_api_keys::Result<()> {
/// let emulator = Emulator::builder().paid_org("org-123").start().await.unwrap();
/// let admin = emulator.issue_key("org-123", "admin-1", [Scope::Administrator]);
/// let client = emulator.client_builder().api_key(admin).build()?;
/// let created = client
///     .generate_key()
///     .scopes([Scope::WriteData])
///     .alias("nightly-upload")
///     .expires_in(Duration::from_secs(30 * 24 * 3600))
///     .await?;
/// assert_eq!(created.key.scopes, [Scope::WriteData]);
/// let refused = client.generate_key().scopes([Scope::WhylabsSystem]).await;
/// assert!(refused.unwrap_err().is_invalid_input());
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct GenerateKey {
    client: Client,
    key: NewKey,
    resource_id: Option<String>,
}

impl GenerateKey {
    pub(crate) fn new(client: Client) -> Self {
        Self {
            client,
            key: NewKey::default(),
            resource_id: None,
        }
    }

    /// A human-friendly name for the key.
    pub fn alias(mut self, alias: impl Into<String>) -> Self {
        self.key.alias = Some(alias.into());
        self
    }

    /// The key's scopes, among the ten external ones; none set sends none.
    pub fn scopes<S: Into<Scope>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.key
            .set_scopes(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// The key expires at this instant, which must be more than 60 s ahead when sent.
    /// Replaces an earlier [`expires_in`](Self::expires_in).
    pub fn expires_at(mut self, at: DateTime<Utc>) -> Self {
        self.key.expiration = Some(Expiration::At(at));
        self
    }

    /// The key expires this long after the request is sent (more than 60 s). Replaces an
    /// earlier [`expires_at`](Self::expires_at).
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.key.expiration = Some(Expiration::In(lifetime));
        self
    }

    /// Restricts the key to a model of the organization: `:write_data` then allows uploads
    /// to that model only.
    pub fn resource_id(mut self, resource_id: impl Into<String>) -> Self {
        self.resource_id = Some(resource_id.into());
        self
    }

    /// Checks the input, sends the request and returns the new key with its secret.
    ///
    /// Unless [`ClientBuilder::reconcile_creates`](crate::ClientBuilder::reconcile_creates)
    /// is off, the organization's key metadata is listed first (one more request), so that a
    /// generate whose outcome is unknown can be reconciled: it then ends in
    /// [`Error::CreateOutcomeUnknown`], which says whether a key it made was found and deleted
    /// (see [`Reconciliation`](crate::Reconciliation)). Only one of the caller's own keys can
    /// be deleted so: the server answers 404 for any other user's key, which stays untouched.
    /// When the first list fails, nothing is generated and its error is returned. All of it
    /// ends within the client's total timeout.
    pub async fn send(self) -> Result<CreatedApiKey> {
        if let Some(resource_id) = &self.resource_id {
            validate::id("resource_id", resource_id)?;
        }
        let expiration_ms = self.key.check(self.client.now())?;
        if let Some(internal) = self.key.scopes.iter().find(|scope| scope.is_internal()) {
            let reason = format!(
                "{internal} is internal to WhyLabs; v1 generate takes external scopes only"
            );
            return Err(Error::invalid("scopes", reason));
        }
        let client = self.client.clone();
        let fingerprint = self.key.fingerprint(Owner::caller(&client), expiration_ms);
        let post = |deadline| self.post(expiration_ms, deadline);
        reconciled(&client, fingerprint, None, post).await
    }

    /// Sends the generate itself, ending by `deadline` at the latest.
    async fn post(
        self,
        expiration_ms: Option<i64>,
        deadline: Option<Instant>,
    ) -> Result<CreatedApiKey> {
        let generated = self.client.call_within(deadline);
        let mut request = self.key.apply(generated.generate_api_key(), expiration_ms);
        if let Some(org) = self.client.managed_org() {
            request = request.x_whylabs_organization(org);
        }
        if let Some(resource_id) = self.resource_id {
            request = request.resource_id(resource_id);
        }
        let created = execute(Operation::Generate, &generated, request.send()).await?;
        self.client.created(Operation::Generate, created)
    }
}

impl IntoFuture for GenerateKey {
    type Output = Result<CreatedApiKey>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
