//! The emulator's in-memory store: every key of every organization, the organizations' tiers,
//! and the clock. It speaks in the generated types; HTTP is the other modules' business.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use whylabs_api_keys::ApiKeySecret;
use whylabs_api_keys::generated::types::{ApiKeyMetadata, UserApiKey};
use whylabs_api_keys::rules::{KEY_ID_LEN, KEY_SECRET_LEN};

use super::clock::Clock;
use super::keys::{StoredKey, random_alphanumeric};
use super::reject::Rejection;

/// The organizations' tiers and the managed (parent, child) organization pairs.
#[derive(Debug, Default)]
pub(super) struct Organizations {
    /// Organizations on a paid tier: no key limit on v0, v1 generate allowed.
    pub(super) paid: BTreeSet<String>,
    /// (parent, child): the parent's keys may act on the child through X-WHYLABS-ORGANIZATION.
    pub(super) managed: BTreeSet<(String, String)>,
    /// The most non-revoked keys a free organization may hold (v0 create).
    pub(super) max_active_keys: usize,
}

/// A new key's values, already checked.
#[derive(Debug)]
pub(super) struct NewKey<'a> {
    pub(super) org_id: &'a str,
    pub(super) user_id: &'a str,
    pub(super) alias: Option<&'a str>,
    pub(super) scopes: Vec<String>,
    pub(super) expiration_time: Option<DateTime<Utc>>,
    pub(super) resource_id: Option<&'a str>,
}

/// Every key ever created, and the settings that govern them. `Debug` shows no secret.
#[derive(Debug)]
pub(super) struct Store {
    pub(super) admin_key: ApiKeySecret,
    pub(super) orgs: Organizations,
    /// In creation order, which list answers keep; never removed from, so an index names a
    /// key for good. Key ids are unique across organizations.
    pub(super) keys: Vec<StoredKey>,
    pub(super) clock: Clock,
}

impl Store {
    pub(super) fn new(admin_key: ApiKeySecret, orgs: Organizations) -> Self {
        Self {
            admin_key,
            orgs,
            keys: Vec::new(),
            clock: Clock::default(),
        }
    }

    pub(super) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub(super) fn is_paid(&self, org_id: &str) -> bool {
        self.orgs.paid.contains(org_id)
    }

    /// Refuses a v0 create in a free organization that holds its maximum of active keys.
    pub(super) fn check_key_limit(&self, org_id: &str) -> Result<(), Rejection> {
        let active = self
            .keys
            .iter()
            .filter(|k| k.org_id == org_id && !k.revoked)
            .count();
        if self.is_paid(org_id) || active < self.orgs.max_active_keys {
            Ok(())
        } else {
            Err(Rejection::illegal("Key limit reached"))
        }
    }

    /// Stores a key and returns it with its secret, the only time the secret leaves the store.
    pub(super) fn insert(&mut self, new: NewKey<'_>) -> UserApiKey {
        let key_id = self.unused_key_id();
        let secret = format!("{key_id}.{}", random_alphanumeric(KEY_SECRET_LEN));
        let stored = StoredKey {
            key_id,
            org_id: new.org_id.to_string(),
            user_id: new.user_id.to_string(),
            secret: ApiKeySecret::from(secret.as_str()),
            alias: new.alias.unwrap_or_default().to_string(),
            scopes: new.scopes,
            resource_id: new.resource_id.map(str::to_string),
            creation_time: self.now(),
            expiration_time: new.expiration_time,
            last_used_time: None,
            revoked: false,
        };
        let mut created = stored.to_generated();
        created.key = Some(ApiKeySecret::from(format!("{secret}:{}", new.org_id)));
        self.keys.push(stored);
        created
    }

    /// The non-revoked key `key_id` of `org_id`, if there is one (a revoked key is not found).
    pub(super) fn get(&self, org_id: &str, key_id: &str) -> Option<UserApiKey> {
        self.keys
            .iter()
            .find(|k| k.org_id == org_id && k.key_id == key_id && !k.revoked)
            .map(StoredKey::to_generated)
    }

    /// Without a user, the organization's non-revoked keys (expired ones included, as the
    /// server does); with a user, all of that user's keys, revoked ones included, without
    /// `lastUsedTime` (the server's query for it does not read that column).
    pub(super) fn list(&self, org_id: &str, user_id: Option<&str>) -> Vec<UserApiKey> {
        let of_org = self.keys.iter().filter(|k| k.org_id == org_id);
        match user_id {
            None => of_org
                .filter(|k| !k.revoked)
                .map(StoredKey::to_generated)
                .collect(),
            Some(user) => of_org
                .filter(|k| k.user_id == user)
                .map(|k| UserApiKey {
                    last_used_time: None,
                    ..k.to_generated()
                })
                .collect(),
        }
    }

    /// v1's list: the organization's non-revoked keys' metadata.
    pub(super) fn metadata(&self, org_id: &str) -> Vec<ApiKeyMetadata> {
        self.keys
            .iter()
            .filter(|k| k.org_id == org_id && !k.revoked)
            .map(StoredKey::to_metadata)
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
            .ok_or_else(|| Rejection::key_not_found(key_id))?;
        key.revoked = true;
        Ok(key.to_generated())
    }

    /// Records that the key at `index` authenticated a call now; returns the previous value,
    /// for [`restore_last_used`](Self::restore_last_used) when the call is then refused.
    pub(super) fn mark_used(&mut self, index: usize) -> Option<DateTime<Utc>> {
        let now = self.now();
        let key = &mut self.keys[index];
        key.last_used_time.replace(now)
    }

    pub(super) fn restore_last_used(&mut self, index: usize, previous: Option<DateTime<Utc>>) {
        self.keys[index].last_used_time = previous;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_shows_no_secret() {
        let orgs = Organizations::default();
        let mut store = Store::new(ApiKeySecret::from("ADMINKEY00.secret"), orgs);
        let created = store.insert(NewKey {
            org_id: "org-1",
            user_id: "user-1",
            alias: None,
            scopes: Vec::new(),
            expiration_time: None,
            resource_id: None,
        });
        let secret = created.key.unwrap();
        let (_, secret_part) = secret.expose_secret().split_once('.').unwrap();
        let debug = format!("{store:?}");
        assert!(!debug.contains(&secret_part[..KEY_SECRET_LEN]), "{debug}");
        assert!(!debug.contains("ADMINKEY00.secret"), "{debug}");
        assert!(debug.contains("ADMINKEY00.****"), "{debug}");
    }
}
