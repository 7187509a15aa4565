//! Who calls, and what they may do: the `X-API-Key` checked on every request (expiry and
//! revocation included), the roles its scopes give, and the organization a v1 call acts on.

use whylabs_api_keys::{Operation, Scope};

use super::reject::{Denied, Refusal, Rejection};
use super::store::Store;

/// The authenticated caller of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Caller {
    /// The issued key's position in the store; `None` for the bootstrap key.
    pub(super) key: Option<usize>,
    /// The key's organization and user; `None` for the bootstrap key, which has neither.
    pub(super) org_id: Option<String>,
    pub(super) user_id: Option<String>,
    /// Role WHYLABS_SYSTEM (`:whylabs_system`, or the bootstrap key).
    pub(super) system: bool,
    /// Role ADMINISTRATOR or ACCOUNT_ADMINISTRATOR.
    pub(super) administrator: bool,
}

impl Store {
    /// Checks the `X-API-Key` value at the current time. The bootstrap key is compared whole
    /// (optionally followed by `:<orgId>`); an issued key is `<id>.<secret>`, optionally
    /// followed by the `:<orgId>` the server appends, and must be neither revoked nor expired.
    pub(super) fn authenticate(&self, presented: Option<&str>) -> Result<Caller, Denied> {
        let presented = presented.ok_or(Denied::Unauthorized)?;
        if is_key_or_suffixed(presented, self.admin_key.expose_secret()) {
            return Ok(Caller {
                key: None,
                org_id: None,
                user_id: None,
                system: true,
                administrator: false,
            });
        }
        let bare = presented.split_once(':').map_or(presented, |(key, _)| key);
        let (key_id, _) = bare.split_once('.').ok_or(Denied::Unauthorized)?;
        let now = self.now();
        let index = self
            .keys
            .iter()
            .position(|k| k.key_id == key_id)
            .filter(|&i| constant_time_eq(self.keys[i].secret.expose_secret(), bare))
            .filter(|&i| self.keys[i].is_active_at(now))
            .ok_or(Denied::Unauthorized)?;
        let key = &self.keys[index];
        Ok(Caller {
            key: Some(index),
            org_id: Some(key.org_id.clone()),
            user_id: Some(key.user_id.clone()),
            system: key.has_scope(&Scope::WhylabsSystem),
            administrator: key.has_scope(&Scope::Administrator)
                || key.has_scope(&Scope::AccountAdministrator),
        })
    }
}

impl Caller {
    /// Whether the caller's roles allow `operation`: v0 needs WHYLABS_SYSTEM (an
    /// organization's administrator included, everyone else gets 403), v1 validate any valid
    /// key, the other v1 operations ADMINISTRATOR or ACCOUNT_ADMINISTRATOR.
    pub(super) fn authorize(&self, operation: Operation) -> Result<(), Denied> {
        let allowed = match operation {
            Operation::Validate => true,
            op if op.is_v1() => self.administrator,
            _ => self.system,
        };
        if allowed {
            Ok(())
        } else {
            Err(Denied::Forbidden)
        }
    }

    /// The organization a v1 call acts on: the one named in X-WHYLABS-ORGANIZATION, which a
    /// system key must name and any other key may name only when it is its own or one its
    /// organization manages; else the key's own.
    pub(super) fn organization(
        &self,
        header: Option<&str>,
        store: &Store,
    ) -> Result<String, Refusal> {
        match (header, &self.org_id) {
            (Some(named), _) if self.system => Ok(named.to_string()),
            (None, _) if self.system => Err(Rejection::missing("X-WHYLABS-ORGANIZATION").into()),
            (Some(named), Some(own)) => {
                let managed = store
                    .orgs
                    .managed
                    .contains(&(own.clone(), named.to_string()));
                if named == own || managed {
                    Ok(named.to_string())
                } else {
                    Err(Denied::Forbidden.into())
                }
            }
            (None, Some(own)) => Ok(own.clone()),
            (_, None) => Err(Denied::Forbidden.into()),
        }
    }
}

/// Whether `presented` is `key`, or `key` followed by `:` and an organization id.
fn is_key_or_suffixed(presented: &str, key: &str) -> bool {
    let head = presented.get(..key.len()).unwrap_or_default();
    let rest = presented.get(key.len()..).unwrap_or_default();
    constant_time_eq(head, key) && (rest.is_empty() || rest.starts_with(':'))
}

/// Compares two strings in a time that depends on their lengths only.
pub(super) fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0, |diff, (x, y)| diff | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use whylabs_api_keys::ApiKeySecret;

    fn store(admin: &str) -> Store {
        Store::new(ApiKeySecret::from(admin), Default::default())
    }

    #[test]
    fn the_bootstrap_key_is_compared_whole() {
        let store = store("ADMIN:TopSecretPart");
        for accepted in ["ADMIN:TopSecretPart", "ADMIN:TopSecretPart:org-1"] {
            assert!(
                store.authenticate(Some(accepted)).unwrap().system,
                "{accepted}"
            );
        }
        for refused in [
            "ADMIN",
            "ADMIN:",
            "ADMIN:TopSecret",
            "ADMIN:TopSecretPartX",
            "",
        ] {
            assert_eq!(store.authenticate(Some(refused)), Err(Denied::Unauthorized));
        }
        let store = self::store(":TopSecret");
        assert_eq!(store.authenticate(Some("")), Err(Denied::Unauthorized));
        assert_eq!(store.authenticate(None), Err(Denied::Unauthorized));
    }

    #[test]
    fn roles_decide_which_api_a_key_may_call() {
        let caller = |system, administrator| Caller {
            key: Some(0),
            org_id: Some("org-1".into()),
            user_id: Some("u".into()),
            system,
            administrator,
        };
        let (system, admin, user) = (
            caller(true, false),
            caller(false, true),
            caller(false, false),
        );
        for &op in Operation::ALL {
            let v1 = op.is_v1();
            assert_eq!(
                system.authorize(op).is_ok(),
                !v1 || op == Operation::Validate,
                "{op}"
            );
            assert_eq!(admin.authorize(op).is_ok(), v1, "{op}");
            assert_eq!(
                user.authorize(op).is_ok(),
                op == Operation::Validate,
                "{op}"
            );
        }
    }
}
