//! The v0 paths: what a system key (`:whylabs_system`) can do on any user of any organization
//! (list an organization's or a user's keys, get, create for a user, rotate, revoke). Each
//! is the library call alone; the operations of [`Session`](crate::api::Session) choose
//! between these and `v1`.

use chrono::{DateTime, Utc};
use whylabs_api_keys::{ApiKey, Client, CreateKey, ListKeys, PendingRotation};

use crate::api::request::{CreateRequest, KeyExpiry};
use crate::records::KeyRecord;

/// The organization's keys that are not revoked, with their last use.
pub async fn list_org(
    client: &Client,
    org: &str,
    now: DateTime<Utc>,
) -> whylabs_api_keys::Result<Vec<KeyRecord>> {
    let keys = client.list_keys(org).await?;
    Ok(keys
        .iter()
        .map(|k| KeyRecord::from_key(k, now, true))
        .collect())
}

/// All keys of `user` in `org`, revoked ones included (the server leaves their last use out).
pub fn list_user(client: &Client, org: &str, user: &str) -> ListKeys {
    client.list_keys(org).user(user)
}

/// The key `key_id` of `org`; `None` when the server does not know it (or it is revoked).
pub async fn get(
    client: &Client,
    org: &str,
    key_id: &str,
) -> whylabs_api_keys::Result<Option<ApiKey>> {
    client.get_key(org, key_id).await
}

/// A key for `user` in `org`, as `request` asks.
pub fn create(client: &Client, org: &str, user: &str, request: &CreateRequest) -> CreateKey {
    let mut create = client.create_key(org, user).scopes(request.scopes());
    if let Some(alias) = request.alias {
        create = create.alias(alias);
    }
    request.expiry.apply(create)
}

/// Stages the replacement of `old` (both keys active until the rotation is committed).
pub async fn stage_rotation(
    client: &Client,
    old: &ApiKey,
    expiry: KeyExpiry,
) -> whylabs_api_keys::Result<PendingRotation> {
    expiry.apply(client.rotate_key(old)).stage().await
}

/// Revokes `user`'s key `key_id` in `org`; `Ok(None)` only when the server said the key does
/// not exist.
pub async fn revoke(
    client: &Client,
    org: &str,
    user: &str,
    key_id: &str,
) -> whylabs_api_keys::Result<Option<ApiKey>> {
    match client.revoke_key(org, user, key_id).await {
        Ok(key) => Ok(Some(key)),
        Err(error) if error.is_not_found() => Ok(None),
        Err(error) => Err(error),
    }
}
