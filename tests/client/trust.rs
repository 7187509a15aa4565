//! Trust at the edges, for every operation (v0 and v1) against scripted hostile servers: a key the server
//! echoes back is never shown, server text cannot forge log lines, redirects are never
//! followed, a bare 404 is not "key not found", transport errors name their cause, input the
//! server cannot take is refused before sending, and no setting panics.

use std::time::Duration;

use serde_json::json;
use whylabs_api_keys::{Client, Error, RetryConfig};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::leaks::{API_KEY, assert_clean, error_chain_text};
use crate::common::raw::{Action, RawServer};
use crate::common::{call, operations, request_count, server_answering};

/// A client of `uri` with `key`, retries off.
fn client_with_key(uri: &str, key: &str) -> Client {
    Client::builder()
        .base_url(uri)
        .api_key(key)
        .retry(RetryConfig::disabled())
        .build()
        .unwrap()
}

/// The configured key in the forms a server or gateway may echo it: verbatim, URL-encoded,
/// JSON-escaped, and a 16-character prefix.
fn echoes(key: &str) -> Vec<String> {
    let url_encoded = key.replace(':', "%3A").replace('.', "%2e");
    let json_escaped = key.replace('.', "\\u002e");
    vec![
        key.to_string(),
        url_encoded,
        json_escaped,
        key[..16].to_string(),
    ]
}

#[tokio::test]
async fn a_key_echoed_in_any_error_field_or_header_is_never_shown() {
    // A WhyLabs-shaped key and one of another shape: both are the configured key.
    for key in [API_KEY, "my-company-gateway-token-0123456789"] {
        for echo in echoes(key) {
            for status in [400, 401, 403, 404, 500, 503] {
                let body = json!({
                    "message": format!("bad key {echo}"),
                    "requestId": echo,
                    "type": format!("T{echo}"),
                    "parameter": echo,
                });
                let server = server_answering(
                    ResponseTemplate::new(status)
                        .set_body_json(body)
                        .insert_header("X-Request-Id", echo.as_str()),
                )
                .await;
                let client = client_with_key(&server.uri(), key);
                for operation in operations() {
                    let error = call(&client, operation).await.unwrap_err();
                    let text = error_chain_text(&error);
                    assert!(!text.contains(&key[..16]), "{operation} {status}: {text}");
                    assert!(!text.contains(&echo[..16]), "{operation} {status}: {text}");
                }
            }
        }
    }
}

#[tokio::test]
async fn a_key_echoed_in_an_unparsed_body_is_redacted_even_across_the_excerpt_boundary() {
    for offset in [0, 100, 150, 155] {
        let body = format!("{}{API_KEY} trailing text", "x".repeat(offset));
        let server = server_answering(ResponseTemplate::new(502).set_body_string(body)).await;
        let client = client_with_key(&server.uri(), API_KEY);
        for operation in operations() {
            let error = call(&client, operation).await.unwrap_err();
            assert_clean(
                &format!("{operation} at {offset}"),
                &error_chain_text(&error),
            );
        }
    }
}

#[tokio::test]
async fn server_text_cannot_forge_log_lines() {
    let forged = "denied\r\n2026-01-01 INFO all good\u{1b}[2J\u{7}";
    let body = json!({"message": forged, "requestId": "r\nid", "type": "IllegalArgument"});
    let server = server_answering(ResponseTemplate::new(400).set_body_json(body)).await;
    let client = client_with_key(&server.uri(), API_KEY);
    for operation in operations() {
        let error = call(&client, operation).await.unwrap_err();
        let display = error.to_string();
        for control in ['\r', '\n', '\u{1b}', '\u{7}'] {
            assert!(!display.contains(control), "{operation}: {display:?}");
        }
        assert!(display.contains("denied\\r\\n2026-01-01"), "{display}");
        let api = error.api_error().unwrap();
        assert_eq!(api.request_id(), Some("r\\nid"));
    }
}

#[tokio::test]
async fn no_redirect_is_followed_for_any_status_or_operation() {
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&elsewhere)
        .await;
    for status in [301, 302, 303, 307, 308] {
        let location = format!("{}/v0/organizations/o/api-key", elsewhere.uri());
        let redirecting = server_answering(
            ResponseTemplate::new(status).insert_header("Location", location.as_str()),
        )
        .await;
        // Even a client whose caller asked for redirects to be followed.
        let client = Client::builder()
            .base_url(redirecting.uri())
            .api_key(API_KEY)
            .retry(RetryConfig::disabled())
            .configure_http(|http| http.redirect(reqwest::redirect::Policy::limited(10)))
            .build()
            .unwrap();
        for operation in operations() {
            let error = call(&client, operation).await.unwrap_err();
            assert_eq!(
                error.status().map(|s| s.as_u16()),
                Some(status),
                "{operation}"
            );
        }
        let calls = operations().count();
        assert_eq!(request_count(&redirecting).await, calls, "{status}");
    }
    assert_eq!(
        request_count(&elsewhere).await,
        0,
        "the other origin saw nothing"
    );
}

#[tokio::test]
async fn an_https_client_never_sends_to_plain_http() {
    let error = Client::builder()
        .base_url("https://127.0.0.1:1")
        .api_key(API_KEY)
        .retry(RetryConfig::disabled())
        .build()
        .unwrap()
        .get_key("o", "k")
        .await
        .unwrap_err();
    // The request itself is https; the guard matters for redirects, which are off anyway.
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
}

#[tokio::test]
async fn a_bare_404_from_a_wrong_url_is_not_a_missing_key() {
    let server = server_answering(ResponseTemplate::new(404).set_body_string("Not Found")).await;
    let client = client_with_key(&format!("{}/wrong-prefix", server.uri()), API_KEY);
    for operation in operations() {
        let error = call(&client, operation).await.unwrap_err();
        assert!(!error.is_not_found(), "{operation}: {error}");
        let path = if operation.is_v1() {
            "/wrong-prefix/v1/api-key"
        } else {
            "/wrong-prefix/v0/organizations/o/api-key"
        };
        match &error {
            Error::EndpointNotFound { url, .. } => assert!(url.contains(path), "{url}"),
            other => panic!("{operation}: {other:?}"),
        }
        let display = error.to_string();
        assert!(
            display.contains("endpoint was not found (not the key)"),
            "{display}"
        );
        assert!(display.contains("/wrong-prefix/"), "{display}");
    }
    // The server's typed answer still is.
    let typed = json!({"message": "Resource ApiKey with ID k not found.", "requestId": "r",
                       "type": "ResourceNotFound"});
    let server = server_answering(ResponseTemplate::new(404).set_body_json(typed)).await;
    let error = client_with_key(&server.uri(), API_KEY)
        .revoke_key("o", "u", "k")
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "{error}");
}

#[tokio::test]
async fn transport_errors_name_their_root_cause_once() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = client_with_key(&format!("http://127.0.0.1:{port}"), API_KEY);
    let error = client.get_key("o", "k").await.unwrap_err();
    let display = error.to_string();
    assert!(display.contains("Connection refused"), "{display}");
    assert!(
        display.contains(&format!("127.0.0.1:{port}/v0/organizations/o")),
        "{display}"
    );
    assert_eq!(
        display.matches("Connection refused").count(),
        1,
        "{display}"
    );
    assert!(
        std::error::Error::source(&error).is_none(),
        "the cause is in Display, so not repeated by an error chain"
    );
}

#[tokio::test]
async fn oversized_input_is_refused_before_anything_is_sent() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!({}))).await;
    let client = client_with_key(&server.uri(), API_KEY);
    let huge = "a".repeat(1024 * 1024);
    let cases = [
        ("key_id", client.get_key("o", &huge).await.map(drop)),
        (
            "org_id",
            client.list_keys(huge.clone()).send().await.map(drop),
        ),
        (
            "alias",
            client
                .create_key("o", "u")
                .alias(huge.clone())
                .send()
                .await
                .map(drop),
        ),
        (
            "scopes",
            client
                .create_key("o", "u")
                .scopes([huge.as_str()])
                .send()
                .await
                .map(drop),
        ),
        (
            "scopes",
            client
                .create_key("o", "u")
                .scopes(std::iter::repeat_n(":user", 33))
                .send()
                .await
                .map(drop),
        ),
    ];
    for (field, outcome) in cases {
        match outcome.unwrap_err() {
            Error::InvalidInput {
                field: named,
                reason,
            } => {
                assert_eq!(named, field);
                assert!(reason.len() < 200, "{reason}");
            }
            other => panic!("{field}: {other:?}"),
        }
    }
    // A URL over 8 KiB from ids each within their limit (multi-byte characters, 12 bytes each
    // once percent-encoded) behind a long base path.
    let long = "\u{1d11e}".repeat(256);
    let prefixed = client_with_key(&format!("{}/{}", server.uri(), "p".repeat(2048)), API_KEY);
    let outcome = prefixed.get_key(&long, &long).await;
    match outcome.unwrap_err() {
        Error::InvalidInput { field: "url", .. } => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(request_count(&server).await, 0);
}

#[tokio::test]
async fn path_segments_are_encoded_outside_the_unreserved_set() {
    let server = RawServer::start(|_| Action::json(200, &json!({}))).await;
    let client = client_with_key(&server.uri(), API_KEY);
    client.get_key("a;b[c]|d^e", "..;").await.unwrap();
    let heads = server.heads();
    assert_eq!(
        heads[0].target,
        "/v0/organizations/a%3Bb%5Bc%5D%7Cd%5Ee/api-key/..%3B"
    );
}

#[tokio::test]
async fn extreme_settings_neither_panic_nor_abort() {
    // A terabyte announced, 5 bytes sent: no terabyte allocated, no abort.
    let server = RawServer::start(|_| Action::StallBody {
        length: 1_000_000_000_000,
        sent: b"{\"ite".to_vec(),
        stall: Duration::from_secs(30),
    })
    .await;
    let retry = RetryConfig::new()
        .with_max_retries(2)
        .with_initial_backoff(Duration::MAX)
        .with_max_backoff(Duration::MAX)
        .with_max_retry_after(Duration::MAX);
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(API_KEY)
        .max_response_bytes(usize::MAX)
        .total_timeout(Duration::MAX)
        .attempt_timeout(Duration::from_millis(300))
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let error = client.list_keys("o").send().await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");

    // A huge Retry-After with huge caps: the wait passes the deadline, so the call ends.
    let server =
        RawServer::start(|_| Action::status(503, "").with_header("Retry-After", "99999999999"))
            .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(API_KEY)
        .total_timeout(Duration::from_secs(2))
        .retry(retry)
        .build()
        .unwrap();
    let error = client.get_key("o", "k").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
}
