//! The keys the emulator stores, how they are rendered, and how new ones are made.

use chrono::{DateTime, Utc};

use super::state::Rejection;
use crate::generated::types::UserApiKey;
use crate::scope::Scope;
use crate::secret::ApiKeySecret;
use crate::timestamp::Timestamp;

/// Characters in a key id and in the secret part after the `.`.
pub(super) const KEY_ID_LEN: usize = 10;
/// Characters in the secret part after the `.`.
pub(super) const SECRET_LEN: usize = 53;

/// The scopes of a key created without any (the emulator's choice: the contract only says the
/// server applies a default).
const DEFAULT_SCOPES: [Scope; 1] = [Scope::User];

/// One key as the server stores it.
#[derive(Debug)]
pub(super) struct StoredKey {
    pub(super) key_id: String,
    pub(super) org_id: String,
    pub(super) user_id: String,
    /// `<key id>.<secret>`, without the `:<orgId>` suffix, to check presented credentials.
    pub(super) secret: ApiKeySecret,
    pub(super) alias: String,
    pub(super) scopes: Vec<String>,
    pub(super) creation_time: DateTime<Utc>,
    pub(super) expiration_time: Option<DateTime<Utc>>,
    pub(super) last_used_time: Option<DateTime<Utc>>,
    pub(super) revoked: bool,
}

impl StoredKey {
    pub(super) fn is_active_at(&self, now: DateTime<Utc>) -> bool {
        !self.revoked && self.expiration_time.is_none_or(|at| at > now)
    }

    /// The key as the server renders it: no secret, absent fields omitted.
    pub(super) fn to_generated(&self) -> UserApiKey {
        UserApiKey {
            key_id: self.key_id.clone(),
            org_id: self.org_id.clone(),
            user_id: self.user_id.clone(),
            creation_time: Timestamp::from(self.creation_time),
            expiration_time: self.expiration_time.map(Timestamp::from),
            last_used_time: self.last_used_time.map(Timestamp::from),
            alias: Some(self.alias.clone()),
            scopes: Some(self.scopes.clone()),
            revoked: Some(self.revoked),
            resource_id: None,
            key: None,
        }
    }
}

/// The requested scopes as a set in request order, or the server's error for the first
/// unknown one; none requested gives the default.
pub(super) fn known_scopes(requested: &[&str]) -> Result<Vec<String>, Rejection> {
    if requested.is_empty() {
        return Ok(DEFAULT_SCOPES
            .iter()
            .map(|s| s.as_str().to_string())
            .collect());
    }
    let mut scopes: Vec<String> = Vec::with_capacity(requested.len());
    for &scope in requested {
        if !Scope::from(scope).is_known() {
            return Err(Rejection::illegal(format!(
                "Invalid scope provided: {scope}"
            )));
        }
        if !scopes.iter().any(|s| s == scope) {
            scopes.push(scope.to_string());
        }
    }
    Ok(scopes)
}

/// Random letters and digits. Not cryptographically strong: these keys guard a local test
/// server, never real data.
pub(super) fn random_alphanumeric(len: usize) -> String {
    std::iter::repeat_with(fastrand::alphanumeric)
        .take(len)
        .collect()
}

/// A random key in the WhyLabs shape, for a bootstrap admin key nobody chose.
pub(super) fn random_key() -> ApiKeySecret {
    let key = format!(
        "{}.{}",
        random_alphanumeric(KEY_ID_LEN),
        random_alphanumeric(SECRET_LEN)
    );
    ApiKeySecret::from(key)
}
