//! The builders of the operations with optional parameters: [`CreateKey`] and [`ListKeys`].

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use crate::{ApiKey, Client, CreatedApiKey, Error, Result, Scope, validate};

/// A boxed future, so the builders can be `.await`ed directly.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// When a new key expires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expiration {
    At(DateTime<Utc>),
    In(Duration),
}

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
pub struct CreateKey<'a> {
    client: &'a Client,
    org_id: String,
    user_id: String,
    alias: Option<String>,
    scopes: Vec<Scope>,
    expiration: Option<Expiration>,
}

impl<'a> CreateKey<'a> {
    pub(crate) fn new(client: &'a Client, org_id: String, user_id: String) -> Self {
        Self {
            client,
            org_id,
            user_id,
            alias: None,
            scopes: Vec::new(),
            expiration: None,
        }
    }

    /// A human-friendly name for the key.
    pub fn alias(mut self, alias: impl Into<String>) -> Self {
        self.alias = Some(alias.into());
        self
    }

    /// The key's scopes, sent as repeated `scopes=` parameters; none set sends none (the
    /// server then applies its default).
    pub fn scopes<S: Into<Scope>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// The key expires at this instant, which must be more than 60 s ahead when sent.
    pub fn expires_at(mut self, at: DateTime<Utc>) -> Self {
        self.expiration = Some(Expiration::At(at));
        self
    }

    /// The key expires this long after the request is sent (more than 60 s).
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.expiration = Some(Expiration::In(lifetime));
        self
    }

    /// Checks the input, sends the request and returns the new key with its secret.
    pub async fn send(self) -> Result<CreatedApiKey> {
        validate::id("org_id", &self.org_id)?;
        validate::id("user_id", &self.user_id)?;
        let expiration_ms = self.expiration_ms()?;
        let generated = self.client.generated();
        let mut request = generated
            .create_api_key()
            .org_id(self.org_id)
            .user_id(self.user_id);
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
        let operation = "create_api_key";
        let created = self
            .client
            .execute(operation, &generated, request.send())
            .await?;
        match ApiKey::from_generated(created) {
            (key, Some(secret)) => Ok(CreatedApiKey::new(key, secret)),
            (_, None) => Err(Error::Decode {
                operation,
                status: reqwest::StatusCode::OK,
                reason: "the create response carries no secret `key`".to_string(),
                excerpt: String::new(),
            }),
        }
    }

    fn expiration_ms(&self) -> Result<Option<i64>> {
        let now = Utc::now();
        let at = match self.expiration {
            None => return Ok(None),
            Some(Expiration::At(at)) => at,
            Some(Expiration::In(lifetime)) => TimeDelta::from_std(lifetime)
                .ok()
                .and_then(|lifetime| now.checked_add_signed(lifetime))
                .ok_or_else(|| Error::invalid("expiration", "lifetime is too long"))?,
        };
        validate::expiration(at, now).map(Some)
    }
}

impl<'a> IntoFuture for CreateKey<'a> {
    type Output = Result<CreatedApiKey>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// A list request, from [`Client::list_keys`]. `send()` it or `.await` it.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> whylabs_api_keys::Result<()> {
/// # let emulator = whylabs_api_keys::emulator::Emulator::start().await;
/// # let client = emulator.client();
/// # let key = client.create_key("org-123", "user-123").await?.key;
/// # client.create_key("org-123", "user-123").await?;
/// # client.revoke_key("org-123", "user-123", &key.key_id).await?;
/// let active_in_org = client.list_keys("org-123").await?;
/// let all_of_user = client.list_keys("org-123").user("user-123").await?;
/// let revoked = all_of_user.iter().filter(|k| k.revoked).count();
/// assert_eq!((active_in_org.len(), all_of_user.len(), revoked), (1, 2, 1));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListKeys<'a> {
    client: &'a Client,
    org_id: String,
    user_id: Option<String>,
}

impl<'a> ListKeys<'a> {
    pub(crate) fn new(client: &'a Client, org_id: String) -> Self {
        Self {
            client,
            org_id,
            user_id: None,
        }
    }

    /// Only this user's keys — and then all of them, revoked ones included.
    pub fn user(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// Checks the input, sends the request and returns the keys' metadata.
    pub async fn send(self) -> Result<Vec<ApiKey>> {
        validate::id("org_id", &self.org_id)?;
        if let Some(user_id) = &self.user_id {
            validate::id("user_id", user_id)?;
        }
        let generated = self.client.generated();
        let mut request = generated.list_api_keys().org_id(self.org_id);
        if let Some(user_id) = self.user_id {
            request = request.user_id(user_id);
        }
        let listed = self
            .client
            .execute("list_api_keys", &generated, request.send())
            .await?;
        Ok(listed
            .items
            .into_iter()
            .map(|key| ApiKey::from_generated(key).0)
            .collect())
    }
}

impl<'a> IntoFuture for ListKeys<'a> {
    type Output = Result<Vec<ApiKey>>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
