//! Revoke: 404 for an unknown key, and revoking twice.

use reqwest::StatusCode;
use whylabs_api_keys_emulator::Emulator;

use crate::support::{ORG, USER, admin, api_error, create};

#[tokio::test]
async fn revoking_an_unknown_key_is_404_resource_not_found() {
    let emulator = Emulator::start().await;
    let error = admin(&emulator)
        .revoke_key(ORG, USER, "HMiFAgQeNb")
        .await
        .unwrap_err();
    assert!(error.is_not_found());
    let api = api_error(&error);
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        api.message(),
        Some("Resource ApiKey with ID HMiFAgQeNb not found.")
    );
    assert_eq!(api.error_type(), Some("ResourceNotFound"));
    assert!(!api.request_id().unwrap_or_default().is_empty());
}

#[tokio::test]
async fn revoking_another_users_key_is_404_and_leaves_it_active() {
    let emulator = Emulator::start().await;
    let key = create(&emulator, ORG, USER).await.key;
    let client = admin(&emulator);
    let error = client
        .revoke_key(ORG, "user-other", &key.key_id)
        .await
        .unwrap_err();
    let expected = format!("Resource ApiKey with ID {} not found.", key.key_id);
    assert_eq!(api_error(&error).message(), Some(expected.as_str()));
    let still = client.get_key(ORG, &key.key_id).await.unwrap().unwrap();
    assert!(!still.revoked);
}

#[tokio::test]
async fn revoking_twice_answers_200_with_revoked_true_both_times() {
    let emulator = Emulator::start().await;
    let key = create(&emulator, ORG, USER).await.key;
    let client = admin(&emulator);
    let first = client.revoke_key(ORG, USER, &key.key_id).await.unwrap();
    let second = client.revoke_key(ORG, USER, &key.key_id).await.unwrap();
    assert!(first.revoked && second.revoked);
    assert_eq!(first, second);
    assert_eq!(
        (first.key_id.as_str(), first.creation_time),
        (key.key_id.as_str(), key.creation_time)
    );
}
