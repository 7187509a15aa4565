//! The v1 self-service operations (`/v1/api-key`): validate any valid key; generate, delete
//! and list for an organization's administrators, on their own organization.

use whylabs_api_keys::Operation;
use whylabs_api_keys::generated::types::{ListApiKeyMetadata, ValidateApiKeyResponse};

use super::answer::Answer;
use super::auth::Caller;
use super::keys::{Accepted, checked_expiration, checked_scopes};
use super::reject::{Refusal, Rejection};
use super::routes::Call;
use super::store::{NewKey, Store};

/// The server's answer to v1 generate in an organization that is not on a paid tier.
pub(super) const NOT_ENABLED: &str =
    "Cannot create API keys for this organization. Please contact us to enable this feature.";

/// Runs the v1 operation of `call`, whose caller is already authorized; `organization` is the
/// X-WHYLABS-ORGANIZATION header.
pub(super) fn serve(
    store: &mut Store,
    call: &Call,
    caller: &Caller,
    organization: Option<&str>,
    request_id: &str,
) -> Result<Answer, Refusal> {
    if call.operation == Operation::Validate {
        let valid = ValidateApiKeyResponse {
            request_id: Some(request_id.to_string()),
        };
        return Ok(Answer::ok(&valid));
    }
    let org_id = caller.organization(organization, store)?;
    // Only an issued key reaches here (the bootstrap key has no administrator role).
    let user_id = caller.user_id.as_deref().unwrap_or_default();
    match call.operation {
        Operation::Generate => {
            if !store.is_paid(&org_id) {
                return Err(Rejection::illegal(NOT_ENABLED).into());
            }
            let expiration_ms = call.number("expiration_time")?;
            let scopes: Vec<&str> = call.query.all("scopes").collect();
            let new = NewKey {
                org_id: &org_id,
                user_id,
                alias: call.query.first("alias"),
                scopes: checked_scopes(&scopes, Accepted::External)?,
                expiration_time: checked_expiration(expiration_ms, store.now())?,
                resource_id: call.optional("resource_id"),
            };
            Ok(Answer::ok(&store.insert(new)))
        }
        Operation::Delete => {
            let key_id = call.required("key_id")?;
            Ok(Answer::ok(&store.revoke(&org_id, user_id, key_id)?))
        }
        _ => {
            let items = store.metadata(&org_id);
            Ok(Answer::ok(&ListApiKeyMetadata { items }))
        }
    }
}
