//! The ledger's bookkeeping: creates in flight, handed-out keys kept for the retention,
//! rotation claims and retired keys.

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
    assert!(matches!(refused, Error::RotationInProgress { ref key_id } if key_id == "KEY0000001"));
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
        ledger
            .claim_rotation("org", &format!("K{n}"))
            .unwrap()
            .retire();
    }
    assert!(
        !ledger.is_retired("org", "KEY0000001"),
        "the oldest is forgotten"
    );
    assert_eq!(lock(&ledger.rotations).retired.keys.len(), RETIRED_KEPT);
}
