//! What `list_keys` returns, as documented on `Client::list_keys` and `ListKeys`: without a
//! user, the organization's non-revoked keys with expired ones included; with a user, all of
//! that user's keys, revoked and expired ones included.

use std::collections::BTreeSet;
use std::time::Duration;

use whylabs_api_keys::ApiKey;
use whylabs_api_keys_emulator::Emulator;

fn ids(keys: &[ApiKey]) -> BTreeSet<String> {
    keys.iter().map(|key| key.key_id.clone()).collect()
}

#[tokio::test]
async fn list_keys_returns_non_revoked_keys_expired_included_and_a_users_every_key() {
    let emulator = Emulator::start().await;
    let client = emulator.client();
    let create = |user: &'static str| client.create_key("org-1", user);
    let expiring = create("alice")
        .expires_in(Duration::from_secs(120))
        .await
        .unwrap();
    let lasting = create("alice").await.unwrap();
    let revoked = create("alice").await.unwrap();
    let other = create("bob").await.unwrap();
    client
        .revoke_key("org-1", "alice", &revoked.key.key_id)
        .await
        .unwrap();
    emulator.advance_time(Duration::from_secs(3_600));

    let org = client.list_keys("org-1").await.unwrap();
    let expected = [&expiring, &lasting, &other].map(|created| created.key.key_id.clone());
    assert_eq!(ids(&org), BTreeSet::from(expected));
    let expired = org
        .iter()
        .find(|key| key.key_id == expiring.key.key_id)
        .unwrap();
    assert!(!expired.revoked && !expired.is_active_at(emulator.now()));

    let alices = client.list_keys("org-1").user("alice").await.unwrap();
    let expected = [&expiring, &lasting, &revoked].map(|created| created.key.key_id.clone());
    assert_eq!(ids(&alices), BTreeSet::from(expected));
    assert_eq!(alices.iter().filter(|key| key.revoked).count(), 1);
    assert!(alices.iter().all(|key| key.last_used_time.is_none()));
}
