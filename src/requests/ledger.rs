//! [`Ledger`]: what one client's calls have in flight, shared by its clones: the creates and
//! generates of each [`Owner`] and the keys they recently handed out (so that reconciling one
//! never revokes a key another create of this client made), the keys being rotated (so that
//! one key is never rotated twice at once) and the keys rotations retired (so that a stale
//! copy of one is not rotated again).
//!
//! Creates live here only while in flight; a handed-out key stays for
//! [`HANDED_OUT_RETENTION`] before the earliest running create (see `window.rs` for why), and
//! the retired keys are the last [`RETIRED_KEPT`] only.

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use crate::error::{Error, Result};
use crate::requests::fingerprint::{Fingerprint, Others};
use crate::requests::owner::Owner;
use crate::requests::window::HANDED_OUT_RETENTION;

/// An organization and a key.
type Pair = (String, String);

/// How many keys retired by rotations a client remembers.
const RETIRED_KEPT: usize = 4096;

/// What one client's calls have in flight.
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    creates: Mutex<Creates>,
    rotations: Mutex<HashSet<Pair>>,
    retired: Mutex<Retired>,
}

#[derive(Debug, Default)]
struct Creates {
    next_ticket: u64,
    /// Creates started and not finished (their reconciliation included), by ticket: in the
    /// order they started.
    running: BTreeMap<u64, Running>,
    /// Keys returned to callers, oldest first.
    handed_out: VecDeque<HandedOut>,
}

#[derive(Debug)]
struct Running {
    fingerprint: Fingerprint,
    started: Instant,
    answered: bool,
}

#[derive(Debug)]
struct HandedOut {
    at: Instant,
    owner: Owner,
    key_id: String,
}

/// The last keys rotations of this client retired, oldest first.
#[derive(Debug, Default)]
struct Retired {
    keys: HashSet<Pair>,
    order: VecDeque<Pair>,
}

/// One create's place in the ledger, from before it is sent to the end of its
/// reconciliation; dropping it (also when the call is cancelled) removes it.
#[derive(Debug)]
pub(crate) struct CreateEntry<'a> {
    ledger: &'a Ledger,
    owner: Owner,
    ticket: u64,
}

/// A key being rotated; dropping it frees the key for another rotation.
#[derive(Debug)]
pub(crate) struct RotationClaim<'a> {
    ledger: &'a Ledger,
    key: Pair,
}

/// Locks, ignoring poisoning: no update of these maps spans a point that can panic.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Ledger {
    /// Registers a create that asks for `fingerprint`, sent after `started`, unanswered until
    /// [`CreateEntry::answered`].
    pub(crate) fn begin_create(&self, fingerprint: Fingerprint, started: Instant) -> CreateEntry<'_> {
        let owner = fingerprint.owner.clone();
        let mut creates = lock(&self.creates);
        let ticket = creates.next_ticket;
        creates.next_ticket += 1;
        let running = Running {
            fingerprint,
            started,
            answered: false,
        };
        creates.running.insert(ticket, running);
        creates.forget_old(started);
        CreateEntry {
            ledger: self,
            owner,
            ticket,
        }
    }

    /// Claims `key_id` of `org_id` for one rotation, or refuses with
    /// [`Error::RotationInProgress`] while another rotation of it runs.
    pub(crate) fn claim_rotation(&self, org_id: &str, key_id: &str) -> Result<RotationClaim<'_>> {
        let key = (org_id.to_string(), key_id.to_string());
        if !lock(&self.rotations).insert(key.clone()) {
            return Err(Error::RotationInProgress {
                key_id: key_id.to_string(),
            });
        }
        Ok(RotationClaim { ledger: self, key })
    }

    /// Whether a rotation of this client retired `key_id` of `org_id` (see
    /// [`RotationClaim::retire`]).
    pub(crate) fn is_retired(&self, org_id: &str, key_id: &str) -> bool {
        let key = (org_id.to_string(), key_id.to_string());
        lock(&self.retired).keys.contains(&key)
    }
}

impl Creates {
    /// Drops the handed-out keys no running create can need any more: those handed out more
    /// than [`HANDED_OUT_RETENTION`] before the earliest running create, or before `now`.
    fn forget_old(&mut self, now: Instant) {
        let earliest = self.running.values().next().map_or(now, |r| r.started.min(now));
        let Some(horizon) = earliest.checked_sub(HANDED_OUT_RETENTION) else {
            return;
        };
        while self.handed_out.front().is_some_and(|key| key.at < horizon) {
            self.handed_out.pop_front();
        }
    }
}

impl CreateEntry<'_> {
    /// The create's answer arrived (or it failed): it no longer holds a key others might take
    /// for theirs. `key_id` is the key it returned to its caller, if any.
    pub(crate) fn answered(&self, key_id: Option<&str>) {
        let mut creates = lock(&self.ledger.creates);
        if let Some(running) = creates.running.get_mut(&self.ticket) {
            running.answered = true;
        }
        if let Some(key_id) = key_id {
            let at = Instant::now();
            creates.handed_out.push_back(HandedOut {
                at,
                owner: self.owner.clone(),
                key_id: key_id.to_string(),
            });
            creates.forget_old(at);
        }
    }

    /// What this client's other creates for the same owner did: the keys they returned
    /// recently, and what the unanswered ones asked for.
    pub(crate) fn others(&self) -> Others {
        let creates = lock(&self.ledger.creates);
        let pending = creates
            .running
            .iter()
            .filter(|(ticket, running)| {
                **ticket != self.ticket
                    && !running.answered
                    && running.fingerprint.owner == self.owner
            })
            .map(|(_, running)| running.fingerprint.clone())
            .collect();
        let handed_out = creates
            .handed_out
            .iter()
            .filter(|key| key.owner == self.owner)
            .map(|key| key.key_id.clone())
            .collect();
        Others {
            handed_out,
            pending,
        }
    }
}

impl Drop for CreateEntry<'_> {
    fn drop(&mut self) {
        let mut creates = lock(&self.ledger.creates);
        creates.running.remove(&self.ticket);
    }
}

impl RotationClaim<'_> {
    /// The rotated key is revoked: remembers it, so that a stale copy of it (one still saying
    /// `revoked: false`) is refused by a later rotation of this client instead of making a
    /// second replacement.
    pub(crate) fn retire(self) {
        let mut retired = lock(&self.ledger.retired);
        if retired.keys.insert(self.key.clone()) {
            retired.order.push_back(self.key.clone());
        }
        while retired.order.len() > RETIRED_KEPT {
            if let Some(oldest) = retired.order.pop_front() {
                retired.keys.remove(&oldest);
            }
        }
    }
}

impl Drop for RotationClaim<'_> {
    fn drop(&mut self) {
        lock(&self.ledger.rotations).remove(&self.key);
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn fingerprint(user: &str) -> Fingerprint {
        Fingerprint::new("org", user, Some("a"), &[], None)
    }

    fn begin(ledger: &Ledger, fingerprint: Fingerprint) -> CreateEntry<'_> {
        ledger.begin_create(fingerprint, Instant::now())
    }

    #[test]
    fn other_creates_of_the_user_are_seen_until_they_end() {
        let ledger = Ledger::default();
        let mine = begin(&ledger, fingerprint("u"));
        let other = begin(&ledger, fingerprint("u"));
        let elsewhere = begin(&ledger, fingerprint("v"));
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
            lock(&ledger.creates).running.is_empty(),
            "no create is kept after the calls"
        );
    }

    #[test]
    fn handed_out_keys_are_kept_for_the_retention_before_the_earliest_create() {
        let ledger = Ledger::default();
        let first = begin(&ledger, fingerprint("u"));
        first.answered(Some("KEY0000001"));
        drop(first);
        // A create right after still sees it: its window may reach back before its start.
        let next = begin(&ledger, fingerprint("u"));
        assert!(next.others().handed_out.contains("KEY0000001"));
        drop(next);
        // One that starts after the retention does not, and the ledger forgot it.
        let later = Instant::now() + HANDED_OUT_RETENTION + Duration::from_millis(1);
        let late = ledger.begin_create(fingerprint("u"), later);
        assert!(late.others().handed_out.is_empty());
        drop(late);
        assert!(lock(&ledger.creates).handed_out.is_empty());
    }

    #[test]
    fn a_long_running_create_keeps_what_it_may_need() {
        let ledger = Ledger::default();
        let long = begin(&ledger, fingerprint("u"));
        let other = begin(&ledger, fingerprint("u"));
        other.answered(Some("KEY0000001"));
        drop(other);
        let later = Instant::now() + HANDED_OUT_RETENTION * 3;
        drop(ledger.begin_create(fingerprint("v"), later));
        assert!(long.others().handed_out.contains("KEY0000001"));
    }

    #[test]
    fn generates_of_the_caller_are_kept_apart_from_creates_for_users() {
        let ledger = Ledger::default();
        let caller = Owner::Caller { managed_org: None };
        let generate = Fingerprint::of(caller, Some("a"), &[], None);
        let mine = begin(&ledger, generate.clone());
        let other = begin(&ledger, generate.clone());
        let create = begin(&ledger, fingerprint("u"));
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

    #[test]
    fn a_retired_key_is_remembered_and_its_claim_freed() {
        let ledger = Ledger::default();
        let claim = ledger.claim_rotation("org", "KEY0000001").unwrap();
        assert!(!ledger.is_retired("org", "KEY0000001"));
        claim.retire();
        assert!(ledger.is_retired("org", "KEY0000001"));
        assert!(!ledger.is_retired("other-org", "KEY0000001"));
        assert!(ledger.claim_rotation("org", "KEY0000001").is_ok());
        for n in 0..RETIRED_KEPT {
            ledger.claim_rotation("org", &format!("K{n}")).unwrap().retire();
        }
        assert!(!ledger.is_retired("org", "KEY0000001"), "the oldest is forgotten");
        assert_eq!(lock(&ledger.retired).keys.len(), RETIRED_KEPT);
    }
}
