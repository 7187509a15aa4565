//! The keys the emulator stores, how they are rendered, and the checks on a new key's scopes
//! and expiration.

use chrono::{DateTime, Utc};
use whylabs_api_keys::generated::Timestamp;
use whylabs_api_keys::generated::types::{ApiKeyMetadata, UserApiKey};
use whylabs_api_keys::rules::{self, KEY_ID_LEN, KEY_SECRET_LEN};
use whylabs_api_keys::{ApiKeySecret, Scope};

use super::reject::Rejection;

/// One key as the server stores it.
#[derive(Debug)]
pub(super) struct StoredKey {
    pub(super) key_id: String,
    pub(super) org_id: String,
    pub(super) user_id: String,
    /// `<key id>.<secret>`, without the `:<orgId>` suffix, to check presented credentials.
    pub(super) secret: ApiKeySecret,
    pub(super) alias: String,
    /// Empty when the key was created without scopes: the server applies no default.
    pub(super) scopes: Vec<String>,
    pub(super) resource_id: Option<String>,
    pub(super) creation_time: DateTime<Utc>,
    pub(super) expiration_time: Option<DateTime<Utc>>,
    pub(super) last_used_time: Option<DateTime<Utc>>,
    pub(super) revoked: bool,
}

impl StoredKey {
    pub(super) fn is_active_at(&self, now: DateTime<Utc>) -> bool {
        !self.revoked && self.expiration_time.is_none_or(|at| at > now)
    }

    pub(super) fn has_scope(&self, scope: &Scope) -> bool {
        self.scopes.iter().any(|s| s == scope.as_str())
    }

    fn scopes(&self) -> Option<Vec<String>> {
        (!self.scopes.is_empty()).then(|| self.scopes.clone())
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
            scopes: self.scopes(),
            revoked: Some(self.revoked),
            resource_id: self.resource_id.clone(),
            key: None,
        }
    }

    /// The key as v1's list renders it: no user, creation or last-use time.
    pub(super) fn to_metadata(&self) -> ApiKeyMetadata {
        ApiKeyMetadata {
            key_id: self.key_id.clone(),
            org_id: self.org_id.clone(),
            expiration_time: self.expiration_time.map(Timestamp::from),
            scopes: self.scopes(),
            alias: Some(self.alias.clone()),
        }
    }
}

/// Which scopes an API accepts on a new key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Accepted {
    /// v0: every scope the server knows.
    Known,
    /// v1: the ten external scopes (not `:whylabs_administrator` or `:whylabs_system`).
    External,
}

impl Accepted {
    fn accepts(self, scope: &Scope) -> bool {
        match self {
            Accepted::Known => scope.is_known(),
            Accepted::External => {
                scope.is_known()
                    && !matches!(scope, Scope::WhylabsAdministrator | Scope::WhylabsSystem)
            }
        }
    }
}

/// The requested scopes as a set in request order, or the server's error for the first one
/// not accepted; none requested gives none.
pub(super) fn checked_scopes(
    requested: &[&str],
    accepted: Accepted,
) -> Result<Vec<String>, Rejection> {
    let mut scopes: Vec<String> = Vec::with_capacity(requested.len());
    for &scope in requested {
        if !accepted.accepts(&Scope::from(scope)) {
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

/// The expiration `ms` (epoch milliseconds), which must lie more than
/// [`rules::MIN_EXPIRATION_AHEAD`] after `now`.
pub(super) fn checked_expiration(
    ms: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, Rejection> {
    ms.map(|ms| {
        DateTime::from_timestamp_millis(ms)
            .filter(|at| rules::accepts_expiration(*at, now))
            .ok_or_else(|| Rejection::illegal("Invalid expiration time"))
    })
    .transpose()
}

/// Random letters and digits, the alphabet the server makes ids and secrets of
/// ([`rules::is_key_id_char`]). Not cryptographically strong: these keys guard a local test
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
        random_alphanumeric(KEY_SECRET_LEN)
    );
    ApiKeySecret::from(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_random_key_has_the_shape_of_the_rules() {
        let key = random_key();
        assert!(rules::is_key(key.expose_secret()), "{key:?}");
        assert_eq!(key.key_id().map(str::len), Some(KEY_ID_LEN));
    }

    #[test]
    fn scopes_are_a_set_without_default_and_v1_takes_only_external_ones() {
        let set = checked_scopes(&[":user", ":write_data", ":user"], Accepted::Known).unwrap();
        assert_eq!(set, [":user", ":write_data"]);
        assert!(checked_scopes(&[], Accepted::Known).unwrap().is_empty());
        assert!(checked_scopes(&[":whylabs_system"], Accepted::Known).is_ok());
        for internal in [":whylabs_system", ":whylabs_administrator", ":admin"] {
            let refused = checked_scopes(&[internal], Accepted::External).unwrap_err();
            let message = format!("Invalid scope provided: {internal}");
            assert_eq!(refused, Rejection::illegal(message));
        }
    }
}
