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
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use crate::error::{Error, Result};
use crate::reconcile::fingerprint::{Fingerprint, Others};
use crate::reconcile::owner::Owner;
use crate::reconcile::window::HANDED_OUT_RETENTION;

/// An organization and a key.
type Pair = (String, String);

/// How many keys retired by rotations a client remembers.
const RETIRED_KEPT: usize = 4096;

/// What one client's calls have in flight.
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    creates: Mutex<Creates>,
    /// Shared with the claims, which a staged rotation keeps past the call that made it.
    rotations: Arc<Mutex<Rotations>>,
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

/// The keys being rotated, and the keys rotations retired.
#[derive(Debug, Default)]
struct Rotations {
    running: HashSet<Pair>,
    retired: Retired,
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

/// A key being rotated; dropping it frees the key for another rotation. It owns its share of
/// the ledger, so that a [`PendingRotation`](crate::PendingRotation) can hold it.
#[derive(Debug)]
pub(crate) struct RotationClaim {
    rotations: Arc<Mutex<Rotations>>,
    key: Pair,
}

/// Locks, ignoring poisoning: no update of these maps spans a point that can panic.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Ledger {
    /// Registers a create that asks for `fingerprint`, sent after `started`, unanswered until
    /// [`CreateEntry::answered`].
    pub(crate) fn begin_create(
        &self,
        fingerprint: Fingerprint,
        started: Instant,
    ) -> CreateEntry<'_> {
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
    pub(crate) fn claim_rotation(&self, org_id: &str, key_id: &str) -> Result<RotationClaim> {
        let key = (org_id.to_string(), key_id.to_string());
        if !lock(&self.rotations).running.insert(key.clone()) {
            return Err(Error::RotationInProgress {
                key_id: key_id.to_string(),
            });
        }
        Ok(RotationClaim {
            rotations: Arc::clone(&self.rotations),
            key,
        })
    }

    /// Whether a rotation of this client retired `key_id` of `org_id` (see
    /// [`RotationClaim::retire`]).
    pub(crate) fn is_retired(&self, org_id: &str, key_id: &str) -> bool {
        let key = (org_id.to_string(), key_id.to_string());
        lock(&self.rotations).retired.keys.contains(&key)
    }
}

impl Creates {
    /// Drops the handed-out keys no running create can need any more: those handed out more
    /// than [`HANDED_OUT_RETENTION`] before the earliest running create, or before `now`.
    fn forget_old(&mut self, now: Instant) {
        let earliest = self
            .running
            .values()
            .next()
            .map_or(now, |r| r.started.min(now));
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

impl RotationClaim {
    /// The rotated key is revoked: remembers it, so that a stale copy of it (one still saying
    /// `revoked: false`) is refused by a later rotation of this client instead of making a
    /// second replacement.
    pub(crate) fn retire(self) {
        let mut rotations = lock(&self.rotations);
        let retired = &mut rotations.retired;
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

impl Drop for RotationClaim {
    fn drop(&mut self) {
        lock(&self.rotations).running.remove(&self.key);
    }
}

#[cfg(test)]
#[path = "ledger_tests.rs"]
mod tests;
