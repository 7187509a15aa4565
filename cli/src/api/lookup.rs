//! Looking a found key id up in one organization (for `scan`): with a system key (v0) by
//! `get`, with an administrator's key (v1) in the organization's key metadata, which has no
//! owner. v0's `get` answers `{}` for an unknown or revoked key, and a body that is no key at
//! all decodes the same way, so its "not got" is only a question, which the organization's
//! list answers ([`Session::listed_ids`]).

use crate::api::session::Session;
use crate::api::{v0, v1};
use crate::error::{CliError, CliResult};
use crate::records::status;

/// One organization's answer for a key id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seen {
    /// The key, with its status (`active`, `expired`, `revoked`) and owner when v0 tells it.
    Key(&'static str, Option<String>),
    /// v0's `get` said `{}`: to be checked against the organization's list.
    NotGot,
    /// Absent from a well-formed list.
    Absent,
    /// v0's `get` answered with another key: the answer is malformed.
    Another,
}

impl Session {
    /// What `org` says of `key_id`.
    pub async fn look_up(&self, org: &str, key_id: &str) -> CliResult<Seen> {
        let now = self.clock.now();
        let v0 = async {
            Ok(match v0::get(&self.client, org, key_id).await? {
                Some(k) if k.key_id == key_id => {
                    Seen::Key(status(k.revoked, k.expiration_time, now), Some(k.user_id))
                }
                Some(_) => Seen::Another,
                None => Seen::NotGot,
            })
        };
        let v1 = async {
            let keys = v1::list(self, Some(org)).await?;
            Ok(match keys.into_iter().find(|k| k.key_id == key_id) {
                Some(k) => Seen::Key(k.status, None),
                None => Seen::Absent,
            })
        };
        let doing = format!("look up key {key_id} in {org}");
        self.either(&doing, v0, v1).await
    }

    /// The ids of `org`'s keys that are not revoked (v0, no fallback: only v0's "not got"
    /// asks for them). `doing` names the call in errors.
    pub async fn listed_ids(&self, org: &str, doing: &str) -> CliResult<Vec<String>> {
        let keys = v0::list_org(&self.client, org, self.clock.now())
            .await
            .map_err(|e| CliError::api(doing, &e))?;
        Ok(keys.into_iter().map(|k| k.key_id).collect())
    }
}
