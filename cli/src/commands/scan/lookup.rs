//! Looking a found key id up: which organization and user, active or not. With a system key
//! (v0) by `get` in the key's own organization (its `:org-id` suffix) or else each `--org`;
//! with an administrator's key (v1) by the organization's key metadata, which has no user.

use crate::api::{Session, v1};
use crate::error::CliResult;
use crate::records::status;
use crate::scan::Hit;

pub struct Lookup {
    /// `active`, `inactive` or `unchecked`; `revoked` once this run revoked it.
    pub status: &'static str,
    pub org_id: Option<String>,
    pub user_id: Option<String>,
}

pub async fn lookup(hit: &Hit, session: &Session) -> CliResult<Lookup> {
    let orgs: Vec<String> = match &hit.org_id {
        Some(org) => vec![org.clone()],
        None => session.org_list().to_vec(),
    };
    if orgs.is_empty() {
        return Ok(Lookup {
            status: "unchecked",
            org_id: None,
            user_id: None,
        });
    }
    let now = session.clock.now();
    for org in &orgs {
        let v0 = async {
            let key = session.client().get_key(org, &hit.key_id).await?;
            Ok(key.map(|k| (status(k.revoked, k.expiration_time, now), Some(k.user_id))))
        };
        let v1 = async {
            let keys = v1::list(session, Some(org)).await?;
            Ok(keys
                .into_iter()
                .find(|k| k.key_id == hit.key_id)
                .map(|k| (k.status, None)))
        };
        let doing = format!("look up key {} in {org}", hit.key_id);
        if let Some((status, user_id)) = session.either(&doing, v0, v1).await? {
            return Ok(Lookup {
                status: if status == "active" {
                    "active"
                } else {
                    "inactive"
                },
                org_id: Some(org.clone()),
                user_id,
            });
        }
    }
    Ok(Lookup {
        status: "inactive",
        org_id: hit.org_id.clone(),
        user_id: None,
    })
}
