//! The emulator's in-memory store: the keys of every organization, credential checks, and
//! the clock. It speaks in the generated types; HTTP is the handlers' business.

use chrono::{DateTime, TimeDelta, Utc};

use crate::generated::types::UserApiKey;
use crate::validate::MIN_EXPIRATION_AHEAD;
use crate::{ApiKeySecret, Scope, Timestamp};

/// Characters in a key id and in the secret part after the `.`.
const KEY_ID_LEN: usize = 10;
const SECRET_LEN: usize = 53;

/// The scopes of a key created without any (the emulator's choice: the contract only says the
/// server applies a default).
const DEFAULT_SCOPES: [Scope; 1] = [Scope::User];

/// Why a create or revoke was refused, as the server's exception handlers report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Rejection {
    /// 400, type `IllegalArgument`; `parameter` names a missing or unreadable parameter.
    IllegalArgument {
        message: String,
        parameter: Option<&'static str>,
    },
    /// 404, type `ResourceNotFound`.
    NotFound { message: String },
}

impl Rejection {
    fn illegal(message: impl Into<String>) -> Self {
        Rejection::IllegalArgument {
            message: message.into(),
            parameter: None,
        }
    }
}

/// Why a request's credentials were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Denied {
    /// 401: no key, or an unknown, revoked or expired one.
    Unauthorized,
    /// 403: a valid key of another organization.
    Forbidden,
}

/// A create request's parameters, already read from the query.
#[derive(Debug)]
pub(super) struct NewKey<'a> {
    pub(super) org_id: &'a str,
    pub(super) user_id: &'a str,
    pub(super) alias: Option<&'a str>,
    pub(super) scopes: Vec<&'a str>,
    pub(super) expiration_ms: Option<i64>,
}

/// Every key ever created, and the settings that govern them. `Debug` shows no secret.
#[derive(Debug)]
pub(super) struct Store {
    admin_key: ApiKeySecret,
    max_active_keys: usize,
    /// In creation order, which list answers keep. Key ids are unique across organizations.
    keys: Vec<StoredKey>,
    /// How far [`Emulator::advance_time`](super::Emulator::advance_time) moved the clock.
    clock_offset: TimeDelta,
}

#[derive(Debug)]
struct StoredKey {
    key_id: String,
    org_id: String,
    user_id: String,
    /// `<key id>.<secret>`, without the `:<orgId>` suffix, to check presented credentials.
    secret: ApiKeySecret,
    alias: String,
    scopes: Vec<String>,
    creation_time: DateTime<Utc>,
    expiration_time: Option<DateTime<Utc>>,
    last_used_time: Option<DateTime<Utc>>,
    revoked: bool,
}

impl Store {
    pub(super) fn new(admin_key: ApiKeySecret, max_active_keys: usize) -> Self {
        Self {
            admin_key,
            max_active_keys,
            keys: Vec::new(),
            clock_offset: TimeDelta::zero(),
        }
    }

    /// The emulator's time, in whole milliseconds as the server stores it.
    pub(super) fn now(&self) -> DateTime<Utc> {
        let now = Utc::now() + self.clock_offset;
        DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
    }

    pub(super) fn advance_clock(&mut self, by: TimeDelta) {
        self.clock_offset += by;
    }

    /// Checks the `X-API-Key` value for a call on `org_id`. The bootstrap admin key works on
    /// every organization, an issued key only on its own; either may carry a `:<orgId>`
    /// suffix, which is ignored. A key that authenticates has its `lastUsedTime` set.
    pub(super) fn authenticate(
        &mut self,
        presented: Option<&str>,
        org_id: &str,
    ) -> Result<(), Denied> {
        let presented = presented
            .map(without_org_suffix)
            .ok_or(Denied::Unauthorized)?;
        if presented == without_org_suffix(self.admin_key.expose_secret()) {
            return Ok(());
        }
        let now = self.now();
        let key = presented
            .split_once('.')
            .and_then(|(key_id, _)| self.keys.iter_mut().find(|k| k.key_id == key_id))
            .filter(|key| key.secret.expose_secret() == presented && key.is_active_at(now))
            .ok_or(Denied::Unauthorized)?;
        key.last_used_time = Some(now);
        if key.org_id == org_id {
            Ok(())
        } else {
            Err(Denied::Forbidden)
        }
    }

    /// Creates a key and returns it with its secret, the only time the secret leaves the store.
    pub(super) fn create(&mut self, new: NewKey<'_>) -> Result<UserApiKey, Rejection> {
        let scopes = known_scopes(&new.scopes)?;
        let now = self.now();
        let expiration_time = new
            .expiration_ms
            .map(|ms| {
                DateTime::from_timestamp_millis(ms).filter(|at| *at - now > MIN_EXPIRATION_AHEAD)
            })
            .map(|at| at.ok_or_else(|| Rejection::illegal("Invalid expiration time")))
            .transpose()?;
        let active = self
            .keys
            .iter()
            .filter(|k| k.org_id == new.org_id && !k.revoked);
        if active.count() >= self.max_active_keys {
            return Err(Rejection::illegal("Key limit reached"));
        }
        let key_id = self.unused_key_id();
        let secret = format!("{key_id}.{}", random_alphanumeric(SECRET_LEN));
        let stored = StoredKey {
            key_id,
            org_id: new.org_id.to_string(),
            user_id: new.user_id.to_string(),
            secret: ApiKeySecret::from(secret.as_str()),
            alias: new.alias.unwrap_or_default().to_string(),
            scopes,
            creation_time: now,
            expiration_time,
            last_used_time: None,
            revoked: false,
        };
        let mut created = stored.to_generated();
        created.key = Some(ApiKeySecret::from(format!("{secret}:{}", new.org_id)));
        self.keys.push(stored);
        Ok(created)
    }

    /// The key `key_id` of `org_id`, if there is one.
    pub(super) fn get(&self, org_id: &str, key_id: &str) -> Option<UserApiKey> {
        self.keys
            .iter()
            .find(|k| k.org_id == org_id && k.key_id == key_id)
            .map(StoredKey::to_generated)
    }

    /// Without a user, the organization's non-revoked keys (expired ones included, as the
    /// server does); with a user, all of that user's keys, revoked ones included.
    pub(super) fn list(&self, org_id: &str, user_id: Option<&str>) -> Vec<UserApiKey> {
        self.keys
            .iter()
            .filter(|k| k.org_id == org_id)
            .filter(|k| user_id.map_or(!k.revoked, |user| k.user_id == user))
            .map(StoredKey::to_generated)
            .collect()
    }

    /// Revokes the key `key_id` of `user_id` in `org_id`; revoking it again succeeds again.
    pub(super) fn revoke(
        &mut self,
        org_id: &str,
        user_id: &str,
        key_id: &str,
    ) -> Result<UserApiKey, Rejection> {
        let key = self
            .keys
            .iter_mut()
            .find(|k| k.org_id == org_id && k.user_id == user_id && k.key_id == key_id)
            .ok_or_else(|| Rejection::NotFound {
                message: format!("Resource ApiKey with ID {key_id} not found."),
            })?;
        key.revoked = true;
        Ok(key.to_generated())
    }

    fn unused_key_id(&self) -> String {
        loop {
            let id = random_alphanumeric(KEY_ID_LEN);
            if self.keys.iter().all(|k| k.key_id != id) {
                return id;
            }
        }
    }
}

impl StoredKey {
    fn is_active_at(&self, now: DateTime<Utc>) -> bool {
        !self.revoked && self.expiration_time.is_none_or(|at| at > now)
    }

    /// The key as the server renders it: no secret, absent fields omitted.
    fn to_generated(&self) -> UserApiKey {
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
fn known_scopes(requested: &[&str]) -> Result<Vec<String>, Rejection> {
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

/// A credential without the `:<orgId>` the server may append.
fn without_org_suffix(credential: &str) -> &str {
    credential
        .split_once(':')
        .map_or(credential, |(key, _)| key)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> Store {
        Store::new(ApiKeySecret::from("ADMINKEY00.secret"), 2)
    }

    fn new_key<'a>(org_id: &'a str, scopes: Vec<&'a str>) -> NewKey<'a> {
        NewKey {
            org_id,
            user_id: "user-1",
            alias: None,
            scopes,
            expiration_ms: None,
        }
    }

    #[test]
    fn scopes_are_a_set_and_default_to_user() {
        let mut store = store();
        let created = store.create(new_key("org-1", vec![":user", ":write_data", ":user"]));
        assert_eq!(created.unwrap().scopes.unwrap(), [":user", ":write_data"]);
        let defaulted = store.create(new_key("org-2", vec![])).unwrap();
        assert_eq!(defaulted.scopes.unwrap(), [":user"]);
    }

    #[test]
    fn debug_output_shows_no_secret() {
        let mut store = store();
        let created = store.create(new_key("org-1", vec![])).unwrap();
        let secret = created.key.unwrap();
        let (_, secret_part) = secret.expose_secret().split_once('.').unwrap();
        let debug = format!("{store:?}");
        assert!(!debug.contains(&secret_part[..SECRET_LEN]), "{debug}");
        assert!(!debug.contains("ADMINKEY00.secret"), "{debug}");
        assert!(debug.contains("ADMINKEY00.****"), "{debug}");
    }

    #[test]
    fn the_admin_key_and_issued_keys_authenticate_with_or_without_an_org_suffix() {
        let mut store = store();
        assert_eq!(
            store.authenticate(Some("ADMINKEY00.secret:any"), "org-9"),
            Ok(())
        );
        let created = store.create(new_key("org-1", vec![])).unwrap();
        let secret = created.key.unwrap();
        let bare = without_org_suffix(secret.expose_secret()).to_string();
        assert_eq!(
            store.authenticate(Some(secret.expose_secret()), "org-1"),
            Ok(())
        );
        assert_eq!(store.authenticate(Some(&bare), "org-1"), Ok(()));
        assert_eq!(
            store.authenticate(Some(&bare), "org-2"),
            Err(Denied::Forbidden)
        );
        let wrong = format!("{bare}x");
        assert_eq!(
            store.authenticate(Some(&wrong), "org-1"),
            Err(Denied::Unauthorized)
        );
        assert_eq!(store.authenticate(None, "org-1"), Err(Denied::Unauthorized));
    }
}
