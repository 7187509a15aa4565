//! `scan --verify`: asking the API's validate with a found key itself, the one way to know
//! whether a leaked key works without a system key. The key goes only to the configured
//! endpoint (the run's client settings, with the found key in place of the run's own), and
//! the library never logs or prints it. 401 or 403 is the server saying the key does not
//! work; anything else that is not success (a 5xx, a 429, a timeout, a malformed key) leaves
//! it unknown.

use whylabs_api_keys::{ApiKeySecret, ClientBuilder};

use crate::api::probe::Validity;
use crate::api::session::Session;
use crate::api::v1;

/// Builds a client per found key from the run's settings.
pub struct Verifier {
    builder: ClientBuilder,
}

impl Verifier {
    /// A verifier on `builder`'s endpoint and timeouts (its API key is replaced by each key
    /// verified).
    pub fn new(builder: ClientBuilder) -> Self {
        Self { builder }
    }

    /// Whether `key` works, as the server's validate says when asked with it.
    pub async fn verify(&self, key: &ApiKeySecret) -> Validity {
        let client = match self.builder.clone().api_key(key.clone()).build() {
            Ok(client) => client,
            Err(error) => return Validity::Unknown(error),
        };
        match v1::validate_own(&client).await {
            Ok(()) => Validity::Valid,
            Err(e) if e.is_unauthorized() || e.is_forbidden() => Validity::Invalid,
            Err(e) => Validity::Unknown(e),
        }
    }
}

impl Session {
    /// A verifier on this session's endpoint and timeouts.
    pub fn verifier(&self) -> Verifier {
        Verifier::new(self.builder.clone())
    }

    /// The ids of `user`'s active keys in `org` (v0 only): what a rotation records before it
    /// creates, to find a replacement a crash left undelivered.
    pub async fn active_key_ids(
        &self,
        org: &str,
        user: &str,
    ) -> crate::error::CliResult<Vec<String>> {
        let keys = self.keys_to_offboard(org, user).await?;
        Ok(keys
            .into_iter()
            .filter(|key| !key.revoked)
            .map(|key| key.key_id)
            .collect())
    }
}
