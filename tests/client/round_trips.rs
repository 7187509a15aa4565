//! The happy path costs what a hand-written client's does: a create or a generate is one POST
//! and nothing before it, a rotation its create and its revoke, reconciliation on (the
//! default). Counted at the server.

use std::time::Duration;

use serde_json::json;
use whylabs_api_keys::{Client, Operation, Scope};
use whylabs_api_keys_emulator::Emulator;

use crate::common::leaks::created_body;
use crate::common::raw::{Action, RawServer};
use crate::common::{API_KEY, full_key};

/// Every request the emulator saw, by operation, in a fixed order.
fn counts(emulator: &Emulator) -> [usize; 6] {
    [
        Operation::Create,
        Operation::List,
        Operation::Revoke,
        Operation::Generate,
        Operation::ListMetadata,
        Operation::Delete,
    ]
    .map(|operation| emulator.requests_of(operation))
}

/// A client of `server` with the default settings: reconciliation on.
fn default_client(server: &RawServer) -> Client {
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(API_KEY)
        .build()
        .unwrap();
    assert!(client.reconciles_creates());
    client
}

/// What the server saw: method and path of each request.
fn sent(server: &RawServer) -> Vec<(String, String)> {
    let path = |target: &str| target.split('?').next().unwrap_or_default().to_string();
    let heads = server.heads().into_iter();
    heads
        .map(|head| (head.method, path(&head.target)))
        .collect()
}

const PATH: &str = "/v0/organizations/org-123/api-key";

#[tokio::test]
async fn a_create_sends_one_post_and_nothing_else() {
    let server = RawServer::start(|_| Action::json(200, &created_body())).await;
    default_client(&server)
        .create_key("org-123", "user-123")
        .alias("nightly")
        .scopes([Scope::WriteData])
        .expires_in(Duration::from_secs(3600))
        .await
        .unwrap();
    assert_eq!(sent(&server), [("POST".to_string(), PATH.to_string())]);
}

#[tokio::test]
async fn a_rotation_on_the_wire_is_its_post_then_its_delete() {
    let server = RawServer::start(|head| match head.method.as_str() {
        "POST" => Action::json(200, &created_body()),
        _ => {
            let mut revoked = full_key();
            revoked["revoked"] = json!(true);
            Action::json(200, &revoked)
        }
    })
    .await;
    let client = default_client(&server);
    let old = client.create_key("org-123", "user-123").await.unwrap();
    client.rotate_key(&old.key).await.unwrap();
    let expected = ["POST", "POST", "DELETE"].map(|method| (method.to_string(), PATH.to_string()));
    assert_eq!(sent(&server), expected);
}

#[tokio::test]
async fn a_generate_sends_one_post_and_nothing_else() {
    let server = RawServer::start(|_| Action::json(200, &created_body())).await;
    let client = default_client(&server);
    client.generate_key().alias("nightly").await.unwrap();
    client
        .generate_key()
        .expires_in(Duration::from_secs(3600))
        .await
        .unwrap();
    let one = ("POST".to_string(), "/v1/api-key".to_string());
    assert_eq!(sent(&server), [one.clone(), one]);
}

#[tokio::test]
async fn creates_generates_and_rotations_send_only_their_own_requests() {
    let emulator = Emulator::builder().paid_org("org-1").start().await.unwrap();
    let client = emulator.client();
    let created = client
        .create_key("org-1", "user-1")
        .alias("a")
        .await
        .unwrap();
    assert_eq!(counts(&emulator), [1, 0, 0, 0, 0, 0], "one create");
    assert_eq!(emulator.requests_seen(), 1);

    client.rotate_key(&created.key).await.unwrap();
    assert_eq!(
        counts(&emulator),
        [2, 0, 1, 0, 0, 0],
        "a create and a revoke"
    );
    assert_eq!(emulator.requests_seen(), 3);

    let admin = emulator.issue_key("org-1", "admin-1", [Scope::Administrator]);
    let v1 = emulator.client_builder().api_key(admin).build().unwrap();
    v1.generate_key()
        .alias("b")
        .expires_in(Duration::from_secs(3600))
        .await
        .unwrap();
    v1.generate_key().await.unwrap();
    assert_eq!(counts(&emulator), [2, 0, 1, 2, 0, 0], "two generates");
    assert_eq!(emulator.requests_seen(), 5);
}
