//! The emulator's in-memory store: the keys of every organization, credential checks, and
//! the clock. It speaks in the generated types; HTTP is the handlers' business.

use chrono::{DateTime, TimeDelta, Utc};

use super::keys::{KEY_ID_LEN, SECRET_LEN, StoredKey, known_scopes, random_alphanumeric};
use crate::generated::types::UserApiKey;
use crate::requests::MIN_EXPIRATION_AHEAD;
use crate::secret::ApiKeySecret;

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
    pub(super) fn illegal(message: impl Into<String>) -> Self {
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

/// A credential without the `:<orgId>` the server may append.
fn without_org_suffix(credential: &str) -> &str {
    credential
        .split_once(':')
        .map_or(credential, |(key, _)| key)
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
