//! [`Owner`]: whose keys a create or generate makes (how reconciliation lists and revokes
//! them is `calls.rs`').

use std::fmt;

use crate::operation::Operation;
use crate::reconcile::key_facts::KeyFacts;

/// Whose keys a request makes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Owner {
    /// v0 create (a system key): a user of an organization. Listed with v0 list `user_id`
    /// (all of the user's keys, revoked ones included), revoked with v0 revoke.
    User { org_id: String, user_id: String },
    /// v1 generate (an administrator's key): the caller, in its own organization or the
    /// managed one. Listed with v1 list metadata (the organization's active keys, without
    /// user), revoked with v1 delete, which only ever deletes the caller's own keys: another
    /// user's key is answered 404 and stays untouched.
    Caller { managed_org: Option<String> },
}

impl Owner {
    /// A user of an organization (v0).
    pub(crate) fn user(org_id: &str, user_id: &str) -> Self {
        Owner::User {
            org_id: org_id.to_string(),
            user_id: user_id.to_string(),
        }
    }

    /// The caller of v1 calls, acting on `managed_org` when one is set.
    pub(crate) fn caller(managed_org: Option<&str>) -> Self {
        Owner::Caller {
            managed_org: managed_org.map(str::to_string),
        }
    }

    /// The operation that makes this owner's keys.
    pub(crate) fn operation(&self) -> Operation {
        match self {
            Owner::User { .. } => Operation::Create,
            Owner::Caller { .. } => Operation::Generate,
        }
    }

    /// Whether `key` may be this owner's: for a user, its organization and user; for the
    /// caller, the managed organization when one is set (the listing shows no user).
    pub(crate) fn admits(&self, key: &impl KeyFacts) -> bool {
        match self {
            Owner::User { org_id, user_id } => {
                key.org_id() == org_id && key.user_id() == Some(user_id.as_str())
            }
            Owner::Caller { managed_org } => managed_org
                .as_deref()
                .is_none_or(|org_id| key.org_id() == org_id),
        }
    }
}

impl fmt::Display for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Owner::User { user_id, .. } => write!(f, "user {user_id}"),
            Owner::Caller { .. } => f.write_str("the caller"),
        }
    }
}
