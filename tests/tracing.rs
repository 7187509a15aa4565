//! Tracing output: each call's span carries its details, and no secret is ever recorded.
//! Its own test binary, because a thread-local subscriber and tests running in parallel on
//! other threads disturb tracing's per-callsite interest cache.

mod common;

use common::leaks::{API_KEY, CREATED, assert_clean, client, created_body};

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A writer collecting everything the tracing subscriber prints.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn tracing_output_carries_call_details_but_no_secret() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    tracing::callsite::rebuild_interest_cache();

    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(created_body())
                .insert_header("X-Request-Id", "req-42"),
        )
        .mount(&server)
        .await;
    let not_found = json!({"message": format!("no key {API_KEY}"), "requestId": "req-43", "type": "ResourceNotFound"});
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404).set_body_json(not_found))
        .mount(&server)
        .await;
    let client = client(&server.uri());
    client.create_key("o", "u").send().await.unwrap();
    client.revoke_key("o", "u", "k").await.unwrap_err();

    // A gateway echoing the API key (or the secret just created) as the request id, on a
    // success and on errors of every kind.
    let echoing = MockServer::start().await;
    Mock::given(wiremock::matchers::method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({}))
                .insert_header("X-Request-Id", API_KEY),
        )
        .mount(&echoing)
        .await;
    let echoed = json!({"message": CREATED, "requestId": API_KEY, "type": "IllegalArgument"});
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(echoed)
                .insert_header("X-Request-Id", CREATED),
        )
        .mount(&echoing)
        .await;
    let echoing_client = common::leaks::client(&echoing.uri());
    echoing_client.get_key("o", "k").await.unwrap();
    echoing_client.revoke_key("o", "u", "k").await.unwrap_err();
    echoing_client
        .create_key("o", "u")
        .send()
        .await
        .unwrap_err();

    let output = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert_clean("tracing output", &output);
    for expected in [
        "operation=\"create_api_key\"",
        "attempts=1",
        "status=200",
        "request_id=\"req-42\"",
        "duration_ms=",
    ] {
        assert!(output.contains(expected), "missing {expected} in {output}");
    }
    assert!(
        output.contains("operation=\"revoke_api_key\"") && output.contains("request_id=\"req-43\""),
        "{output}"
    );
    assert!(output.contains("request_id=\"<redacted>\""), "{output}");
}
