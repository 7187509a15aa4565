//! [`GenerateKey`]: the v1 generate request, a key for the caller with its optional scopes,
//! alias, expiration and resource.

use std::time::Instant;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::models::{CreatedApiKey, Scope};
use crate::operation::Operation;
use crate::outcome::execute;
use crate::reconcile::{Owner, reconciled};
use crate::requests::awaitable;
use crate::requests::new_key::{NewKey, new_key_setters};
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
/// use whylabs_api_keys::Scope;
/// use whylabs_api_keys_emulator::Emulator;
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

    /// The key's scopes, among the ten external ones; none set sends none.
    pub fn scopes<S: Into<Scope>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.key
            .set_scopes(scopes.into_iter().map(Into::into).collect());
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
    /// One request, nothing before it. Unless
    /// [`ClientBuilder::reconcile_creates`](crate::ClientBuilder::reconcile_creates) is off, a
    /// generate whose outcome is unknown is reconciled (the organization's key metadata is
    /// listed then): it ends in [`Error::CreateOutcomeUnknown`], which says whether a key it
    /// made was found and deleted (see [`Reconciliation`](crate::Reconciliation)). The metadata
    /// shows no creation times, so the key is told apart only with
    /// [`expires_in`](Self::expires_in) (its expiration names the moment of sending); without
    /// it the matching keys are reported, none deleted. Only one of the caller's own keys can
    /// be deleted so: the server answers 404 for any other user's key, which stays untouched.
    /// All of it ends within the client's total timeout.
    pub async fn send(self) -> Result<CreatedApiKey> {
        self.send_rotating(None).await
    }

    /// [`send`](Self::send), for the rotation of `rotating` (see
    /// [`CreateKey`](crate::CreateKey)'s twin).
    pub(crate) async fn send_rotating(self, rotating: Option<&str>) -> Result<CreatedApiKey> {
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
        let owner = Owner::caller(client.managed_org());
        let fingerprint = self.key.fingerprint(owner, expiration_ms);
        let post = |deadline| self.post(expiration_ms, deadline);
        reconciled(&client, fingerprint, rotating, post).await
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

new_key_setters!(GenerateKey);

awaitable!(GenerateKey => Result<CreatedApiKey>);
