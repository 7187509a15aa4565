//! A revoke (v0) or delete (v1) is done only when the server's answer is the requested key
//! with `revoked: true`: a 200 with `revoked: false`, without `revoked`, or naming another key,
//! organization or user (v0) is `Error::RevokeNotConfirmed`, which names the key and says the
//! request reached the server.

use reqwest::StatusCode;
use serde_json::{Value, json};
use whylabs_api_keys::{Client, Error, Operation, RetryConfig};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::API_KEY;

/// The key `fh4dUNV3WQ` of `user-123` in `org-123`, as a revoke answers it, changed by `edit`.
fn answer(edit: impl FnOnce(&mut Value)) -> Value {
    let mut key = json!({
        "keyId": "fh4dUNV3WQ",
        "orgId": "org-123",
        "userId": "user-123",
        "creationTime": "2024-01-02T03:04:05",
        "revoked": true
    });
    edit(&mut key);
    key
}

/// A server answering the v0 revoke and the v1 delete of `fh4dUNV3WQ` with 200 and `body`.
async fn server(body: &Value) -> MockServer {
    let server = MockServer::start().await;
    for route in ["/v0/organizations/org-123/api-key", "/v1/api-key"] {
        Mock::given(method("DELETE"))
            .and(path(route))
            .and(query_param("key_id", "fh4dUNV3WQ"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    server
}

fn client(server: &MockServer, managed_org: Option<&str>) -> Client {
    let mut builder = Client::builder()
        .base_url(server.uri())
        .api_key(API_KEY)
        .retry(RetryConfig::disabled());
    if let Some(org) = managed_org {
        builder = builder.managed_org(org);
    }
    builder.build().unwrap()
}

/// The reason of a `RevokeNotConfirmed` for `operation`, after checking the key it names and
/// that its message says the key may still be active.
fn unconfirmed(error: Error, operation: Operation) -> String {
    assert_eq!(error.status(), Some(StatusCode::OK));
    assert!(!error.is_not_found());
    let shown = error.to_string();
    assert!(
        shown.contains("key fh4dUNV3WQ is not confirmed revoked")
            && shown.contains("the request reached the server")
            && shown.contains("may still be active"),
        "{shown}"
    );
    match error {
        Error::RevokeNotConfirmed {
            operation: failed,
            key_id,
            reason,
        } => {
            assert_eq!((failed, key_id.as_str()), (operation, "fh4dUNV3WQ"));
            reason
        }
        other => panic!("expected RevokeNotConfirmed, got {other:?}"),
    }
}

async fn v0_reason(body: &Value) -> String {
    let server = server(body).await;
    let error = client(&server, None)
        .revoke_key("org-123", "user-123", "fh4dUNV3WQ")
        .await
        .unwrap_err();
    unconfirmed(error, Operation::Revoke)
}

async fn v1_reason(body: &Value) -> String {
    let server = server(body).await;
    let error = client(&server, None)
        .delete_key("fh4dUNV3WQ")
        .await
        .unwrap_err();
    unconfirmed(error, Operation::Delete)
}

#[tokio::test]
async fn a_200_that_says_revoked_false_is_no_revoke() {
    let body = answer(|key| key["revoked"] = false.into());
    let expected = "it does not say revoked: true";
    assert_eq!(v0_reason(&body).await, expected);
    assert_eq!(v1_reason(&body).await, expected);
    // Silence about `revoked` confirms nothing either.
    let body = answer(|key| drop(key.as_object_mut().unwrap().remove("revoked")));
    assert_eq!(v0_reason(&body).await, expected);
    assert_eq!(v1_reason(&body).await, expected);
}

#[tokio::test]
async fn a_200_about_another_key_is_no_revoke() {
    let body = answer(|key| key["keyId"] = "HMiFAgQeNb".into());
    let expected = r#"it is keyId "HMiFAgQeNb", not "fh4dUNV3WQ""#;
    assert_eq!(v0_reason(&body).await, expected);
    assert_eq!(v1_reason(&body).await, expected);
}

#[tokio::test]
async fn a_200_about_another_organization_or_user_is_no_revoke() {
    let other_org = answer(|key| key["orgId"] = "org-999".into());
    let expected = r#"it is orgId "org-999", not "org-123""#;
    assert_eq!(v0_reason(&other_org).await, expected);
    let other_user = answer(|key| key["userId"] = "user-999".into());
    assert_eq!(
        v0_reason(&other_user).await,
        r#"it is userId "user-999", not "user-123""#
    );
}

#[tokio::test]
async fn server_values_in_the_reason_are_escaped_and_redacted() {
    let body = answer(|key| key["keyId"] = format!("{API_KEY}\u{1b}[2J").into());
    let reason = v0_reason(&body).await;
    assert_eq!(
        reason,
        r#"it is keyId "<redacted>\u{1b}[2J", not "fh4dUNV3WQ""#
    );
}

#[tokio::test]
async fn the_requested_key_with_revoked_true_is_a_revoke() {
    let body = answer(|_| {});
    let server = server(&body).await;
    let client = client(&server, Some("org-123"));
    let revoked = client
        .revoke_key("org-123", "user-123", "fh4dUNV3WQ")
        .await
        .unwrap();
    assert!(revoked.revoked && revoked.key_id == "fh4dUNV3WQ");
    let deleted = client.delete_key("fh4dUNV3WQ").await.unwrap();
    assert!(deleted.revoked && deleted.key_id == "fh4dUNV3WQ");
}
