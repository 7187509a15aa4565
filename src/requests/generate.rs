//! [`GenerateKey`]: the v1 generate request, a key for the caller with its optional scopes,
//! alias, expiration and resource.

use std::future::IntoFuture;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::models::{ApiKey, CreatedApiKey, Scope};
use crate::operation::Operation;
use crate::outcome::execute;
use crate::requests::BoxFuture;
use crate::requests::expiration::Expiration;
use crate::validate;

/// A v1 generate request, from [`Client::generate_key`]: a key for the caller in its
/// organization. `send()` it or `.await` it.
///
/// Only the ten external scopes may be asked for: `:whylabs_administrator` and
/// `:whylabs_system` are refused before sending ([`Error::InvalidInput`]), as the server would.
/// Generate is never re-sent once it may have reached the server.
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
    alias: Option<String>,
    scopes: Vec<Scope>,
    expiration: Option<Expiration>,
    resource_id: Option<String>,
}

impl GenerateKey {
    pub(crate) fn new(client: Client) -> Self {
        Self {
            client,
            alias: None,
            scopes: Vec::new(),
            expiration: None,
            resource_id: None,
        }
    }

    /// A human-friendly name for the key.
    pub fn alias(mut self, alias: impl Into<String>) -> Self {
        self.alias = Some(alias.into());
        self
    }

    /// The key's scopes, among the ten external ones; none set sends none.
    pub fn scopes<S: Into<Scope>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
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

    /// Restricts the key to a model of the organization: `:write_data` then allows uploads
    /// to that model only.
    pub fn resource_id(mut self, resource_id: impl Into<String>) -> Self {
        self.resource_id = Some(resource_id.into());
        self
    }

    /// Checks the input, sends the request and returns the new key with its secret.
    pub async fn send(self) -> Result<CreatedApiKey> {
        if let Some(alias) = &self.alias {
            validate::alias(alias)?;
        }
        if let Some(resource_id) = &self.resource_id {
            validate::id("resource_id", resource_id)?;
        }
        validate::scopes(&self.scopes)?;
        if let Some(internal) = self.scopes.iter().find(|scope| scope.is_internal()) {
            let reason = format!(
                "{internal} is internal to WhyLabs; v1 generate takes external scopes only"
            );
            return Err(Error::invalid("scopes", reason));
        }
        let expiration_ms = self
            .expiration
            .map(|expiration| expiration.to_millis(self.client.now()))
            .transpose()?;
        let generated = self.client.call_within(None);
        let mut request = generated.generate_api_key();
        if let Some(org) = self.client.managed_org() {
            request = request.x_whylabs_organization(org);
        }
        if let Some(alias) = self.alias {
            request = request.alias(alias);
        }
        if !self.scopes.is_empty() {
            let scopes: Vec<String> = self.scopes.iter().map(|s| s.as_str().to_string()).collect();
            request = request.scopes(scopes);
        }
        if let Some(ms) = expiration_ms {
            request = request.expiration_time(ms);
        }
        if let Some(resource_id) = self.resource_id {
            request = request.resource_id(resource_id);
        }
        let created = execute(Operation::Generate, &generated, request.send()).await?;
        match ApiKey::from_generated(created) {
            (key, Some(secret)) => {
                self.client.remember_secret(&secret);
                Ok(CreatedApiKey::new(key, secret))
            }
            (_, None) => Err(Error::Decode {
                operation: Operation::Generate,
                status: reqwest::StatusCode::OK,
                reason: "the generate response carries no secret `key`".to_string(),
                excerpt: String::new(),
            }),
        }
    }
}

impl IntoFuture for GenerateKey {
    type Output = Result<CreatedApiKey>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
