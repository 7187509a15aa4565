//! Revoking a key, and whom it belongs to: v0 revokes any user's key given its owner and
//! organization, v1 only the caller's own keys.

use whylabs_api_keys::ApiKey;

use crate::api::choice::{Api, ApiChoice};
use crate::api::session::Session;
use crate::api::{v0, v1};
use crate::error::{CliError, CliResult};

/// Whose key a revoke acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    /// v0: `user`'s key in `org`.
    User { org: String, user: String },
    /// v1: one of the caller's own keys.
    Caller,
    /// Looked up in `org` and not found: the server does not know the key, or it is revoked.
    Unknown { org: String },
}

impl Session {
    /// Revokes a key: v0 with its owner and organization, else v1 (one's own keys).
    /// `Ok(None)` only when the server said the key does not exist; any other failure, a bare
    /// 404 from a wrong endpoint (`Error::EndpointNotFound`) included, is an error.
    pub async fn revoke(
        &self,
        org: Option<&str>,
        user: Option<&str>,
        key_id: &str,
    ) -> CliResult<Option<ApiKey>> {
        let (Some(org), Some(user)) = (org, user) else {
            return v1::delete(self, key_id).await;
        };
        let v0 = v0::revoke(&self.client, org, user, key_id);
        let doing = format!("revoke key {key_id} of {user} in {org}");
        self.either(&doing, v0, v1::delete(self, key_id)).await
    }

    /// Revokes a key a v0 list returned (its owner and organization known) with v0 and no
    /// fallback: the list proved the key a system key. `Ok(None)` when the server no longer
    /// knows the key; other errors are the library's, as they are.
    pub async fn revoke_listed(&self, key: &ApiKey) -> whylabs_api_keys::Result<Option<ApiKey>> {
        v0::revoke(&self.client, &key.org_id, &key.user_id, &key.key_id).await
    }

    /// Whom `key_id` belongs to, for a revoke. With `user`, that user in the one
    /// organization given. Without it, an administrator's key (`--api v1`, or v0 refused with
    /// 403 under auto) revokes its own keys with v1, and a system key looks the owner up in the
    /// organization (get names it; [`Owner::Unknown`] when it does not know the key). Errors
    /// say what is missing, such as the organization to look in.
    pub async fn owner_of(&self, key_id: &str, user: Option<&str>) -> CliResult<Owner> {
        if let Some(user) = user {
            let org = self.one_org("revoke --user")?;
            return Ok(Owner::User {
                org: org.to_string(),
                user: user.to_string(),
            });
        }
        if self.api() == Api::V1 {
            return Ok(Owner::Caller);
        }
        let org = match (self.org_list(), self.choice) {
            // Which kind of key this is cannot be told without an organization to ask about;
            // v1's answer says what to add if it is a system key.
            ([], ApiChoice::Auto) => return Ok(Owner::Caller),
            ([], _) => {
                return Err(CliError::usage(format!(
                    "revoke {key_id} with v0 needs the key's organization to look its owner \
                     up: pass --org ORG (or WHYLABS_DEFAULT_ORG_ID), or --user USER --org ORG"
                )));
            }
            _ => self.one_org("revoke")?,
        };
        let doing = format!("look up the owner of key {key_id} in {org}");
        let v0 = async { v0::get(&self.client, org, key_id).await.map(Some) };
        match self.either(&doing, v0, async { Ok(None) }).await? {
            Some(Some(key)) => Ok(Owner::User {
                org: org.to_string(),
                user: key.user_id,
            }),
            Some(None) => Ok(Owner::Unknown {
                org: org.to_string(),
            }),
            None => Ok(Owner::Caller),
        }
    }
}
