//! Every error class, from real-shaped error bodies, empty bodies and non-JSON bodies.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;
use whylabs_api_keys::{Client, Error, RetryConfig};
use wiremock::ResponseTemplate;

use crate::common::{API_KEY, client, server_answering};

/// Calls revoke (which declares 400, 404 and 500) against a server answering `response`.
async fn revoke_answered(response: ResponseTemplate) -> Error {
    let server = server_answering(response).await;
    client(&server)
        .revoke_key("org-123", "user-123", "HMiFAgQeNb")
        .await
        .unwrap_err()
}

fn body(message: &str, kind: &str) -> serde_json::Value {
    json!({ "message": message, "requestId": "req-1", "type": kind })
}

#[tokio::test]
async fn a_bad_request_carries_the_servers_fields() {
    let mut error_body = body("Invalid expiration time", "IllegalArgument");
    error_body["parameter"] = json!("expiration_time");
    let error = revoke_answered(ResponseTemplate::new(400).set_body_json(error_body)).await;
    assert!(error.is_bad_request());
    let api = error.api_error().unwrap();
    assert_eq!(api.message(), Some("Invalid expiration time"));
    assert_eq!(api.request_id(), Some("req-1"));
    assert_eq!(api.error_type(), Some("IllegalArgument"));
    assert_eq!(api.parameter(), Some("expiration_time"));
    assert_eq!(api.operation(), whylabs_api_keys::Operation::Revoke);
    assert_eq!(api.attempts(), 1);
    let url = api.url();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert!(
        url.ends_with("/v0/organizations/org-123/api-key?key_id=HMiFAgQeNb&user_id=user-123"),
        "{url}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "revoke_api_key: HTTP 400 Bad Request from {url}: Invalid expiration time (type IllegalArgument) [request id req-1]"
        )
    );
}

#[tokio::test]
async fn an_unknown_key_on_revoke_is_not_found() {
    let error_body = body(
        "Resource ApiKey with ID HMiFAgQeNb not found.",
        "ResourceNotFound",
    );
    let error = revoke_answered(ResponseTemplate::new(404).set_body_json(error_body)).await;
    assert!(error.is_not_found());
    assert_eq!(
        error.api_error().unwrap().error_type(),
        Some("ResourceNotFound")
    );
}

#[tokio::test]
async fn an_internal_error_body_is_read() {
    let error_body = body("Internal error. Unable to process request", "Internal");
    let error = revoke_answered(ResponseTemplate::new(500).set_body_json(error_body)).await;
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(
        error.api_error().unwrap().message(),
        Some("Internal error. Unable to process request")
    );
}

#[tokio::test]
async fn a_declared_status_with_a_non_json_body_keeps_status_and_excerpt() {
    let html = "<html><body>502 upstream gone</body></html>";
    let error = revoke_answered(ResponseTemplate::new(500).set_body_string(html)).await;
    let api = error.api_error().expect("still an API error");
    assert_eq!(api.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(api.message(), None);
    assert_eq!(api.body_excerpt(), html);
}

#[tokio::test]
async fn unauthorized_and_forbidden_with_empty_or_odd_bodies() {
    let error = revoke_answered(ResponseTemplate::new(401)).await;
    assert!(error.is_unauthorized());
    assert_eq!(error.api_error().unwrap().body_excerpt(), "");
    let error = revoke_answered(ResponseTemplate::new(403).set_body_string("Forbidden")).await;
    assert!(error.is_forbidden());
    assert_eq!(error.api_error().unwrap().body_excerpt(), "Forbidden");
}

#[tokio::test]
async fn rate_limiting_keeps_retry_after() {
    let response = ResponseTemplate::new(429)
        .insert_header("Retry-After", "7")
        .set_body_string("slow down");
    let error = revoke_answered(response).await;
    assert!(error.is_rate_limited());
    assert_eq!(
        error.api_error().unwrap().retry_after(),
        Some(Duration::from_secs(7))
    );
}

#[tokio::test]
async fn an_undecodable_success_is_a_decode_error_with_excerpt() {
    for body in [
        "<html>login</html>",
        "",
        "{\"keyId\": 1",
        "{\"keyId\": 5, \"orgId\": \"o\"}",
    ] {
        let error = revoke_answered(ResponseTemplate::new(200).set_body_string(body)).await;
        match &error {
            Error::Decode {
                status,
                excerpt,
                operation,
                ..
            } => {
                assert_eq!(*status, StatusCode::OK);
                assert_eq!(excerpt, body);
                assert_eq!(*operation, whylabs_api_keys::Operation::Revoke);
            }
            other => panic!("{body:?} gave {other:?}"),
        }
    }
}

#[tokio::test]
async fn an_undeclared_success_status_is_a_decode_error() {
    let error = revoke_answered(ResponseTemplate::new(204)).await;
    assert!(
        matches!(
            error,
            Error::Decode {
                status: StatusCode::NO_CONTENT,
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn the_api_key_is_redacted_from_excerpts() {
    let echo = format!("<html>bad key {API_KEY}</html>");
    let error = revoke_answered(ResponseTemplate::new(502).set_body_string(echo)).await;
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(API_KEY), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .api_key(API_KEY)
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let error = client.get_key("org-123", "k").await.unwrap_err();
    assert!(
        matches!(error, Error::Transport { attempts: 1, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_slow_server_is_a_timeout() {
    let slow = ResponseTemplate::new(200)
        .set_body_json(json!({}))
        .set_delay(Duration::from_secs(5));
    let server = server_answering(slow).await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(API_KEY)
        .retry(RetryConfig::disabled())
        .attempt_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let error = client.get_key("org-123", "k").await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}
