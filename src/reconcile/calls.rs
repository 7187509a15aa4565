//! How reconciliation lists an [`Owner`]'s keys ([`Listing`]) and revokes one, through the
//! client's [`KeyApi`]. Apart from `owner.rs`, so that what an owner is needs nothing of the
//! client (the ledger, which the client's API hands out, keys its entries by owner).

use std::time::Instant;

use crate::error::Result;
use crate::models::{ApiKey, ApiKeyMetadata};
use crate::reconcile::api::KeyApi;
use crate::reconcile::owner::Owner;
use crate::reconcile::window::{Instants, Window};

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
