//! The server's own test cases (`ApiKeyApiTest.kt` in the server's repository), run against
//! the emulator: 25 keys in a free organization and the 26th refused, no limit when paid, the
//! secret in the create response, and list, user list and get each showing exactly the created
//! key's metadata.

use whylabs_api_keys_emulator::Emulator;

use crate::support::{ORG, USER, api_error};

#[tokio::test]
async fn a_free_organization_holds_25_keys_and_the_26th_create_is_400() {
    let emulator = Emulator::start().await;
    let client = emulator.client();
    for n in 0..25 {
        client.create_key(ORG, format!("user-{n}")).await.unwrap();
    }
    let error = client.create_key(ORG, USER).await.unwrap_err();
    assert_eq!(api_error(&error).message(), Some("Key limit reached"));
}

#[tokio::test]
async fn a_paid_organization_has_no_key_limit() {
    let emulator = Emulator::builder().paid_org(ORG).start().await.unwrap();
    let client = emulator.client();
    for n in 0..40 {
        client.create_key(ORG, format!("user-{n}")).await.unwrap();
    }
    assert_eq!(client.list_keys(ORG).await.unwrap().len(), 40);
}

#[tokio::test]
async fn list_user_list_and_get_show_exactly_the_created_keys_metadata() {
    let emulator = Emulator::start().await;
    let client = emulator.client();
    let created = client
        .create_key(ORG, USER)
        .alias("MLApplicationName")
        .await
        .unwrap();
    assert!(
        !created.secret().expose_secret().is_empty(),
        "the create response holds the secret"
    );
    let metadata = created.key.clone(); // the create response minus `key`
    assert_eq!(
        client.list_keys(ORG).await.unwrap(),
        std::slice::from_ref(&metadata)
    );
    assert_eq!(
        client.list_keys(ORG).user(USER).await.unwrap(),
        std::slice::from_ref(&metadata)
    );
    assert_eq!(
        client.get_key(ORG, &metadata.key_id).await.unwrap(),
        Some(metadata)
    );
}
