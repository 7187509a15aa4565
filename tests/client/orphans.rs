//! No orphaned key: a create whose outcome is unknown is reconciled against the emulator. The
//! key it made is revoked when it can be told apart, and a key another caller holds is never
//! revoked. `cargo test --all-features --test orphans -- --nocapture` prints the experiment's
//! figures.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use whylabs_api_keys::{ApiKey, Client, Error, Operation, Reconciliation, Scope};
use whylabs_api_keys_emulator::{Emulator, Fault};

use crate::reconciling::{assert_reconciliation_ends_within, until};

const ORG: &str = "org-123";
const USER: &str = "user-123";
const ALIAS: &str = "nightly-upload";
/// Each create attempt's timeout, and how late the emulator answers a "late" create (it makes
/// the key at once): well apart, so a busy machine does not blur them.
const ATTEMPT: Duration = Duration::from_millis(1_500);
const LATE: Duration = Duration::from_millis(3_000);
/// No test here may take longer.
const BOUND: Duration = Duration::from_secs(60);

fn client(emulator: &Emulator) -> Client {
    emulator
        .client_builder()
        .attempt_timeout(ATTEMPT)
        .build()
        .unwrap()
}

/// Makes the next create late: processed at once, answered after the attempt timeout.
fn late_create(emulator: &Emulator) {
    emulator.inject(Fault::delay(LATE).operation(Operation::Create));
}

async fn user_keys(client: &Client) -> Vec<ApiKey> {
    client.list_keys(ORG).user(USER).await.unwrap()
}

fn active_ids(keys: &[ApiKey]) -> HashSet<String> {
    let active = keys.iter().filter(|key| !key.revoked);
    active.map(|key| key.key_id.clone()).collect()
}

fn reconciliation(error: &Error) -> &Reconciliation {
    error
        .reconciliation()
        .unwrap_or_else(|| panic!("expected CreateOutcomeUnknown, got {error:?}"))
}

#[tokio::test]
async fn a_late_create_is_reconciled_and_its_orphan_revoked() {
    let emulator = Emulator::start().await;
    let client = client(&emulator);
    let kept = client.create_key(ORG, USER).alias(ALIAS).await.unwrap();
    late_create(&emulator);

    let error = client.create_key(ORG, USER).alias(ALIAS).await.unwrap_err();
    assert!(error.is_timeout(), "the cause still answers: {error:?}");
    let Reconciliation::OrphanRevoked { key_id } = reconciliation(&error) else {
        panic!("expected OrphanRevoked, got {error:?}");
    };
    let text = error.to_string();
    assert!(
        text.contains(key_id.as_str()) && text.contains("was revoked"),
        "{text}"
    );
    assert!(!text.contains(emulator.admin_key().expose_secret()));
    assert!(!format!("{error:?}").contains(emulator.admin_key().expose_secret()));

    let keys = user_keys(&client).await;
    assert_eq!(active_ids(&keys), HashSet::from([kept.key.key_id.clone()]));
    assert!(keys.iter().any(|key| &key.key_id == key_id && key.revoked));
    assert_eq!(
        emulator.requests_of(Operation::Create),
        2,
        "nothing re-sent"
    );
}

#[tokio::test]
async fn a_create_the_server_never_processed_finds_no_key_and_revokes_nothing() {
    let emulator = Emulator::start().await;
    let client = client(&emulator);
    let kept = client.create_key(ORG, USER).alias(ALIAS).await.unwrap();
    emulator.inject(Fault::status(503).operation(Operation::Create));

    let error = client.create_key(ORG, USER).alias(ALIAS).await.unwrap_err();
    assert!(matches!(reconciliation(&error), Reconciliation::NoKeyFound));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(emulator.requests_of(Operation::Revoke), 0);
    let active = active_ids(&user_keys(&client).await);
    assert_eq!(active, HashSet::from([kept.key.key_id]));
}

#[tokio::test]
async fn an_identical_key_of_another_client_makes_it_ambiguous_and_nothing_is_revoked() {
    let emulator = Emulator::start().await;
    let (mine, other) = (client(&emulator), emulator.client());
    late_create(&emulator);
    let pending = tokio::spawn({
        let mine = mine.clone();
        async move { mine.create_key(ORG, USER).alias(ALIAS).await }
    });
    // Once my create has been processed, the other client makes the very same request.
    until(|| emulator.requests_of(Operation::Create), 1).await;
    let theirs = other.create_key(ORG, USER).alias(ALIAS).await.unwrap();

    let error = pending.await.unwrap().unwrap_err();
    let Reconciliation::Ambiguous { candidates } = reconciliation(&error) else {
        panic!("expected Ambiguous, got {error:?}");
    };
    assert_eq!(candidates.len(), 2, "{candidates:?}");
    assert!(candidates.contains(&theirs.key.key_id));
    assert!(error.to_string().contains(&theirs.key.key_id));
    assert_eq!(emulator.requests_of(Operation::Revoke), 0);
    let active = active_ids(&user_keys(&mine).await);
    assert!(
        active.contains(&theirs.key.key_id),
        "their key is untouched"
    );
}

#[tokio::test]
async fn a_key_this_client_handed_out_meanwhile_is_never_taken_for_the_orphan() {
    let emulator = Emulator::start().await;
    let client = client(&emulator);
    // My create is processed at once but answered late; meanwhile another call of this
    // client makes the same request and gets its key: both keys lie in my create's window.
    late_create(&emulator);
    let pending = tokio::spawn({
        let client = client.clone();
        async move { client.create_key(ORG, USER).alias(ALIAS).await }
    });
    until(|| emulator.requests_of(Operation::Create), 1).await;
    let handed_out = client.create_key(ORG, USER).alias(ALIAS).await.unwrap();

    let error = pending.await.unwrap().unwrap_err();
    let Reconciliation::OrphanRevoked { key_id } = reconciliation(&error) else {
        panic!("expected OrphanRevoked, got {error:?}");
    };
    assert_ne!(key_id, &handed_out.key.key_id);
    let active = active_ids(&user_keys(&client).await);
    assert_eq!(active, HashSet::from([handed_out.key.key_id]));
}

#[tokio::test]
async fn a_key_this_client_handed_out_just_before_is_never_taken_for_the_orphan() {
    let emulator = Emulator::start().await;
    let client = client(&emulator);
    // Made a moment before my create was sent: inside its window's margin.
    let handed_out = client.create_key(ORG, USER).alias(ALIAS).await.unwrap();
    emulator.inject(Fault::status(503).operation(Operation::Create));
    let error = client.create_key(ORG, USER).alias(ALIAS).await.unwrap_err();
    assert!(
        matches!(reconciliation(&error), Reconciliation::NoKeyFound),
        "{error:?}"
    );
    let active = active_ids(&user_keys(&client).await);
    assert_eq!(active, HashSet::from([handed_out.key.key_id]));
}

#[tokio::test]
async fn an_older_identical_key_is_outside_the_window_and_kept() {
    let emulator = Emulator::start().await;
    let (mine, other) = (client(&emulator), emulator.client());
    let theirs = other.create_key(ORG, USER).alias(ALIAS).await.unwrap();
    // The server's clock (its creation times and its Date) moves on: their key is old now.
    emulator.advance_time(Duration::from_secs(60));
    late_create(&emulator);
    let error = mine.create_key(ORG, USER).alias(ALIAS).await.unwrap_err();
    let Reconciliation::OrphanRevoked { key_id } = reconciliation(&error) else {
        panic!("expected OrphanRevoked, got {error:?}");
    };
    assert_ne!(key_id, &theirs.key.key_id);
    let active = active_ids(&user_keys(&mine).await);
    assert_eq!(active, HashSet::from([theirs.key.key_id]));
}

#[tokio::test]
async fn a_failed_revoke_of_the_orphan_names_it() {
    let emulator = Emulator::start().await;
    let client = client(&emulator);
    late_create(&emulator);
    emulator.inject(Fault::status(500).operation(Operation::Revoke).times(4));

    let error = client.create_key(ORG, USER).alias(ALIAS).await.unwrap_err();
    let Reconciliation::Failed {
        key_id: Some(key_id),
        source,
    } = reconciliation(&error)
    else {
        panic!("expected Failed with the orphan's id, got {error:?}");
    };
    assert_eq!(source.status().map(|s| s.as_u16()), Some(500));
    assert!(error.to_string().contains(key_id.as_str()));
    assert!(active_ids(&user_keys(&client).await).contains(key_id));
}

#[tokio::test]
async fn reconciliation_ends_within_the_total_timeout() {
    let emulator = Emulator::start().await;
    let total = Duration::from_millis(2_500);
    let client = emulator
        .client_builder()
        .attempt_timeout(Duration::from_millis(500))
        .total_timeout(total)
        .build()
        .unwrap();
    let create = client.create_key(ORG, USER).alias(ALIAS);
    let late = (Operation::Create, LATE, Operation::List);
    assert_reconciliation_ends_within(total, &emulator, late, create).await;
}

#[tokio::test]
async fn with_reconciliation_off_a_late_create_is_a_plain_timeout() {
    let emulator = Emulator::start().await;
    let client = emulator
        .client_builder()
        .attempt_timeout(ATTEMPT)
        .reconcile_creates(false)
        .build()
        .unwrap();
    late_create(&emulator);
    let error = client.create_key(ORG, USER).await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_eq!(
        emulator.requests_of(Operation::List),
        0,
        "no reconciliation"
    );
    let orphans = active_ids(&user_keys(&client).await);
    assert_eq!(
        orphans.len(),
        1,
        "the orphan stays: the cost of turning it off"
    );
}

/// The orphan experiment of issue 11: 20 rotations of one key, every other one with a create
/// that the server processes but answers after the attempt timeout, while a second client
/// keeps creating keys with the same alias and scopes for the same user.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn orphan_experiment() {
    tokio::time::timeout(BOUND, experiment())
        .await
        .expect("the experiment ends in time");
}

async fn experiment() {
    let emulator = Emulator::builder()
        .max_active_keys(1_000)
        .start()
        .await
        .unwrap();
    let (rotator, other) = (client(&emulator), emulator.client());
    let scopes = [Scope::WriteData, Scope::ReadResource];
    let mut current = rotator
        .create_key(ORG, USER)
        .alias(ALIAS)
        .scopes(scopes.clone())
        .expires_in(Duration::from_secs(30 * 24 * 3600))
        .await
        .unwrap();
    let mut mine = vec![current.key.key_id.clone()];

    // Held by whoever may take the next create's fault: a late create must be the rotation's.
    let turn = Arc::new(tokio::sync::Mutex::new(()));
    let stop = Arc::new(AtomicBool::new(false));
    // Open while a late rotation waits for its create and reconciles.
    let window = Arc::new(AtomicBool::new(false));
    let in_windows = Arc::new(AtomicUsize::new(0));
    let theirs = tokio::spawn({
        let (turn, stop, scopes) = (Arc::clone(&turn), Arc::clone(&stop), scopes.clone());
        let (window, in_windows) = (Arc::clone(&window), Arc::clone(&in_windows));
        async move {
            let mut made = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let create = other
                    .create_key(ORG, USER)
                    .alias(ALIAS)
                    .scopes(scopes.clone())
                    .expires_in(Duration::from_secs(7 * 24 * 3600));
                let guard = turn.lock().await;
                let opened = window.load(Ordering::SeqCst);
                made.push(create.await.expect("the other client's creates succeed"));
                if opened && window.load(Ordering::SeqCst) {
                    in_windows.fetch_add(1, Ordering::Relaxed);
                }
                drop(guard);
                tokio::time::sleep(Duration::from_millis(40)).await;
            }
            made
        }
    });

    let (mut orphans_reported, mut failed_rotations) = (HashSet::new(), 0);
    for round in 0..20 {
        let rotation = {
            let (rotator, old) = (rotator.clone(), current.key.clone());
            async move { rotator.rotate_key(&old).await }
        };
        let outcome = if round % 2 == 1 {
            let guard = turn.lock().await;
            let creates = emulator.requests_of(Operation::Create);
            late_create(&emulator);
            let pending = tokio::spawn(rotation);
            until(|| emulator.requests_of(Operation::Create), creates + 1).await;
            window.store(true, Ordering::SeqCst);
            drop(guard); // the other client creates again while this rotation reconciles
            let outcome = pending.await.unwrap();
            window.store(false, Ordering::SeqCst);
            outcome
        } else {
            rotation.await
        };
        match outcome {
            Ok(rotated) => {
                mine.push(rotated.created.key.key_id.clone());
                current = rotated.created;
            }
            Err(error) => {
                failed_rotations += 1;
                match reconciliation(&error) {
                    Reconciliation::OrphanRevoked { key_id } => {
                        orphans_reported.insert(key_id.clone());
                    }
                    other => panic!("round {round}: expected OrphanRevoked, got {other:?}"),
                }
            }
        }
    }
    stop.store(true, Ordering::Relaxed);
    let theirs: Vec<String> = theirs
        .await
        .unwrap()
        .into_iter()
        .map(|created| created.key.key_id)
        .collect();

    let keys = user_keys(&rotator).await;
    let (mine_set, theirs_set): (HashSet<_>, HashSet<_>) = (
        mine.iter().cloned().collect(),
        theirs.iter().cloned().collect(),
    );
    let orphans: Vec<&ApiKey> = keys
        .iter()
        .filter(|key| !mine_set.contains(&key.key_id) && !theirs_set.contains(&key.key_id))
        .collect();
    let active = active_ids(&keys);
    let rotated_active = active.intersection(&mine_set).count();
    let theirs_active = active.intersection(&theirs_set).count();
    let orphans_revoked = orphans.iter().filter(|key| key.revoked).count();
    println!(
        "orphan experiment: 20 rotations ({failed_rotations} with a late create), \
         {} creates sent by the rotating client, {} keys made by the other client",
        mine.len() + failed_rotations,
        theirs.len()
    );
    println!(
        "  active keys of the rotated user at the end: {} ({rotated_active} of the rotation, \
         {theirs_active} of the other client)",
        active.len()
    );
    println!(
        "  orphans: {} made, {orphans_revoked} revoked (reported: {}), {} left active",
        orphans.len(),
        orphans_reported.len(),
        orphans.len() - orphans_revoked
    );
    let in_windows = in_windows.load(Ordering::Relaxed);
    println!(
        "  other client's keys: {} made ({in_windows} while a late rotation was pending), \
         {theirs_active} active, {} revoked",
        theirs.len(),
        theirs.len() - theirs_active
    );

    assert_eq!(failed_rotations, 10);
    assert_eq!(rotated_active, 1, "one active key of the rotation");
    assert!(active.contains(&current.key.key_id));
    assert_eq!((orphans.len(), orphans_revoked), (10, 10));
    let revoked_ids: HashSet<String> = orphans.iter().map(|key| key.key_id.clone()).collect();
    assert_eq!(orphans_reported, revoked_ids, "the errors name the orphans");
    assert!(
        in_windows > 0,
        "the other client created keys inside the windows"
    );
    assert_eq!(
        theirs_active,
        theirs.len(),
        "none of the other client's keys is revoked"
    );
    assert_eq!(active.len(), 1 + theirs.len());
}
