//! [`Fingerprint`]: what a create or generate asked for, to recognise the key it made; and
//! [`decide`], which key (if any) reconciliation may revoke. Pure functions, no I/O: they read
//! listed keys through [`KeyFacts`], whichever API listed them.

use std::collections::{BTreeSet, HashSet};

use crate::models::Scope;
use crate::reconcile::key_facts::KeyFacts;
use crate::reconcile::owner::Owner;
use crate::reconcile::window::Window;

/// What a create or generate asked for: a key it made carries all of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Fingerprint {
    /// Whose keys it makes.
    pub(crate) owner: Owner,
    alias: Option<String>,
    scopes: BTreeSet<String>,
    expiration_ms: Option<i64>,
    /// Whether the expiration names the moment the request was sent (a lifetime counted from
    /// then): an older key matching it was asked for in that same moment.
    distinct: bool,
}

impl Fingerprint {
    /// What a v0 create for `user_id` of `org_id` asks for (the unit tests' shorthand).
    #[cfg(test)]
    pub(crate) fn new(
        org_id: &str,
        user_id: &str,
        alias: Option<&str>,
        scopes: &[Scope],
        expiration_ms: Option<i64>,
    ) -> Self {
        Self::of(Owner::user(org_id, user_id), alias, scopes, expiration_ms)
    }

    /// What a request for a key of `owner` asks for.
    pub(crate) fn of(
        owner: Owner,
        alias: Option<&str>,
        scopes: &[Scope],
        expiration_ms: Option<i64>,
    ) -> Self {
        Self {
            owner,
            // The server stores a missing alias as "", which the models read as none.
            alias: alias.filter(|alias| !alias.is_empty()).map(str::to_string),
            scopes: scopes.iter().map(|s| s.as_str().to_string()).collect(),
            expiration_ms,
            distinct: false,
        }
    }

    /// Marks the expiration as counted from the moment of sending (see `distinct`).
    pub(crate) fn distinct(mut self, distinct: bool) -> Self {
        self.distinct = distinct && self.expiration_ms.is_some();
        self
    }

    /// Whether `key` could be the key this request made: its owner's (see [`Owner::admits`]),
    /// same alias and scopes (as a set), and the expiration sent. The expiration is compared to the
    /// millisecond, the precision the server keeps; a server that kept whole seconds only may
    /// have rounded it by less than a second either way.
    pub(crate) fn matches(&self, key: &impl KeyFacts) -> bool {
        let scopes: BTreeSet<&str> = key.scopes().iter().map(Scope::as_str).collect();
        let scopes_match =
            scopes.len() == self.scopes.len() && self.scopes.iter().all(|s| scopes.contains(&**s));
        let expiration = key.expiration_time().map(|at| at.timestamp_millis());
        let expiration_matches = match (self.expiration_ms, expiration) {
            (None, None) => true,
            (Some(sent), Some(kept)) => {
                sent == kept || (kept % 1000 == 0 && sent.abs_diff(kept) < 1000)
            }
            _ => false,
        };
        self.owner.admits(key)
            && key.alias() == self.alias.as_deref()
            && scopes_match
            && expiration_matches
    }
}

/// What the client knows of its own other creates for the same owner while this one ran.
#[derive(Debug, Default)]
pub(crate) struct Others {
    /// Keys this client returned to other calls: someone holds their secrets.
    pub(crate) handed_out: HashSet<String>,
    /// What this client's other creates for the owner, still unanswered, asked for.
    pub(crate) pending: Vec<Fingerprint>,
}

/// What reconciliation may do.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// This key, and only it, is the orphan: revoke it.
    Revoke(String),
    /// No new key matches the request.
    NoKeyFound,
    /// These keys match, and the orphan (if any) cannot be told apart: revoke none.
    Ambiguous(Vec<String>),
}

/// Which key reconciliation may revoke, from the owner's keys listed after the create failed
/// (`after`) and the [`Window`] in which the create can have made its key.
///
/// A candidate is a key that matches `fingerprint`, lies in the window (when both are known),
/// is not revoked, is not known to have been used (whoever used it holds its secret) and was
/// not handed out by this client. A candidate is shown new — not one of the owner's older
/// keys — by a creation time inside a known window, or by a distinct fingerprint (an
/// expiration counted from the moment of sending).
/// Exactly one candidate, shown new, is revoked, unless another unanswered create of this
/// client could have made it, or (for a rotation) the rotated key `rotating` is no longer
/// active after the create: then another rotation may have made it. Any other candidates leave
/// it ambiguous.
pub(crate) fn decide<K: KeyFacts>(
    fingerprint: &Fingerprint,
    window: &Window,
    after: &[K],
    others: &Others,
    rotating: Option<&str>,
) -> Decision {
    let candidates: Vec<&K> = after
        .iter()
        .filter(|key| {
            window.admits(key.creation_time())
                && !others.handed_out.contains(key.key_id())
                && !key.revoked()
                && key.used() != Some(true)
                && fingerprint.matches(*key)
        })
        .collect();
    let ids = || {
        candidates
            .iter()
            .map(|key| key.key_id().to_string())
            .collect()
    };
    match candidates.as_slice() {
        [] => Decision::NoKeyFound,
        [key] => {
            let new = fingerprint.distinct || window.dates(key.creation_time());
            let another_create = others.pending.iter().any(|other| other.matches(*key));
            let rotated_elsewhere = rotating.is_some_and(|old| !is_active(after, old));
            if new && !another_create && !rotated_elsewhere {
                Decision::Revoke(key.key_id().to_string())
            } else {
                Decision::Ambiguous(ids())
            }
        }
        _ => Decision::Ambiguous(ids()),
    }
}

/// Whether `key_id` is among `keys` and not revoked.
fn is_active(keys: &[impl KeyFacts], key_id: &str) -> bool {
    keys.iter()
        .any(|key| key.key_id() == key_id && !key.revoked())
}

#[cfg(test)]
#[path = "fingerprint_tests.rs"]
mod tests;
