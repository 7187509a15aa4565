//! What a rotation asks of the server besides the key operations: whether a new secret works
//! (validate called with that secret), and which keys of a user are active (to find a
//! replacement a crash left undelivered).

use whylabs_api_keys::ApiKeySecret;

use crate::api::client::{ENDPOINT_SETTINGS, build};
use crate::api::probe::Validity;
use crate::api::session::Session;
use crate::api::v1;
use crate::error::CliResult;

impl Session {
    /// Whether the server answers valid for `secret` (v1 validate sent with that key, in its
    /// own organization), on the run's endpoint and settings.
    pub async fn verify_secret(&self, secret: &ApiKeySecret) -> CliResult<Validity> {
        let client = build(
            self.builder.clone().api_key(secret.clone()),
            ENDPOINT_SETTINGS,
        )?;
        Ok(match v1::validate_own(&client).await {
            Ok(()) => Validity::Valid,
            Err(e) if e.is_unauthorized() || e.is_forbidden() => Validity::Invalid,
            Err(e) => Validity::Unknown(e),
        })
    }

    /// The ids of `user`'s active keys in `org` (v0 only).
    pub async fn active_key_ids(&self, org: &str, user: &str) -> CliResult<Vec<String>> {
        let keys = self.keys_to_offboard(org, user).await?;
        Ok(keys
            .into_iter()
            .filter(|key| !key.revoked)
            .map(|key| key.key_id)
            .collect())
    }
}
