//! `Client::rotate_key` against the emulator: the replacement, the old key's revocation, a
//! revoke that fails for good (`Error::RotationIncomplete`), and one key rotated once at a
//! time.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use reqwest::StatusCode;
use whylabs_api_keys::Operation;
use whylabs_api_keys::{ApiKey, Client, CreatedApiKey, Error, Reconciliation, Scope};
use whylabs_api_keys_emulator::{Emulator, Fault};

use crate::common;

const ORG: &str = "org-123";
const USER: &str = "user-123";

async fn old_key(client: &Client, lifetime: Option<Duration>) -> CreatedApiKey {
    let mut create = client
        .create_key(ORG, USER)
        .alias("nightly-upload")
        // :whylabs_system so that the key itself may call v0 (the checks below list with it).
        .scopes([Scope::WriteData, Scope::ReadResource, Scope::WhylabsSystem]);
    if let Some(lifetime) = lifetime {
        create = create.expires_in(lifetime);
    }
    create.await.expect("create succeeds")
}

/// The ids of the organization's active keys.
async fn active_ids(client: &Client) -> Vec<String> {
    let active = client.list_keys(ORG).await.unwrap();
    active.into_iter().map(|k| k.key_id).collect()
}

fn lifetime(key: &ApiKey) -> Option<TimeDelta> {
    key.expiration_time.map(|at| at - key.creation_time)
}

/// A client of `emulator` that authenticates with `created`'s secret.
fn own_client(emulator: &Emulator, created: &CreatedApiKey) -> Client {
    emulator
        .client_builder()
        .api_key(created.secret().clone())
        .build()
        .unwrap()
}

#[tokio::test]
async fn rotation_replaces_the_key_and_revokes_the_old_one() {
    let emulator = Emulator::start().await;
    let client = emulator.client();
    let old = old_key(&client, Some(Duration::from_secs(30 * 24 * 3600))).await;
    // A second later, so that a lifetime carried over differs from the old expiration. (The
    // emulator's clock is not advanced instead: the client computes expirations from its own.)
    tokio::time::sleep(Duration::from_millis(1100)).await;

    let rotated = client.rotate_key(&old.key).await.unwrap();
    let new = &rotated.created.key;
    assert_ne!(new.key_id, old.key.key_id);
    assert_eq!((new.org_id.as_str(), new.user_id.as_str()), (ORG, USER));
    assert_eq!(new.alias, old.key.alias);
    assert_eq!(new.scopes, old.key.scopes);
    let carried = lifetime(new).unwrap() - lifetime(&old.key).unwrap();
    assert!(
        carried.abs() < TimeDelta::milliseconds(500),
        "lifetime differs by {carried}"
    );
    let later = new.expiration_time.unwrap() - old.key.expiration_time.unwrap();
    assert!(
        later >= TimeDelta::seconds(1),
        "expires {later} after the old key"
    );

    assert_eq!(rotated.revoked.key_id, old.key.key_id);
    assert!(rotated.revoked.revoked);
    assert_eq!(active_ids(&client).await, [new.key_id.as_str()]);

    let with_new = own_client(&emulator, &rotated.created);
    // The new secret authenticates (v1 validate: any valid key; v0 needs a system key).
    with_new.validate_key().await.unwrap();
    let with_old = own_client(&emulator, &old);
    assert!(with_old.validate_key().await.unwrap_err().is_unauthorized());
}

#[tokio::test]
async fn a_key_that_never_expires_is_replaced_by_one_that_never_expires() {
    let emulator = Emulator::start().await;
    let client = emulator.client();
    let old = old_key(&client, None).await;
    let rotated = client.rotate_key(&old.key).await.unwrap();
    assert_eq!(rotated.created.key.expiration_time, None);
}

#[tokio::test]
async fn an_expiration_given_to_the_rotation_wins() {
    let emulator = Emulator::start().await;
    let client = emulator.client();
    let old = old_key(&client, Some(Duration::from_secs(3600))).await;
    let at = Utc::now() + TimeDelta::days(7);
    let rotated = client.rotate_key(&old.key).expires_at(at).await.unwrap();
    let millis = |t: Option<DateTime<Utc>>| t.map(|t| t.timestamp_millis());
    assert_eq!(
        millis(rotated.created.key.expiration_time),
        millis(Some(at))
    );

    let rotated = client
        .rotate_key(&rotated.created.key)
        .expires_in(Duration::from_secs(600))
        .await
        .unwrap();
    let lifetime = lifetime(&rotated.created.key).unwrap();
    assert!(
        (lifetime - TimeDelta::seconds(600)).abs() < TimeDelta::seconds(5),
        "{lifetime}"
    );
}

#[tokio::test]
async fn a_failed_revoke_hands_over_the_new_key_and_leaves_the_old_one_active() {
    let emulator = Emulator::start().await;
    let client = emulator.client();
    let old = old_key(&client, None).await;
    // One attempt and three retries, all failing: the retries are exhausted.
    emulator.inject(Fault::status(500).operation(Operation::Revoke).times(4));

    let error = client.rotate_key(&old.key).await.unwrap_err();
    let Error::RotationIncomplete {
        new_key,
        old_key_id,
        source,
    } = &error
    else {
        panic!("expected RotationIncomplete, got {error:?}");
    };
    assert_eq!(old_key_id, &old.key.key_id);
    assert_eq!(source.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    let api = source.api_error().unwrap();
    assert_eq!((api.attempts(), api.error_type()), (4, Some("Internal")));
    assert_eq!(emulator.requests_of(Operation::Revoke), 4);
    assert!(error.to_string().contains(&format!(
        "revoking old key {} failed, so it may still be active",
        old.key.key_id
    )));

    assert_eq!(new_key.key.alias, old.key.alias);
    assert_eq!(new_key.key.scopes, old.key.scopes);
    let with_new = own_client(&emulator, new_key);
    assert!(
        with_new.validate_key().await.is_ok(),
        "the handed-over secret works"
    );

    let active = client.list_keys(ORG).await.unwrap();
    let mut ids: Vec<&str> = active.iter().map(|k| k.key_id.as_str()).collect();
    ids.sort_unstable();
    let mut expected = [old.key.key_id.as_str(), new_key.key.key_id.as_str()];
    expected.sort_unstable();
    assert_eq!(ids, expected, "both keys are active");
}

#[tokio::test]
async fn a_failed_create_leaves_the_old_key_untouched() {
    let emulator = Emulator::start().await;
    let client = emulator.client();
    let old = old_key(&client, None).await;
    emulator.inject(Fault::status(500).operation(Operation::Create));

    let error = client.rotate_key(&old.key).await.unwrap_err();
    // A 500 may hide a created key: the rotation's create is reconciled, and finds none.
    let (cause, reconciliation) = common::outcome_unknown(&error);
    assert!(matches!(cause, Error::Api(_)), "{cause:?}");
    assert!(matches!(reconciliation, Reconciliation::NoKeyFound));
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(emulator.requests_of(Operation::Revoke), 0);
    let active = client.list_keys(ORG).await.unwrap();
    assert_eq!(active, std::slice::from_ref(&old.key));
}

#[tokio::test]
async fn a_revoked_key_is_not_rotated() {
    let emulator = Emulator::start().await;
    let client = emulator.client();
    let old = old_key(&client, None).await;
    let revoked = client.revoke_key(ORG, USER, &old.key.key_id).await.unwrap();
    let seen = emulator.requests_seen();

    let error = client.rotate_key(&revoked).await.unwrap_err();
    assert!(error.is_invalid_input(), "{error:?}");
    assert_eq!(emulator.requests_seen(), seen, "nothing was sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_concurrent_rotations_of_one_key_make_one_replacement() {
    let emulator = Emulator::start().await;
    let client = emulator.client();
    let old = old_key(&client, None).await;
    let creates = emulator.requests_of(Operation::Create);

    let rotations: Vec<_> = (0..20)
        .map(|_| {
            let (client, old) = (client.clone(), old.key.clone());
            tokio::spawn(async move { client.rotate_key(&old).await })
        })
        .collect();
    let (mut replacements, mut refused) = (Vec::new(), 0);
    for rotation in rotations {
        match rotation.await.unwrap() {
            Ok(rotated) => replacements.push(rotated.created.key.key_id),
            Err(Error::RotationInProgress { key_id }) => {
                assert_eq!(key_id, old.key.key_id);
                refused += 1;
            }
            // A rotation that starts after the first one ended finds the key revoked.
            Err(error @ Error::InvalidInput { .. }) => {
                assert!(
                    error.to_string().contains("no longer an active key"),
                    "{error}"
                );
                refused += 1;
            }
            Err(error) => panic!("unexpected {error:?}"),
        }
    }
    assert_eq!((replacements.len(), refused), (1, 19));
    assert_eq!(emulator.requests_of(Operation::Create) - creates, 1);
    assert_eq!(active_ids(&client).await, replacements);
}

#[tokio::test]
async fn a_stale_copy_of_a_rotated_key_is_not_rotated_again() {
    let emulator = Emulator::start().await;
    let client = emulator.client();
    let old = old_key(&client, None).await;
    client.rotate_key(&old.key).await.unwrap();
    let creates = emulator.requests_of(Operation::Create);

    // `old.key` still says `revoked: false`; the client remembers that its rotation retired it.
    let error = client.rotate_key(&old.key).await.unwrap_err();
    assert!(error.is_invalid_input(), "{error:?}");
    assert!(error.to_string().contains(&old.key.key_id), "{error}");
    assert_eq!(
        emulator.requests_of(Operation::Create),
        creates,
        "nothing created"
    );
}
