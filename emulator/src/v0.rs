//! The v0 back-office operations (`/v0/organizations/{org_id}/api-key`), for system keys:
//! create, get, list and revoke any organization's keys.

use whylabs_api_keys::Operation;
use whylabs_api_keys::generated::types::{ListUserApiKeys, UserApiKeyResponse};

use super::answer::Answer;
use super::keys::{Accepted, checked_expiration, checked_scopes};
use super::reject::Rejection;
use super::routes::Call;
use super::store::{NewKey, Store};

/// Runs the v0 operation of `call`, whose caller is already authorized.
pub(super) fn serve(store: &mut Store, call: &Call) -> Result<Answer, Rejection> {
    let org_id = call.org_id.as_deref().unwrap_or_default();
    match call.operation {
        Operation::Create => {
            let user_id = call.required("user_id")?;
            let expiration_ms = call.number("expiration_time")?;
            let scopes: Vec<&str> = call.query.all("scopes").collect();
            let new = NewKey {
                org_id,
                user_id,
                alias: call.query.first("alias"),
                scopes: checked_scopes(&scopes, Accepted::Known)?,
                expiration_time: checked_expiration(expiration_ms, store.now())?,
                resource_id: None,
            };
            store.check_key_limit(org_id)?;
            Ok(Answer::ok(&store.insert(new)))
        }
        Operation::Get => {
            let key_id = call.key_id.as_deref().unwrap_or_default();
            let found = UserApiKeyResponse {
                key: store.get(org_id, key_id),
            };
            Ok(Answer::ok(&found))
        }
        Operation::List => {
            let items = store.list(org_id, call.query.first("user_id"));
            Ok(Answer::ok(&ListUserApiKeys { items }))
        }
        _ => {
            let user_id = call.required("user_id")?;
            let key_id = call.required("key_id")?;
            Ok(Answer::ok(&store.revoke(org_id, user_id, key_id)?))
        }
    }
}
