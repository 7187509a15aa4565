//! `Client::rotate_own_key` (v1) against the emulator: an administrator's own key replaced by
//! one with its alias, scopes and lifetime, then deleted; any other key refused before a
//! request is sent; stage/abort leaving the old key working; an abort after a commit whose
//! answer was lost refused (the old key, which the client calls with, reads as revoked).

use std::collections::HashSet;
use std::time::Duration;

use whylabs_api_keys::{Client, CreatedApiKey, Operation, RetryConfig, Scope, Settlement};
use whylabs_api_keys_emulator::{Emulator, Fault};

use crate::v1::active_ids;

const ORG: &str = "org-1";
const DAY: Duration = Duration::from_secs(86_400);

/// A paid organization, and an administrator key generated with v1 (so its metadata, creation
/// time included, is known) with an alias, two scopes and a 30-day lifetime.
async fn own_key() -> (Emulator, CreatedApiKey) {
    let emulator = Emulator::builder().paid_org(ORG).start().await.unwrap();
    let first = emulator.issue_key(ORG, "admin-1", [Scope::Administrator]);
    let first = emulator.client_builder().api_key(first).build().unwrap();
    let created = first
        .generate_key()
        .scopes([Scope::Administrator, Scope::WriteData])
        .alias("ci-deployer")
        .expires_in(30 * DAY)
        .await
        .unwrap();
    (emulator, created)
}

fn calling_with(emulator: &Emulator, key: &CreatedApiKey) -> Client {
    let builder = emulator.client_builder().api_key(key.secret().clone());
    builder.retry(RetryConfig::disabled()).build().unwrap()
}

#[tokio::test]
async fn the_own_key_is_replaced_by_a_like_one_then_deleted() {
    let (emulator, old) = own_key().await;
    let client = calling_with(&emulator, &old);
    assert_eq!(client.own_key_id(), Some(old.key.key_id.as_str()));

    let rotated = client.rotate_own_key(&old.key).await.unwrap();
    let new = &rotated.created.key;
    assert_eq!(
        (new.user_id.as_str(), new.alias.as_deref()),
        ("admin-1", Some("ci-deployer"))
    );
    assert_eq!(new.scopes, old.key.scopes);
    let lifetime = (new.expiration_time.unwrap() - new.creation_time)
        .to_std()
        .unwrap();
    assert!(
        lifetime.abs_diff(30 * DAY) < Duration::from_secs(5),
        "{lifetime:?}"
    );
    assert_eq!(rotated.revoked.key_id, old.key.key_id);
    assert!(rotated.revoked.revoked);
    // v1 only: a generate and a delete, no v0 call (an administrator's key gets 403 there).
    assert_eq!(emulator.requests_of(Operation::Generate), 2);
    assert_eq!(emulator.requests_of(Operation::Delete), 1);
    assert_eq!(emulator.requests_of(Operation::Create), 0);

    let renewed = calling_with(&emulator, &rotated.created);
    assert!(!active_ids(&renewed).await.contains(&old.key.key_id));
    assert!(client.validate_key().await.unwrap_err().is_unauthorized());
}

#[tokio::test]
async fn a_key_the_client_does_not_call_with_is_refused_before_anything_is_sent() {
    let (emulator, old) = own_key().await;
    let other = emulator.issue_key(ORG, "admin-1", [Scope::Administrator]);
    let client = emulator.client_builder().api_key(other).build().unwrap();
    let seen = emulator.requests_seen();

    let refused = client.rotate_own_key(&old.key).stage().await.unwrap_err();
    assert!(refused.is_invalid_input(), "{refused}");
    assert!(refused.to_string().contains(&old.key.key_id), "{refused}");
    assert_eq!(emulator.requests_seen(), seen, "nothing was sent");
}

#[tokio::test]
async fn a_client_acting_on_another_organization_is_refused_before_anything_is_sent() {
    let (emulator, old) = own_key().await;
    let builder = emulator.client_builder().api_key(old.secret().clone());
    let client = builder.managed_org("org-child").build().unwrap();
    let seen = emulator.requests_seen();

    let refused = client.rotate_own_key(&old.key).await.unwrap_err();
    assert!(refused.is_invalid_input(), "{refused}");
    assert!(refused.to_string().contains("org-child"), "{refused}");
    assert_eq!(emulator.requests_seen(), seen, "nothing was sent");
}

#[tokio::test]
async fn stage_then_abort_deletes_the_new_key_and_the_old_one_keeps_working() {
    let (emulator, old) = own_key().await;
    let client = calling_with(&emulator, &old);
    let mut pending = client.rotate_own_key(&old.key).stage().await.unwrap();
    let new_id = pending.new_key().key.key_id.clone();
    let both: HashSet<_> = [old.key.key_id.clone(), new_id.clone()].into();
    assert!(active_ids(&client).await.is_superset(&both));

    let settled = pending.abort().await.unwrap();
    assert!(matches!(&settled, Settlement::Done(key) if key.key_id == new_id && key.revoked));
    assert!(!active_ids(&client).await.contains(&new_id));
    client.validate_key().await.unwrap();
}

#[tokio::test]
async fn abort_is_refused_when_a_lost_commit_revoked_the_key_the_client_calls_with() {
    let (emulator, old) = own_key().await;
    let builder = emulator.client_builder().api_key(old.secret().clone());
    let builder = builder.retry(RetryConfig::disabled());
    let client = builder
        .attempt_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let mut pending = client.rotate_own_key(&old.key).stage().await.unwrap();
    let new_id = pending.new_key().key.key_id.clone();
    // The delete is served (the old key revoked) but its answer comes after the timeout.
    emulator.inject(Fault::delay(Duration::from_secs(2)).operation(Operation::Delete));
    assert!(pending.commit().await.is_err());

    let refused = pending.abort().await.unwrap_err();
    assert!(refused.is_invalid_input(), "{refused}");
    assert!(refused.to_string().contains(&new_id), "{refused}");
    let renewed = calling_with(&emulator, pending.new_key());
    assert!(
        active_ids(&renewed).await.contains(&new_id),
        "the new key is kept"
    );
}
