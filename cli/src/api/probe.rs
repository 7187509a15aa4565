//! What the server tells of the configured key: whether it is valid (`validate`, `whoami`),
//! and for `whoami` which API it uses and its scopes ([`Probe`]). At most three calls: v1
//! validate (any valid key), then, for a valid key, v0 get of the key itself (a system key
//! sees its scopes; 403 says it is no system key) and, on v1, the organization's key
//! metadata (an administrator's key sees its own scopes).

use crate::api::choice::{Api, ApiChoice};
use crate::api::session::Session;
use crate::api::{v0, v1};
use crate::error::CliResult;

/// Whether the key is valid, as the server said.
#[derive(Debug)]
pub enum Validity {
    Valid,
    /// The server refused it (401 or 403).
    Invalid,
    /// The server could not be asked, or answered something else.
    Unknown(whylabs_api_keys::Error),
}

/// What the server tells of a valid key: the API it uses, its scopes, and why either is not
/// known.
#[derive(Debug, Default)]
pub struct Probe {
    pub api: Option<Api>,
    /// `None` when they could not be looked up.
    pub scopes: Option<Vec<String>>,
    pub note: Option<String>,
}

impl Session {
    /// Whether the configured key is valid, asked with v1 validate in the organization given
    /// (if one): `Ok(false)` for 401/403; any other failure (a timeout, a wrong endpoint) is
    /// an error, since it says nothing about the key.
    pub async fn validate(&self) -> CliResult<bool> {
        v1::validate(self).await
    }

    /// Whether the configured key is valid in its own organization, any failure kept.
    pub async fn validity(&self) -> Validity {
        match v1::validate_own(&self.client).await {
            Ok(()) => Validity::Valid,
            Err(e) if e.is_unauthorized() || e.is_forbidden() => Validity::Invalid,
            Err(e) => Validity::Unknown(e),
        }
    }

    /// Under v0 or auto, a v0 get of the key `key_id` itself (in its own organization, else
    /// the first `--org`): a system key sees its scopes, any other key gets 403 and, under
    /// auto, is looked up through v1. Nothing without a key id.
    pub async fn probe(&self, key_id: Option<&str>) -> Probe {
        let Some(key_id) = key_id else {
            return Probe::default();
        };
        if self.choice() == ApiChoice::V1 {
            return self.probe_v1(key_id).await;
        }
        let org = self
            .key_org()
            .or(self.org_list().first().map(String::as_str));
        let Some(org) = org else {
            return Probe {
                api: (self.choice() == ApiChoice::V0).then_some(Api::V0),
                note: Some("the key names no organization: pass --org to look it up".to_string()),
                ..Probe::default()
            };
        };
        match v0::get(&self.client, org, key_id).await {
            Ok(found) => Probe {
                api: Some(Api::V0),
                scopes: found
                    .map(|key| key.scopes.iter().map(|s| s.as_str().to_string()).collect()),
                note: None,
            },
            Err(e) if e.is_forbidden() && self.choice() == ApiChoice::Auto => {
                self.probe_v1(key_id).await
            }
            Err(e) => Probe {
                note: Some(format!("cannot look the key up with v0: {e}")),
                ..Probe::default()
            },
        }
    }

    async fn probe_v1(&self, key_id: &str) -> Probe {
        Probe {
            api: Some(Api::V1),
            scopes: v1::own_scopes(&self.client, key_id).await,
            note: None,
        }
    }
}
