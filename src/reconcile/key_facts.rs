//! [`KeyFacts`]: what reconciliation reads of a listed key, whether the listing is v0's
//! ([`ApiKey`], everything the server keeps but the secret) or v1's ([`ApiKeyMetadata`], the
//! organization's active keys without user or times). A fact the listing does not show is
//! `None`, never a made-up value.

use chrono::{DateTime, Utc};

use crate::models::{ApiKey, ApiKeyMetadata, Scope};

/// The facts of a listed key that tell whether a create or generate may have made it.
pub(crate) trait KeyFacts {
    /// The key's public id.
    fn key_id(&self) -> &str;
    /// The organization the key belongs to.
    fn org_id(&self) -> &str;
    /// The key's user; `None` when the listing does not show it (v1 metadata).
    fn user_id(&self) -> Option<&str>;
    /// The key's alias; `None` when it has none.
    fn alias(&self) -> Option<&str>;
    /// The key's scopes.
    fn scopes(&self) -> &[Scope];
    /// When the key expires; `None` when it never does.
    fn expiration_time(&self) -> Option<DateTime<Utc>>;
    /// When the server made the key; `None` when the listing does not show it (v1 metadata).
    fn creation_time(&self) -> Option<DateTime<Utc>>;
    /// Whether the key is revoked.
    fn revoked(&self) -> bool;
    /// Whether the key has authenticated a request (so someone holds its secret); `None`
    /// when the listing does not say (v0 lists of a user and v1 metadata carry no last use).
    fn used(&self) -> Option<bool>;
}

/// The accessors of the fields both models have, under the same names and types.
macro_rules! shared_fields {
    () => {
        fn key_id(&self) -> &str {
            &self.key_id
        }

        fn org_id(&self) -> &str {
            &self.org_id
        }

        fn alias(&self) -> Option<&str> {
            self.alias.as_deref()
        }

        fn scopes(&self) -> &[Scope] {
            &self.scopes
        }

        fn expiration_time(&self) -> Option<DateTime<Utc>> {
            self.expiration_time
        }
    };
}

impl KeyFacts for ApiKey {
    shared_fields!();

    fn user_id(&self) -> Option<&str> {
        Some(&self.user_id)
    }

    fn creation_time(&self) -> Option<DateTime<Utc>> {
        Some(self.creation_time)
    }

    fn revoked(&self) -> bool {
        self.revoked
    }

    /// The server's list of a user's keys does not read `lastUsedTime` (so a missing one says
    /// nothing), but one it sends is a fact.
    fn used(&self) -> Option<bool> {
        self.last_used_time.map(|_| true)
    }
}

/// v1 metadata describes the organization's active keys only, so none is revoked; it shows
/// neither user nor last use.
impl KeyFacts for ApiKeyMetadata {
    shared_fields!();

    fn user_id(&self) -> Option<&str> {
        None
    }

    fn creation_time(&self) -> Option<DateTime<Utc>> {
        None
    }

    fn revoked(&self) -> bool {
        false
    }

    fn used(&self) -> Option<bool> {
        None
    }
}
