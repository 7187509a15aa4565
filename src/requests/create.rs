//! [`CreateKey`]: the create request with its optional alias, scopes and expiration.

use std::future::IntoFuture;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::models::Scope;
use crate::models::{ApiKey, CreatedApiKey};
use crate::operation::Operation;
use crate::outcome::execute;
use crate::requests::BoxFuture;
use crate::requests::expiration::Expiration;
use crate::requests::fingerprint::Fingerprint;
use crate::requests::reconcile::Guard;
use crate::validate;

/// A create request, from [`Client::create_key`]. `send()` it or `.await` it.
///
/// ```
/// use std::time::Duration;
/// use whylabs_api_keys::Scope;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> whylabs_api_keys::Result<()> {
/// # let emulator = whylabs_api_keys::emulator::Emulator::start().await;
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
    alias: Option<String>,
    /// `None` until set: then `:user` is sent (see [`CreateKey::scopes`]).
    scopes: Option<Vec<Scope>>,
    expiration: Option<Expiration>,
}

impl CreateKey {
    pub(crate) fn new(client: Client, org_id: String, user_id: String) -> Self {
        Self {
            client,
            org_id,
            user_id,
            alias: None,
            scopes: None,
            expiration: None,
        }
    }

    /// A human-friendly name for the key.
    pub fn alias(mut self, alias: impl Into<String>) -> Self {
        self.alias = Some(alias.into());
        self
    }

    /// The key's scopes, sent as repeated `scopes=` parameters. Without this call the key
    /// gets `:user`, as WhyLabs' own dashboard asks for: the server applies no default, and a
    /// key with no scope authenticates but may do almost nothing. An empty list sends none.
    pub fn scopes<S: Into<Scope>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// The key expires at this instant, which must be more than 60 s ahead when sent.
    /// Replaces an earlier [`expires_in`](Self::expires_in).
    pub fn expires_at(mut self, at: DateTime<Utc>) -> Self {
        self.expiration = Some(Expiration::At(at));
        self
    }

    /// The key expires this long after the request is sent (more than 60 s). Replaces an
    /// earlier [`expires_at`](Self::expires_at).
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.expiration = Some(Expiration::In(lifetime));
        self
    }

    pub(crate) fn expiration(mut self, expiration: Option<Expiration>) -> Self {
        self.expiration = expiration;
        self
    }

    /// Checks the input, sends the request and returns the new key with its secret.
    ///
    /// Unless [`ClientBuilder::reconcile_creates`](crate::ClientBuilder::reconcile_creates)
    /// is off, the user's keys are listed first (one more request), so that a create whose
    /// outcome is unknown can be reconciled: it then ends in [`Error::CreateOutcomeUnknown`],
    /// which says whether a key it made was found and revoked (see
    /// [`Reconciliation`](crate::Reconciliation)). When that list fails, nothing is created and
    /// its error is returned. All of it ends within the client's total timeout.
    pub async fn send(self) -> Result<CreatedApiKey> {
        self.send_rotating(None).await
    }

    /// [`send`](Self::send), for the rotation of `rotating`: refused when the snapshot shows
    /// that key no longer active, and not reconciled to a revoke when it no longer is after.
    pub(crate) async fn send_rotating(mut self, rotating: Option<&str>) -> Result<CreatedApiKey> {
        let scopes = self.scopes.get_or_insert_with(|| vec![Scope::User]).clone();
        validate::id("org_id", &self.org_id)?;
        validate::id("user_id", &self.user_id)?;
        if let Some(alias) = &self.alias {
            validate::alias(alias)?;
        }
        validate::scopes(&scopes)?;
        let expiration_ms = self
            .expiration
            .map(|expiration| expiration.to_millis(self.client.now()))
            .transpose()?;
        let client = self.client.clone();
        if !client.reconciles_creates() {
            return self.post(expiration_ms, None).await;
        }
        let deadline = Instant::now().checked_add(client.timeouts().total);
        let fingerprint = Fingerprint::new(
            &self.org_id,
            &self.user_id,
            self.alias.as_deref(),
            &scopes,
            expiration_ms,
        );
        let guard = Guard::begin(&client, fingerprint, rotating, deadline).await?;
        guard.settle(self.post(expiration_ms, deadline).await).await
    }

    /// Sends the create itself, ending by `deadline` at the latest.
    async fn post(
        self,
        expiration_ms: Option<i64>,
        deadline: Option<Instant>,
    ) -> Result<CreatedApiKey> {
        let generated = self.client.call_within(deadline);
        let mut request = generated
            .create_api_key()
            .org_id(self.org_id)
            .user_id(self.user_id);
        if let Some(alias) = self.alias {
            request = request.alias(alias);
        }
        let scopes = self.scopes.unwrap_or_default();
        if !scopes.is_empty() {
            let scopes: Vec<String> = scopes.iter().map(|s| s.as_str().to_string()).collect();
            request = request.scopes(scopes);
        }
        if let Some(ms) = expiration_ms {
            request = request.expiration_time(ms);
        }
        let created = execute(Operation::Create, &generated, request.send()).await?;
        match ApiKey::from_generated(created) {
            (key, Some(secret)) => {
                self.client.remember_secret(&secret);
                Ok(CreatedApiKey::new(key, secret))
            }
            (_, None) => Err(Error::Decode {
                operation: Operation::Create,
                status: reqwest::StatusCode::OK,
                reason: "the create response carries no secret `key`".to_string(),
                excerpt: String::new(),
            }),
        }
    }
}

impl IntoFuture for CreateKey {
    type Output = Result<CreatedApiKey>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
