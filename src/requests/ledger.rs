//! [`Ledger`]: what one client's calls have in flight, shared by its clones: the creates and
//! generates of each [`Owner`] (so that reconciling one never revokes a key another create of
//! this client made) and the keys being rotated (so that one key is never rotated twice at
//! once).
//!
//! Entries live only while a call is in flight: a client that has finished its calls holds
//! nothing here.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::error::{Error, Result};
use crate::requests::fingerprint::{Fingerprint, Others};
use crate::requests::owner::Owner;

/// An organization and a key.
type Pair = (String, String);

/// What one client's calls have in flight.
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    creates: Mutex<Creates>,
    /// Shared with the claims, which a staged rotation keeps past the call that made it.
    rotations: Arc<Mutex<HashSet<Pair>>>,
}

#[derive(Debug, Default)]
struct Creates {
    next_ticket: u64,
    owners: HashMap<Owner, OwnerCreates>,
}

/// One owner's creates in flight through this client.
#[derive(Debug, Default)]
struct OwnerCreates {
    /// Creates started and not finished (their reconciliation included), by ticket.
    running: Vec<(u64, Fingerprint)>,
    /// Of those, the ones still waiting for their answer.
    unanswered: HashSet<u64>,
    /// Keys returned to callers while any create of the owner was running.
    handed_out: HashSet<String>,
}

/// One create's place in the ledger, from before its snapshot to the end of its
/// reconciliation; dropping it (also when the call is cancelled) removes it.
#[derive(Debug)]
pub(crate) struct CreateEntry<'a> {
    ledger: &'a Ledger,
    owner: Owner,
    ticket: u64,
}

/// A key being rotated; dropping it frees the key for another rotation. It owns its share of
/// the ledger, so that a [`PendingRotation`](crate::PendingRotation) can hold it.
#[derive(Debug)]
pub(crate) struct RotationClaim {
    rotations: Arc<Mutex<HashSet<Pair>>>,
    key: Pair,
}

/// Locks, ignoring poisoning: no update of these maps spans a point that can panic.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Ledger {
    /// Registers a create that asks for `fingerprint`, unanswered until
    /// [`CreateEntry::answered`].
    pub(crate) fn begin_create(&self, fingerprint: Fingerprint) -> CreateEntry<'_> {
        let owner = fingerprint.owner.clone();
        let mut creates = lock(&self.creates);
        let ticket = creates.next_ticket;
        creates.next_ticket += 1;
        let entry = creates.owners.entry(owner.clone()).or_default();
        entry.running.push((ticket, fingerprint));
        entry.unanswered.insert(ticket);
        CreateEntry {
            ledger: self,
            owner,
            ticket,
        }
    }

    /// Claims `key_id` of `org_id` for one rotation, or refuses with
    /// [`Error::RotationInProgress`] while another rotation of it runs.
    pub(crate) fn claim_rotation(&self, org_id: &str, key_id: &str) -> Result<RotationClaim> {
        let key = (org_id.to_string(), key_id.to_string());
        if !lock(&self.rotations).insert(key.clone()) {
            return Err(Error::RotationInProgress {
                key_id: key_id.to_string(),
            });
        }
        Ok(RotationClaim {
            rotations: Arc::clone(&self.rotations),
            key,
        })
    }
}

impl CreateEntry<'_> {
    /// The create's answer arrived (or it failed): it no longer holds a key others might take
    /// for theirs. `key_id` is the key it returned to its caller, if any.
    pub(crate) fn answered(&self, key_id: Option<&str>) {
        let mut creates = lock(&self.ledger.creates);
        if let Some(owner) = creates.owners.get_mut(&self.owner) {
            owner.unanswered.remove(&self.ticket);
            if let Some(key_id) = key_id {
                owner.handed_out.insert(key_id.to_string());
            }
        }
    }

    /// What this client's other creates for the same owner did: the keys they returned, and
    /// what the unanswered ones asked for.
    pub(crate) fn others(&self) -> Others {
        let creates = lock(&self.ledger.creates);
        let Some(owner) = creates.owners.get(&self.owner) else {
            return Others::default();
        };
        let pending = owner
            .running
            .iter()
            .filter(|(ticket, _)| *ticket != self.ticket && owner.unanswered.contains(ticket))
            .map(|(_, fingerprint)| fingerprint.clone())
            .collect();
        Others {
            handed_out: owner.handed_out.clone(),
            pending,
        }
    }
}

impl Drop for CreateEntry<'_> {
    fn drop(&mut self) {
        let mut creates = lock(&self.ledger.creates);
        if let Some(owner) = creates.owners.get_mut(&self.owner) {
            owner.running.retain(|(ticket, _)| *ticket != self.ticket);
            owner.unanswered.remove(&self.ticket);
            if owner.running.is_empty() {
                creates.owners.remove(&self.owner);
            }
        }
    }
}

impl Drop for RotationClaim {
    fn drop(&mut self) {
        lock(&self.rotations).remove(&self.key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fingerprint(user: &str) -> Fingerprint {
        Fingerprint::new("org", user, Some("a"), &[], None)
    }

    #[test]
    fn other_creates_of_the_user_are_seen_until_they_end() {
        let ledger = Ledger::default();
        let mine = ledger.begin_create(fingerprint("u"));
        let other = ledger.begin_create(fingerprint("u"));
        let elsewhere = ledger.begin_create(fingerprint("v"));
        assert_eq!(mine.others().pending, [fingerprint("u")]);

        other.answered(Some("KEY0000001"));
        let others = mine.others();
        assert!(others.pending.is_empty());
        assert!(others.handed_out.contains("KEY0000001"));
        drop(other);
        assert!(
            mine.others().handed_out.contains("KEY0000001"),
            "kept while mine runs"
        );
        assert!(elsewhere.others().handed_out.is_empty());

        drop(mine);
        drop(elsewhere);
        assert!(
            lock(&ledger.creates).owners.is_empty(),
            "nothing is kept after the calls"
        );
    }

    #[test]
    fn generates_of_the_caller_are_kept_apart_from_creates_for_users() {
        let ledger = Ledger::default();
        let caller = Owner::Caller { managed_org: None };
        let generate = Fingerprint::of(caller, Some("a"), &[], None);
        let mine = ledger.begin_create(generate.clone());
        let other = ledger.begin_create(generate.clone());
        let create = ledger.begin_create(fingerprint("u"));
        assert_eq!(mine.others().pending, [generate]);
        assert!(create.others().pending.is_empty());
        drop((other, create));
    }

    #[test]
    fn a_key_is_claimed_by_one_rotation_at_a_time() {
        let ledger = Ledger::default();
        let claim = ledger.claim_rotation("org", "KEY0000001").unwrap();
        let refused = ledger.claim_rotation("org", "KEY0000001").unwrap_err();
        assert!(
            matches!(refused, Error::RotationInProgress { ref key_id } if key_id == "KEY0000001")
        );
        assert!(ledger.claim_rotation("other-org", "KEY0000001").is_ok());
        drop(claim);
        assert!(ledger.claim_rotation("org", "KEY0000001").is_ok());
    }
}
