//! [`RotateKey`]: replace a key with a fresh one for the same user, then revoke the old one.

use std::future::IntoFuture;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::requests::BoxFuture;
use crate::{ApiKey, Client, CreatedApiKey, Error, Result};

/// The outcome of a rotation: the replacement (with its secret) and the revoked old key.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RotatedApiKey {
    /// The replacement key and its secret, shown only this once.
    pub created: CreatedApiKey,
    /// The old key's metadata after its revocation.
    pub revoked: ApiKey,
}

/// A rotation, from [`Client::rotate_key`]. `send()` it or `.await` it.
///
/// The replacement gets the old key's user, alias and scopes. Its expiration is the one set
/// here, or else the old key's lifetime (expiration minus creation) counted from now; a key
/// that never expired is replaced by one that never expires. If revoking the old key fails,
/// the error is [`Error::RotationIncomplete`], which carries the new key and its secret.
///
/// ```
/// use whylabs_api_keys::Error;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> whylabs_api_keys::Result<()> {
/// # let emulator = whylabs_api_keys::emulator::Emulator::start().await;
/// # let client = emulator.client();
/// # let old = client.create_key("org-123", "user-123").await?.key;
/// match client.rotate_key(&old).await {
///     Ok(rotated) => store(rotated.created.secret().expose_secret()),
///     Err(Error::RotationIncomplete { new_key, old_key_id, .. }) => {
///         store(new_key.secret().expose_secret()); // nothing is lost
///         eprintln!("revoke {old_key_id} again later");
///     }
///     Err(e) => eprintln!("rotation failed, old key untouched: {e}"),
/// }
/// # assert!(client.get_key("org-123", &old.key_id).await?.unwrap().revoked);
/// # Ok(()) }
/// # fn store(_: &str) {}
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct RotateKey<'a> {
    client: &'a Client,
    old: ApiKey,
    expires_at: Option<DateTime<Utc>>,
    expires_in: Option<Duration>,
}

impl<'a> RotateKey<'a> {
    pub(crate) fn new(client: &'a Client, old: ApiKey) -> Self {
        Self {
            client,
            old,
            expires_at: None,
            expires_in: None,
        }
    }

    /// The replacement expires at this instant instead of carrying the old lifetime over.
    pub fn expires_at(mut self, at: DateTime<Utc>) -> Self {
        self.expires_at = Some(at);
        self
    }

    /// The replacement expires this long after it is created.
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.expires_in = Some(lifetime);
        self
    }

    /// Creates the replacement, then revokes the old key.
    pub async fn send(self) -> Result<RotatedApiKey> {
        let old = &self.old;
        if old.revoked {
            return Err(Error::invalid(
                "key",
                format!("{} is already revoked", old.key_id),
            ));
        }
        let mut create = self
            .client
            .create_key(&old.org_id, &old.user_id)
            .scopes(old.scopes.iter().cloned());
        if let Some(alias) = &old.alias {
            create = create.alias(alias);
        }
        let lifetime = old
            .expiration_time
            .and_then(|expires| (expires - old.creation_time).to_std().ok());
        create = match (self.expires_at, self.expires_in.or(lifetime)) {
            (Some(at), _) => create.expires_at(at),
            (None, Some(lifetime)) => create.expires_in(lifetime),
            (None, None) => create,
        };
        let created = create.send().await?;
        match self
            .client
            .revoke_key(&old.org_id, &old.user_id, &old.key_id)
            .await
        {
            Ok(revoked) => Ok(RotatedApiKey { created, revoked }),
            Err(source) => Err(Error::RotationIncomplete {
                new_key: Box::new(created),
                old_key_id: old.key_id.clone(),
                source: Box::new(source),
            }),
        }
    }
}

impl<'a> IntoFuture for RotateKey<'a> {
    type Output = Result<RotatedApiKey>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
