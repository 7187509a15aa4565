//! [`CreateKey`]: the create request with its optional alias, scopes and expiration.

use std::time::Instant;

use crate::client::Client;
use crate::error::Result;
use crate::models::CreatedApiKey;
use crate::models::Scope;
use crate::operation::Operation;
use crate::outcome::execute;
use crate::reconcile::{Owner, reconciled};
use crate::requests::awaitable;
use crate::requests::new_key::{NewKey, new_key_setters};
use crate::validate;

/// A create request, from [`Client::create_key`]. `send()` it or `.await` it.
///
/// ```
/// use std::time::Duration;
/// use whylabs_api_keys::Scope;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> whylabs_api_keys::Result<()> {
/// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
/// # let client = emulator.client();
/// let created = client
///     .create_key("org-123", "user-123")
///     .alias("nightly-upload")
///     .scopes([Scope::WriteData])
///     .expires_in(Duration::from_secs(30 * 24 * 3600))
///     .await?;
/// println!("{} expires {:?}", created.key.key_id, created.key.expiration_time);
/// assert_eq!(created.key.scopes, [Scope::WriteData]);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateKey {
    client: Client,
    org_id: String,
    user_id: String,
    key: NewKey,
}

impl CreateKey {
    pub(crate) fn new(client: Client, org_id: String, user_id: String) -> Self {
        Self {
            client,
            org_id,
            user_id,
            key: NewKey::default(),
        }
    }

    /// The key's scopes, sent as repeated `scopes=` parameters. Without this call the key
    /// gets `:user`, as WhyLabs' own dashboard asks for: the server applies no default, and a
    /// key with no scope authenticates but may do almost nothing. An empty list sends none.
    pub fn scopes<S: Into<Scope>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.key
            .set_scopes(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// Checks the input, sends the request and returns the new key with its secret.
    ///
    /// One request, nothing before it. Unless
    /// [`ClientBuilder::reconcile_creates`](crate::ClientBuilder::reconcile_creates) is off, a
    /// create whose outcome is unknown is reconciled (the user's keys are listed then): it
    /// ends in [`Error::CreateOutcomeUnknown`](crate::Error::CreateOutcomeUnknown), which says
    /// whether a key it made was found and revoked (see
    /// [`Reconciliation`](crate::Reconciliation)). All of it ends within the client's total
    /// timeout.
    pub async fn send(self) -> Result<CreatedApiKey> {
        self.send_rotating(None).await
    }

    /// [`send`](Self::send), for the rotation of `rotating`: refused before sending when a
    /// rotation of this client retired that key
    /// ([`RotationClaim::retire`](crate::reconcile::RotationClaim::retire)), and not
    /// reconciled to a revoke when the key is no longer active after the create.
    pub(crate) async fn send_rotating(mut self, rotating: Option<&str>) -> Result<CreatedApiKey> {
        self.key.default_scopes(&[Scope::User]);
        validate::id("org_id", &self.org_id)?;
        validate::id("user_id", &self.user_id)?;
        let expiration_ms = self.key.check(self.client.now())?;
        let owner = Owner::user(&self.org_id, &self.user_id);
        let fingerprint = self.key.fingerprint(owner, expiration_ms);
        let client = self.client.clone();
        let post = |deadline| self.post(expiration_ms, deadline);
        reconciled(&client, fingerprint, rotating, post).await
    }

    /// Sends the create itself, ending by `deadline` at the latest.
    async fn post(
        self,
        expiration_ms: Option<i64>,
        deadline: Option<Instant>,
    ) -> Result<CreatedApiKey> {
        let generated = self.client.call_within(deadline);
        let request = generated
            .create_api_key()
            .org_id(self.org_id)
            .user_id(self.user_id);
        let request = self.key.apply(request, expiration_ms);
        let created = execute(Operation::Create, &generated, request.send()).await?;
        self.client.created(Operation::Create, created)
    }
}

new_key_setters!(CreateKey);

awaitable!(CreateKey => Result<CreatedApiKey>);
