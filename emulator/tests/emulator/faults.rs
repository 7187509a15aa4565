//! Fault injection: statuses for the next calls, per operation, with `Retry-After` and a
//! body, delays, and how the client's retries meet them.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::json;
use whylabs_api_keys::Operation;
use whylabs_api_keys::RetryConfig;
use whylabs_api_keys_emulator::{Emulator, Fault};

use crate::support::{ORG, Raw, USER, admin, api_error};

#[tokio::test]
async fn a_status_fault_answers_the_next_calls_then_service_resumes() {
    let emulator = Emulator::start().await;
    emulator.inject(Fault::status(503).times(2));
    let client = admin(&emulator);
    for _ in 0..2 {
        let error = client.list_keys(ORG).await.unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(api_error(&error).body_excerpt(), "");
    }
    assert!(client.list_keys(ORG).await.is_ok());
    assert_eq!(emulator.requests_seen(), 3);
}

#[tokio::test]
async fn a_fault_for_one_operation_leaves_the_others_alone() {
    let emulator = Emulator::start().await;
    emulator.inject(Fault::status(500).operation(Operation::Revoke));
    let client = admin(&emulator);
    let created = client.create_key(ORG, USER).await.unwrap();
    client.list_keys(ORG).await.unwrap();
    let error = client
        .revoke_key(ORG, USER, &created.key.key_id)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    let revoked = client
        .revoke_key(ORG, USER, &created.key.key_id)
        .await
        .unwrap();
    assert!(revoked.revoked);
    let operations = [
        Operation::Create,
        Operation::Get,
        Operation::List,
        Operation::Revoke,
    ];
    let counts = operations.map(|op| emulator.requests_of(op));
    // Nothing is listed before a create.
    assert_eq!(counts, [1, 0, 1, 2]);
}

#[tokio::test]
async fn a_500_fault_carries_the_servers_internal_error_body() {
    let emulator = Emulator::start().await;
    emulator.inject(Fault::status(500));
    let error = admin(&emulator)
        .get_key(ORG, "fh4dUNV3WQ")
        .await
        .unwrap_err();
    let api = api_error(&error);
    assert_eq!(
        api.message(),
        Some("Internal error. Unable to process request")
    );
    assert_eq!(api.error_type(), Some("Internal"));
    assert!(!api.request_id().unwrap_or_default().is_empty());
}

#[tokio::test]
async fn retry_after_and_a_text_body_are_sent_as_given() {
    let emulator = Emulator::start().await;
    let raw = Raw::new(&emulator);
    emulator.inject(
        Fault::status(429)
            .retry_after(7)
            .body("<html>slow down</html>"),
    );
    let answer = raw.admin(Method::GET, "/v0/organizations/o/api-key").await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(answer.header("retry-after"), Some("7"));
    assert_eq!(
        answer.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(answer.body, "<html>slow down</html>");

    emulator.inject(
        Fault::status(503)
            .retry_after(7)
            .body("down for maintenance"),
    );
    let error = admin(&emulator).list_keys(ORG).await.unwrap_err();
    let api = api_error(&error);
    assert_eq!(api.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(api.body_excerpt(), "down for maintenance");
}

#[tokio::test]
async fn status_faults_answer_before_authentication() {
    let emulator = Emulator::start().await;
    let raw = Raw::new(&emulator);
    emulator.inject(Fault::status(502));
    let answer = raw
        .send(Method::GET, "/v0/organizations/o/api-key", None)
        .await;
    assert_eq!(answer.status, StatusCode::BAD_GATEWAY);
    let answer = raw
        .send(Method::GET, "/v0/organizations/o/api-key", None)
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn unknown_paths_do_not_use_up_faults() {
    let emulator = Emulator::start().await;
    let raw = Raw::new(&emulator);
    emulator.inject(Fault::status(503));
    assert_eq!(
        raw.admin(Method::GET, "/nowhere").await.status,
        StatusCode::NOT_FOUND
    );
    let answer = raw.admin(Method::GET, "/v0/organizations/o/api-key").await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn the_emulators_client_retries_through_transient_faults() {
    let emulator = Emulator::start().await;
    emulator.inject(Fault::status(503).times(2).retry_after(0));
    let keys = emulator.client().list_keys(ORG).await.unwrap();
    assert!(keys.is_empty());
    assert_eq!(emulator.requests_of(Operation::List), 3);

    emulator.inject(Fault::status(503).times(10));
    let error = emulator.client().list_keys(ORG).await.unwrap_err();
    assert_eq!(api_error(&error).attempts(), 4, "1 attempt and 3 retries");
}

#[tokio::test]
async fn a_delay_fault_serves_late_and_trips_a_short_timeout() {
    let emulator = Emulator::start().await;
    let client = admin(&emulator);
    emulator.inject(Fault::delay(Duration::from_millis(300)));
    let started = Instant::now();
    client.list_keys(ORG).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));

    let impatient = emulator
        .client_builder()
        .attempt_timeout(Duration::from_millis(300))
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    emulator.inject(Fault::delay(Duration::from_secs(2)).operation(Operation::Create));
    let error = impatient.create_key(ORG, USER).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    // The create was served before its answer was held back: the key exists.
    assert_eq!(emulator.requests_of(Operation::Create), 1);
    assert_eq!(client.list_keys(ORG).user(USER).await.unwrap().len(), 1);
}

#[tokio::test]
async fn cleared_faults_no_longer_apply() {
    let emulator = Emulator::start().await;
    emulator.inject(Fault::status(500).times(5));
    emulator.inject(Fault::delay(Duration::from_secs(30)));
    emulator.clear_faults();
    let body = Raw::new(&emulator)
        .admin(Method::GET, "/v0/organizations/o/api-key")
        .await
        .json();
    assert_eq!(body, json!({"items": []}));
}
