//! [`Owner`]: whose keys a create or generate makes, and so how reconciliation lists them
//! ([`Listing`]) and revokes one.

use std::fmt;
use std::time::Instant;

use crate::error::Result;
use crate::models::{ApiKey, ApiKeyMetadata};
use crate::operation::Operation;
use crate::reconcile::api::KeyApi;
use crate::reconcile::key_facts::KeyFacts;
use crate::reconcile::window::{Instants, Window};

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

/// An owner's keys, as its listing shows them.
pub(crate) enum Listing {
    /// v0: everything but the secrets.
    Keys(Vec<ApiKey>),
    /// v1: the organization's active keys, without user or times.
    Metadata(Vec<ApiKeyMetadata>),
}

/// What revoking a key reconciliation picked did.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Revoked {
    /// The key is revoked.
    Done,
    /// The server refused it as another user's key (v1 delete's 404): the request did not
    /// make it, and it is untouched.
    NotTheOwners,
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

    /// All of the owner's keys the API shows, within `deadline`, with the [`Window`] in which
    /// a create sent at `sent` can have made its key (v1 metadata shows no creation times, so
    /// its window is never needed: [`Window::Unknown`]).
    pub(crate) async fn list(
        &self,
        client: &impl KeyApi,
        sent: Instant,
        deadline: Option<Instant>,
    ) -> Result<(Listing, Window)> {
        match self {
            Owner::User { org_id, user_id } => {
                let listed = Instant::now();
                let list = client.list_user_keys(org_id, user_id, deadline);
                let (keys, date) = list.await?;
                let at = Instants {
                    sent,
                    listed,
                    answered: Instant::now(),
                };
                Ok((Listing::Keys(keys), Window::new(date, at)))
            }
            Owner::Caller { .. } => {
                let keys = client.list_key_metadata(deadline).await?;
                Ok((Listing::Metadata(keys), Window::Unknown))
            }
        }
    }

    /// Revokes `key_id`, within `deadline`.
    pub(crate) async fn revoke(
        &self,
        client: &impl KeyApi,
        key_id: &str,
        deadline: Option<Instant>,
    ) -> Result<Revoked> {
        match self {
            Owner::User { org_id, user_id } => {
                let revoke = client.revoke_key(org_id, user_id, key_id, deadline);
                revoke.await.map(|_| Revoked::Done)
            }
            Owner::Caller { .. } => match client.delete_key(key_id, deadline).await {
                Ok(_) => Ok(Revoked::Done),
                Err(error) if error.is_not_found() => Ok(Revoked::NotTheOwners),
                Err(error) => Err(error),
            },
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
