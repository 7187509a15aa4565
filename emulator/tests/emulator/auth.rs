//! Credentials: who gets in, on which organization, and `lastUsedTime`.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use whylabs_api_keys::Scope;
use whylabs_api_keys_emulator::Emulator;

use crate::support::{ORG, Raw, USER, admin, api_error, client_with, create, create_system};

#[tokio::test]
async fn every_operation_without_x_api_key_is_401_with_an_empty_body() {
    let emulator = Emulator::start().await;
    let raw = Raw::new(&emulator);
    let calls = [
        (
            Method::POST,
            "/v0/organizations/org-123/api-key?user_id=user-123",
        ),
        (Method::GET, "/v0/organizations/org-123/api-key/fh4dUNV3WQ"),
        (Method::GET, "/v0/organizations/org-123/api-key"),
        (
            Method::DELETE,
            "/v0/organizations/org-123/api-key?user_id=u&key_id=fh4dUNV3WQ",
        ),
    ];
    for (method, path) in calls {
        let answer = raw.send(method.clone(), path, None).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{method} {path}");
        assert_eq!(answer.body, "", "{method} {path}");
    }
    assert!(admin(&emulator).list_keys(ORG).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_unknown_key_is_401() {
    let emulator = Emulator::start().await;
    let created = create(&emulator, ORG, USER).await;
    let forged = format!("{}.{}", created.key.key_id, "x".repeat(53));
    for key in ["fh4dUNV3WQ.unknown:org-123", "not-a-key", forged.as_str()] {
        let error = client_with(&emulator, key)
            .list_keys(ORG)
            .await
            .unwrap_err();
        assert!(error.is_unauthorized(), "{key}: {error:?}");
        assert_eq!(api_error(&error).message(), None);
    }
}

#[tokio::test]
async fn a_revoked_key_is_401() {
    let emulator = Emulator::start().await;
    let created = create_system(&emulator, ORG, USER).await;
    let own = client_with(&emulator, created.secret().clone());
    own.list_keys(ORG)
        .await
        .expect("the key works before its revocation");
    admin(&emulator)
        .revoke_key(ORG, USER, &created.key.key_id)
        .await
        .unwrap();
    assert!(own.list_keys(ORG).await.unwrap_err().is_unauthorized());
}

#[tokio::test]
async fn an_expired_key_is_401() {
    let emulator = Emulator::start().await;
    let created = admin(&emulator)
        .create_key(ORG, USER)
        .scopes([Scope::WhylabsSystem])
        .expires_in(Duration::from_secs(120))
        .await
        .unwrap();
    let own = client_with(&emulator, created.secret().clone());
    emulator.advance_time(Duration::from_secs(100));
    own.list_keys(ORG).await.expect("not expired yet");
    emulator.advance_time(Duration::from_secs(30));
    assert!(own.list_keys(ORG).await.unwrap_err().is_unauthorized());
}

#[tokio::test]
async fn issued_keys_authenticate_with_and_without_their_org_suffix() {
    let emulator = Emulator::start().await;
    let created = create_system(&emulator, ORG, USER).await;
    let full = created.secret().expose_secret();
    let (bare, org) = full.rsplit_once(':').unwrap();
    assert_eq!(org, ORG);
    for key in [full, bare] {
        let keys = client_with(&emulator, key).list_keys(ORG).await.unwrap();
        assert_eq!(keys.len(), 1, "{key}");
        assert_eq!(keys[0].key_id, created.key.key_id);
    }
}

#[tokio::test]
async fn the_chosen_admin_key_is_accepted_on_every_org() {
    let emulator = Emulator::builder()
        .admin_key("ADMIN00000.chosen-for-the-test")
        .start()
        .await
        .unwrap();
    assert_eq!(
        emulator.admin_key().expose_secret(),
        "ADMIN00000.chosen-for-the-test"
    );
    for (key, org) in [
        ("ADMIN00000.chosen-for-the-test", "org-a"),
        ("ADMIN00000.chosen-for-the-test:org-b", "org-b"),
        ("ADMIN00000.chosen-for-the-test:org-a", "org 1/2"),
    ] {
        let client = client_with(&emulator, key);
        let created = client.create_key(org, USER).await.unwrap();
        assert_eq!(created.key.org_id, org);
    }
    let wrong = client_with(&emulator, "ADMIN00000.wrong")
        .list_keys("org-a")
        .await;
    assert!(wrong.unwrap_err().is_unauthorized());
}

#[tokio::test]
async fn an_admin_key_that_cannot_be_a_header_is_refused_at_start() {
    for key in ["", "with space", "line\nbreak", "é"] {
        let error = Emulator::builder()
            .admin_key(key)
            .start()
            .await
            .unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput, "{key:?}");
    }
}

#[tokio::test]
async fn a_key_of_one_org_is_403_on_another() {
    let emulator = Emulator::start().await;
    let created = create(&emulator, "org-a", USER).await;
    let own = client_with(&emulator, created.secret().clone());
    let error = own.list_keys("org-b").await.unwrap_err();
    assert!(error.is_forbidden(), "{error:?}");
    let error = own.create_key("org-b", USER).await.unwrap_err();
    assert!(error.is_forbidden(), "{error:?}");
    assert!(
        admin(&emulator)
            .list_keys("org-b")
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn last_used_time_is_set_when_a_key_authenticates() {
    let emulator = Emulator::start().await;
    let created = create_system(&emulator, ORG, USER).await;
    let id = &created.key.key_id;
    let before = admin(&emulator).get_key(ORG, id).await.unwrap().unwrap();
    assert_eq!(before.last_used_time, None);

    emulator.advance_time(Duration::from_secs(3600));
    let own = client_with(&emulator, created.secret().clone());
    let seen_by_itself = own.get_key(ORG, id).await.unwrap().unwrap();
    let used = seen_by_itself
        .last_used_time
        .expect("set by this very call");
    assert!(used >= before.creation_time + chrono::TimeDelta::seconds(3600));

    let after = admin(&emulator).get_key(ORG, id).await.unwrap().unwrap();
    assert_eq!(
        after.last_used_time,
        Some(used),
        "the admin key is not an issued key"
    );
}
