//! `RotateKey::stage` and `PendingRotation` against the emulator: both keys active between
//! stage and commit/abort, commit and abort idempotent and retryable, an abort after a
//! commit whose answer was lost refused, and the key claimed until the rotation ends.

use std::time::Duration;

use whylabs_api_keys::{ApiKey, Client, Error, Operation, RetryConfig, Settlement};
use whylabs_api_keys_emulator::{Emulator, Fault};

const ORG: &str = "org-123";
const USER: &str = "user-123";

async fn old_key(client: &Client) -> ApiKey {
    client.create_key(ORG, USER).await.unwrap().key
}

async fn active_ids(client: &Client) -> Vec<String> {
    let active = client.list_keys(ORG).await.unwrap();
    active.into_iter().map(|k| k.key_id).collect()
}

/// Every revoke fails (each attempt and its retries) until the faults are cleared.
fn break_revokes(emulator: &Emulator) {
    emulator.inject(Fault::status(500).times(20).operation(Operation::Revoke));
}

#[tokio::test]
async fn stage_then_abort_keeps_the_old_key_and_revokes_the_new_one() {
    let emulator = Emulator::start().await;
    let client = emulator.client();
    let old = old_key(&client).await;
    let mut pending = client.rotate_key(&old).stage().await.unwrap();
    let new_id = pending.new_key().key.key_id.clone();
    assert_eq!(pending.old_key().key_id, old.key_id);
    assert_eq!(
        active_ids(&client).await,
        [old.key_id.clone(), new_id.clone()]
    );

    let settled = pending.abort().await.unwrap();
    assert!(matches!(&settled, Settlement::Done(k) if k.key_id == new_id && k.revoked));
    assert_eq!(active_ids(&client).await, std::slice::from_ref(&old.key_id));

    // Again: nothing is sent (revokes would fail now), and it says so.
    break_revokes(&emulator);
    let again = pending.abort().await.unwrap();
    assert!(matches!(again, Settlement::AlreadyDone(k) if k.key_id == new_id));
    let refused = pending.commit().await.unwrap_err();
    assert!(refused.is_invalid_input(), "{refused}");
    emulator.clear_faults();
    assert_eq!(active_ids(&client).await, [old.key_id]);
}

#[tokio::test]
async fn stage_then_commit_revokes_the_old_key_once() {
    let emulator = Emulator::start().await;
    let client = emulator.client();
    let old = old_key(&client).await;
    let mut pending = client.rotate_key(&old).stage().await.unwrap();
    let new_id = pending.new_key().key.key_id.clone();
    let secret = pending.new_key().secret().expose_secret().to_string();
    let (_, hidden) = secret.split_once('.').unwrap();
    assert!(
        !format!("{pending:?}").contains(hidden),
        "no secret in Debug"
    );

    let settled = pending.commit().await.unwrap();
    assert!(matches!(&settled, Settlement::Done(k) if k.key_id == old.key_id && k.revoked));
    assert_eq!(active_ids(&client).await, std::slice::from_ref(&new_id));

    break_revokes(&emulator);
    let again = pending.commit().await.unwrap();
    assert_eq!(again, Settlement::AlreadyDone(settled.key().clone()));
    let refused = pending.abort().await.unwrap_err();
    assert!(refused.is_invalid_input(), "{refused}");
    emulator.clear_faults();
    assert_eq!(active_ids(&client).await, [new_id]);
}

#[tokio::test]
async fn a_failed_commit_can_be_retried() {
    let emulator = Emulator::start().await;
    let client = emulator.client();
    let old = old_key(&client).await;
    let mut pending = client.rotate_key(&old).stage().await.unwrap();
    break_revokes(&emulator);
    assert!(pending.commit().await.is_err());
    emulator.clear_faults();
    assert_eq!(active_ids(&client).await.len(), 2, "both keys active");

    assert!(matches!(pending.commit().await, Ok(Settlement::Done(_))));
    assert_eq!(
        active_ids(&client).await,
        [pending.new_key().key.key_id.clone()]
    );
}

#[tokio::test]
async fn abort_after_a_failed_commit_revokes_the_new_key() {
    let emulator = Emulator::start().await;
    let client = emulator.client();
    let old = old_key(&client).await;
    let mut pending = client.rotate_key(&old).stage().await.unwrap();
    break_revokes(&emulator);
    assert!(pending.commit().await.is_err());
    assert!(pending.abort().await.is_err(), "a failed abort...");
    emulator.clear_faults();

    assert!(
        matches!(pending.abort().await, Ok(Settlement::Done(_))),
        "...is retried"
    );
    assert_eq!(active_ids(&client).await, [old.key_id]);
}

#[tokio::test]
async fn abort_is_refused_when_a_commit_whose_answer_was_lost_revoked_the_old_key() {
    let emulator = Emulator::start().await;
    let client = emulator
        .client_builder()
        .retry(RetryConfig::disabled())
        .attempt_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let old = old_key(&client).await;
    let mut pending = client.rotate_key(&old).stage().await.unwrap();
    let new_id = pending.new_key().key.key_id.clone();
    // The revoke is served (the old key revoked) but its answer comes after the timeout.
    emulator.inject(Fault::delay(Duration::from_secs(2)).operation(Operation::Revoke));
    assert!(pending.commit().await.is_err());

    let refused = pending.abort().await.unwrap_err();
    assert!(refused.is_invalid_input(), "{refused}");
    assert!(refused.to_string().contains(&new_id), "{refused}");
    assert_eq!(active_ids(&client).await, [new_id], "the new key is kept");
    assert!(matches!(pending.commit().await, Ok(Settlement::Done(_))));
}

#[tokio::test]
async fn the_key_is_claimed_from_stage_until_the_rotation_ends() {
    let emulator = Emulator::start().await;
    let client = emulator.client();
    let old = old_key(&client).await;
    let mut pending = client.rotate_key(&old).stage().await.unwrap();
    let second = client.clone().rotate_key(&old).stage().await.unwrap_err();
    assert!(matches!(second, Error::RotationInProgress { ref key_id } if *key_id == old.key_id));

    break_revokes(&emulator);
    assert!(pending.commit().await.is_err());
    emulator.clear_faults();
    let still = client.rotate_key(&old).send().await.unwrap_err();
    assert!(
        matches!(still, Error::RotationInProgress { .. }),
        "held after a failed commit"
    );

    pending.abort().await.unwrap();
    let mut next = client.rotate_key(&old).stage().await.unwrap();
    drop(pending);
    next.commit().await.unwrap();
    assert_eq!(
        active_ids(&client).await,
        [next.new_key().key.key_id.clone()]
    );
}

#[tokio::test]
async fn a_dropped_staged_rotation_frees_the_key_and_leaves_both_active() {
    let emulator = Emulator::start().await;
    let client = emulator.client();
    let old = old_key(&client).await;
    let pending = client.rotate_key(&old).stage().await.unwrap();
    drop(pending);
    assert_eq!(active_ids(&client).await.len(), 2);
    assert!(client.rotate_key(&old).stage().await.is_ok());
}

#[test]
fn the_blocking_client_stages_commits_and_aborts() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let emulator = runtime.block_on(Emulator::start());
    let client = whylabs_api_keys::blocking::Client::new(emulator.client()).unwrap();
    let old = client.create_key(ORG, USER).send().unwrap().key;
    let mut aborted = client.rotate_key(&old).stage().unwrap();
    assert!(matches!(aborted.abort(), Ok(Settlement::Done(_))));
    assert!(matches!(aborted.abort(), Ok(Settlement::AlreadyDone(_))));
    let mut committed = client.rotate_key(&old).stage().unwrap();
    assert!(matches!(committed.commit(), Ok(Settlement::Done(_))));
    let active = client.list_keys(ORG).send().unwrap();
    let ids: Vec<_> = active.into_iter().map(|k| k.key_id).collect();
    assert_eq!(ids, [committed.new_key().key.key_id.clone()]);
    assert_eq!(committed.old_key().key_id, old.key_id);
}
