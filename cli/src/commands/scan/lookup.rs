//! Looking a found key id up: which organization and user, and its [`Verdict`]. In the key's
//! own organization (its `:org-id` suffix) or else each `--org`, as the API layer answers
//! (v0 `get`, or v1 key metadata, which has no user). A failed lookup makes that key
//! `unknown` and the scan goes on.
//!
//! v0's `get` answers `{}` for an unknown or revoked key, and a body that is no key at all
//! decodes the same way; so "not found" is believed only when the organization's list (whose
//! `items` is required, fetched once per organization) agrees.

use std::collections::HashMap;

use crate::api::{Seen, Session};
use crate::error::CliError;
use crate::scan::{Hit, Verdict};

/// What the server said of one key (or why it could not be asked).
pub struct Lookup {
    pub verdict: Verdict,
    pub org_id: Option<String>,
    pub user_id: Option<String>,
    /// Why the verdict is `unknown`, or why a revoke failed.
    pub error: Option<String>,
}

impl Lookup {
    pub fn unknown(org_id: Option<String>, error: impl Into<String>) -> Self {
        Self {
            verdict: Verdict::Unknown,
            org_id,
            user_id: None,
            error: Some(error.into()),
        }
    }
}

/// Lookups of one run: the organizations' lists are fetched once each.
pub struct Lookups<'a> {
    session: &'a Session,
    /// v0: the ids of each organization's non-revoked keys.
    listed: HashMap<String, Vec<String>>,
}

impl<'a> Lookups<'a> {
    pub fn new(session: &'a Session) -> Self {
        Self {
            session,
            listed: HashMap::new(),
        }
    }

    pub async fn lookup(&mut self, hit: &Hit) -> Lookup {
        let orgs: Vec<String> = match &hit.org_id {
            Some(org) => vec![org.clone()],
            None => self.session.org_list().to_vec(),
        };
        if orgs.is_empty() {
            return Lookup::unknown(
                None,
                "no organization to look in: the key has no :org-id suffix; pass --org ORG",
            );
        }
        let mut failed = None;
        for org in &orgs {
            match self.in_org(org, &hit.key_id).await {
                Ok(Seen::Key(state, user_id)) => return found(org, state, user_id),
                Ok(Seen::Absent | Seen::NotGot | Seen::Another) => {}
                Err(error) => failed = Some(Lookup::unknown(Some(org.clone()), error)),
            }
        }
        failed.unwrap_or(Lookup {
            verdict: Verdict::Inactive,
            org_id: hit.org_id.clone(),
            user_id: None,
            error: None,
        })
    }

    /// The key in `org`; an error message when the server's answer says nothing sure.
    async fn in_org(&mut self, org: &str, key_id: &str) -> Result<Seen, String> {
        match self.session.look_up(org, key_id).await.map_err(message)? {
            Seen::NotGot => self.confirm_absent(org, key_id).await,
            Seen::Another => Err(format!(
                "look up key {key_id} in {org}: the server answered with another key"
            )),
            seen => Ok(seen),
        }
    }

    /// `Absent` when `org`'s list of non-revoked keys lacks the key too.
    async fn confirm_absent(&mut self, org: &str, key_id: &str) -> Result<Seen, String> {
        if !self.listed.contains_key(org) {
            let doing =
                format!("list the keys of {org} to confirm that key {key_id} is not active");
            let ids = self
                .session
                .listed_ids(org, &doing)
                .await
                .map_err(message)?;
            self.listed.insert(org.to_string(), ids);
        }
        if self.listed[org].iter().any(|id| id == key_id) {
            return Err(format!(
                "look up key {key_id} in {org}: the server's get and list disagree"
            ));
        }
        Ok(Seen::Absent)
    }
}

fn found(org: &str, state: &str, user_id: Option<String>) -> Lookup {
    Lookup {
        verdict: if state == "active" {
            Verdict::Active
        } else {
            Verdict::Inactive
        },
        org_id: Some(org.to_string()),
        user_id,
        error: None,
    }
}

fn message(error: CliError) -> String {
    error.message().unwrap_or("failed").to_string()
}
