//! Get and list: `{}` for an unknown key, which keys a list shows, organizations apart.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use whylabs_api_keys::ApiKey;
use whylabs_api_keys_emulator::Emulator;

use crate::support::{ORG, Raw, USER, admin, create};

fn ids(keys: &[ApiKey]) -> Vec<&str> {
    keys.iter().map(|k| k.key_id.as_str()).collect()
}

#[tokio::test]
async fn get_answers_the_key_or_an_empty_object() {
    let emulator = Emulator::start().await;
    let created = create(&emulator, ORG, USER).await;
    let client = admin(&emulator);
    let found = client.get_key(ORG, &created.key.key_id).await.unwrap();
    assert_eq!(found, Some(created.key.clone()));

    assert_eq!(client.get_key(ORG, "fh4dUNV3WQ").await.unwrap(), None);
    let raw = Raw::new(&emulator)
        .admin(Method::GET, "/v0/organizations/org-123/api-key/fh4dUNV3WQ")
        .await;
    assert_eq!((raw.status, raw.body.as_str()), (StatusCode::OK, "{}"));
}

#[tokio::test]
async fn list_without_user_is_the_orgs_non_revoked_keys_in_creation_order() {
    let emulator = Emulator::start().await;
    let client = admin(&emulator);
    let a = create(&emulator, ORG, "user-a").await.key;
    let b = create(&emulator, ORG, "user-b").await.key;
    let expiring = client
        .create_key(ORG, "user-a")
        .expires_in(Duration::from_secs(120))
        .await
        .unwrap()
        .key;
    client.revoke_key(ORG, "user-b", &b.key_id).await.unwrap();
    emulator.advance_time(Duration::from_secs(600));

    let listed = client.list_keys(ORG).await.unwrap();
    // As the contract says: non-revoked keys, so an expired one is still listed.
    assert_eq!(ids(&listed), [a.key_id.as_str(), expiring.key_id.as_str()]);
    assert!(listed.iter().all(|k| !k.revoked));
}

#[tokio::test]
async fn list_with_user_is_all_of_that_users_keys_revoked_included() {
    let emulator = Emulator::start().await;
    let client = admin(&emulator);
    let first = create(&emulator, ORG, USER).await.key;
    let other_user = create(&emulator, ORG, "user-other").await.key;
    let second = create(&emulator, ORG, USER).await.key;
    client.revoke_key(ORG, USER, &first.key_id).await.unwrap();

    let listed = client.list_keys(ORG).user(USER).await.unwrap();
    assert_eq!(
        ids(&listed),
        [first.key_id.as_str(), second.key_id.as_str()]
    );
    assert_eq!(
        listed.iter().map(|k| k.revoked).collect::<Vec<_>>(),
        [true, false]
    );
    let others = client.list_keys(ORG).user("user-other").await.unwrap();
    assert_eq!(ids(&others), [other_user.key_id.as_str()]);
    assert!(
        client
            .list_keys(ORG)
            .user("nobody")
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn organizations_see_only_their_own_keys() {
    let emulator = Emulator::start().await;
    let client = admin(&emulator);
    let key = create(&emulator, "org-a", USER).await.key;

    assert_eq!(client.get_key("org-b", &key.key_id).await.unwrap(), None);
    assert!(client.list_keys("org-b").await.unwrap().is_empty());
    assert!(
        client
            .list_keys("org-b")
            .user(USER)
            .await
            .unwrap()
            .is_empty()
    );
    let error = client
        .revoke_key("org-b", USER, &key.key_id)
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "{error:?}");

    let still = client.get_key("org-a", &key.key_id).await.unwrap().unwrap();
    assert!(!still.revoked);
}

#[tokio::test]
async fn get_of_a_revoked_key_answers_an_empty_object() {
    let emulator = Emulator::start().await;
    let key = create(&emulator, ORG, USER).await.key;
    let client = admin(&emulator);
    client.revoke_key(ORG, USER, &key.key_id).await.unwrap();
    assert_eq!(client.get_key(ORG, &key.key_id).await.unwrap(), None);
    let path = format!("/v0/organizations/org-123/api-key/{}", key.key_id);
    let raw = Raw::new(&emulator).admin(Method::GET, &path).await;
    assert_eq!((raw.status, raw.body.as_str()), (StatusCode::OK, "{}"));
}

#[tokio::test]
async fn a_users_list_has_no_last_used_time_while_the_orgs_list_has_it() {
    let emulator = Emulator::start().await;
    let created = crate::support::create_system(&emulator, ORG, USER).await;
    let own = crate::support::client_with(&emulator, created.secret().clone());
    own.list_keys(ORG).await.unwrap();
    let client = admin(&emulator);
    let of_org = client.list_keys(ORG).await.unwrap();
    assert!(of_org[0].last_used_time.is_some());
    let of_user = client.list_keys(ORG).user(USER).await.unwrap();
    assert_eq!(of_user[0].last_used_time, None);
    let body = Raw::new(&emulator)
        .admin(
            Method::GET,
            "/v0/organizations/org-123/api-key?user_id=user-123",
        )
        .await
        .body;
    assert!(!body.contains("lastUsedTime"), "{body}");
}
