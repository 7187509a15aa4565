//! Helpers shared by the integration tests: a mock server and a client pointed at it. A module
//! of the binaries tests/client/, tests/environment.rs, tests/load.rs and tests/tracing.rs.

#![allow(dead_code)] // each test binary uses a different subset

pub mod leaks;
pub mod raw;

use serde_json::{Value, json};
use whylabs_api_keys::{Client, Error, Operation, Reconciliation, RetryConfig};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The API key the test clients send.
pub const API_KEY: &str = "TESTKEY.secret:org-123";

/// A client for `server` with retries and create reconciliation off, so each test sees
/// exactly one request per call (reconciliation is tested in `orphans.rs` and `decode.rs`).
pub fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .api_key(API_KEY)
        .retry(RetryConfig::disabled())
        .reconcile_creates(false)
        .build()
        .expect("test client builds")
}

/// A server that answers every request with `response`.
pub async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// A server that answers every request 200 with `body` as JSON.
pub async fn server_json(body: Value) -> MockServer {
    server_answering(ResponseTemplate::new(200).set_body_json(body)).await
}

/// A key as the server renders it, with every optional field present.
pub fn full_key() -> Value {
    json!({
        "keyId": "fh4dUNV3WQ",
        "orgId": "org-123",
        "userId": "user-123",
        "creationTime": "2024-01-02T03:04:05.678",
        "expirationTime": "2030-01-01T00:00:00",
        "lastUsedTime": "2024-02-03T04:05:06.7",
        "scopes": [":user", ":write_data"],
        "resourceId": "model-1",
        "alias": "MLApplicationName",
        "revoked": false
    })
}

/// A key with only the required fields.
pub fn minimal_key() -> Value {
    json!({
        "keyId": "fh4dUNV3WQ",
        "orgId": "org-123",
        "userId": "user-123",
        "creationTime": "2024-01-02T03:04:05"
    })
}

/// The answer to a revoke or delete of `key_id` of `user_id` in `org_id` that confirms it.
pub fn revoked_key(org_id: &str, user_id: &str, key_id: &str) -> Value {
    json!({
        "keyId": key_id,
        "orgId": org_id,
        "userId": user_id,
        "creationTime": "2024-01-02T03:04:05",
        "revoked": true
    })
}

/// The number of requests `server` received.
pub async fn request_count(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .map_or(0, |requests| requests.len())
}

/// The setting a configuration error names; anything else fails the test.
pub fn config_name(result: whylabs_api_keys::Result<Client>) -> &'static str {
    match result {
        Err(Error::Config { name, .. }) => name,
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

/// The v0 operations, each of which [`call`] makes.
pub const V0_OPERATIONS: [Operation; 4] = [
    Operation::Create,
    Operation::Get,
    Operation::List,
    Operation::Revoke,
];

/// The v1 operations, each of which [`call`] makes.
pub const V1_OPERATIONS: [Operation; 4] = [
    Operation::Validate,
    Operation::Generate,
    Operation::Delete,
    Operation::ListMetadata,
];

/// Every operation, v0 then v1.
pub fn operations() -> impl Iterator<Item = Operation> {
    V0_OPERATIONS.into_iter().chain(V1_OPERATIONS)
}

/// Calls `operation` with valid input (org `o`, user `u`, key `k`), keeping only the outcome.
pub async fn call(client: &Client, operation: Operation) -> Result<(), Error> {
    match operation {
        Operation::Create => client.create_key("o", "u").send().await.map(drop),
        Operation::Get => client.get_key("o", "k").await.map(drop),
        Operation::List => client.list_keys("o").send().await.map(drop),
        Operation::Revoke => client.revoke_key("o", "u", "k").await.map(drop),
        Operation::Validate => client.validate_key().await.map(drop),
        Operation::Generate => client.generate_key().send().await.map(drop),
        Operation::Delete => client.delete_key("k").await.map(drop),
        Operation::ListMetadata => client.list_key_metadata().await.map(drop),
        other => panic!("no test call for {other}"),
    }
}

/// A 200 body that lets the facade's call of `operation` succeed: a key (with a secret for
/// create and generate), a list, or validate's answer.
pub fn success_body(operation: Operation) -> Value {
    match operation {
        Operation::Create | Operation::Generate => {
            let mut key = full_key();
            key["key"] = "fh4dUNV3WQ.secret".into();
            key
        }
        Operation::Get => json!({ "key": full_key() }),
        Operation::List | Operation::ListMetadata => json!({ "items": [] }),
        Operation::Validate => json!({ "requestId": "r-1" }),
        // A revoke succeeds only with the requested key (as `call` names it), revoked.
        _ => revoked_key("o", "u", "k"),
    }
}

/// The cause and reconciliation of `error`, which must be `Error::CreateOutcomeUnknown`.
pub fn outcome_unknown(error: &Error) -> (&Error, &Reconciliation) {
    match error {
        Error::CreateOutcomeUnknown {
            cause,
            reconciliation,
            ..
        } => (cause, reconciliation),
        other => panic!("expected CreateOutcomeUnknown, got {other:?}"),
    }
}
