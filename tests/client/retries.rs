//! Retries and deadlines: idempotent calls are retried, create never duplicates, waits honour
//! `Retry-After`, and every deadline ends the call in a timeout error.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;
use whylabs_api_keys::{Client, Error, Reconciliation, RetryConfig};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common;
use crate::common::raw::{Action, RawServer};
use crate::common::{API_KEY, full_key, request_count};

/// Fast retries, so the tests spend no time waiting.
fn fast_retries(max_retries: u32) -> RetryConfig {
    RetryConfig::new()
        .with_max_retries(max_retries)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
}

/// Create reconciliation is off, so that each create is one request: these tests are about
/// the retry hook (reconciliation: `a_create_lost_after_sending_is_reconciled`, `orphans.rs`).
fn client_for(uri: &str, retry: RetryConfig) -> Client {
    Client::builder()
        .base_url(uri)
        .api_key(API_KEY)
        .retry(retry)
        .reconcile_creates(false)
        .build()
        .unwrap()
}

/// A server answering `first` once and then `then` forever.
async fn server_failing_once(first: ResponseTemplate, then: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any()).respond_with(then).mount(&server).await;
    server
}

fn created_key() -> serde_json::Value {
    let mut key = full_key();
    key["key"] = json!("fh4dUNV3WQ.secret");
    key
}

#[tokio::test]
async fn idempotent_operations_are_retried_on_transient_statuses() {
    for status in [408, 429, 500, 502, 503, 504] {
        let ok = ResponseTemplate::new(200);
        let server = server_failing_once(
            ResponseTemplate::new(status),
            ok.clone().set_body_json(json!({})),
        )
        .await;
        let client = client_for(&server.uri(), fast_retries(3));
        assert_eq!(
            client.get_key("org-123", "k").await.unwrap(),
            None,
            "get after {status}"
        );

        let server = server_failing_once(
            ResponseTemplate::new(status),
            ok.clone().set_body_json(json!({"items": []})),
        )
        .await;
        client_for(&server.uri(), fast_retries(3))
            .list_keys("org-123")
            .send()
            .await
            .unwrap();
        assert_eq!(request_count(&server).await, 2, "list after {status}");

        let revoked = common::revoked_key("o", "u", "k");
        let server =
            server_failing_once(ResponseTemplate::new(status), ok.set_body_json(revoked)).await;
        client_for(&server.uri(), fast_retries(3))
            .revoke_key("o", "u", "k")
            .await
            .unwrap();
        assert_eq!(request_count(&server).await, 2, "revoke after {status}");
    }
}

#[tokio::test]
async fn other_errors_are_not_retried() {
    for status in [400, 401, 403, 404, 409, 418] {
        let server = common::server_answering(ResponseTemplate::new(status)).await;
        let error = client_for(&server.uri(), fast_retries(3))
            .revoke_key("o", "u", "k")
            .await
            .unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(request_count(&server).await, 1, "{status} is final");
    }
}

#[tokio::test]
async fn create_reaches_the_server_once_when_it_may_have_been_processed() {
    for status in [408, 500, 502, 503, 504] {
        let server = server_failing_once(
            ResponseTemplate::new(status),
            ResponseTemplate::new(200).set_body_json(created_key()),
        )
        .await;
        let error = client_for(&server.uri(), fast_retries(3))
            .create_key("o", "u")
            .send()
            .await
            .unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.api_error().unwrap().attempts(), 1);
        assert_eq!(
            request_count(&server).await,
            1,
            "create is not retried after {status}"
        );
    }
}

#[tokio::test]
async fn create_is_retried_on_429() {
    let server = server_failing_once(
        ResponseTemplate::new(429).insert_header("Retry-After", "0"),
        ResponseTemplate::new(200).set_body_json(created_key()),
    )
    .await;
    let created = client_for(&server.uri(), fast_retries(3))
        .create_key("o", "u")
        .send()
        .await
        .unwrap();
    assert_eq!(created.key.key_id, "fh4dUNV3WQ");
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn create_is_not_resent_when_the_connection_drops_after_the_request() {
    let server = RawServer::start(|_| Action::Drop).await;
    let error = client_for(&server.uri(), fast_retries(3))
        .create_key("o", "u")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Transport { attempts: 1, .. }),
        "{error:?}"
    );
    assert_eq!(server.heads().len(), 1);

    let error = client_for(&server.uri(), fast_retries(3))
        .get_key("o", "k")
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Transport { attempts: 4, .. }),
        "get is retried: {error:?}"
    );
}

#[tokio::test]
async fn a_create_lost_after_sending_is_reconciled() {
    let server = RawServer::start(|head| match head.method.as_str() {
        "GET" => Action::json(200, &json!({"items": []})),
        _ => Action::Drop,
    })
    .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(API_KEY)
        .retry(fast_retries(3))
        .build()
        .unwrap();
    let error = client.create_key("o", "u").send().await.unwrap_err();
    let (cause, reconciliation) = common::outcome_unknown(&error);
    assert!(
        matches!(cause, Error::Transport { attempts: 1, .. }),
        "{cause:?}"
    );
    assert!(matches!(reconciliation, Reconciliation::NoKeyFound));
    let methods: Vec<String> = server.heads().into_iter().map(|h| h.method).collect();
    assert_eq!(
        methods,
        ["POST", "GET"],
        "create once, then the reconciliation list"
    );
}

#[tokio::test]
async fn create_is_retried_when_the_connection_cannot_be_made() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = client_for(&format!("http://127.0.0.1:{port}"), fast_retries(2));
    let error = client.create_key("o", "u").send().await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Transport {
                attempts: 3,
                status: None,
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn the_final_error_counts_attempts_and_keeps_the_last_answer() {
    let body = json!({"message": "try later", "requestId": "r-9", "type": "Internal"});
    let server = common::server_answering(ResponseTemplate::new(503).set_body_json(body)).await;
    let error = client_for(&server.uri(), fast_retries(2))
        .get_key("o", "k")
        .await
        .unwrap_err();
    let api = error.api_error().unwrap();
    assert_eq!(
        (api.attempts(), api.status().as_u16(), api.message()),
        (3, 503, Some("try later"))
    );
    assert!(error.to_string().ends_with("after 3 attempts"), "{error}");
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn zero_retries_means_one_attempt() {
    let server = common::server_answering(ResponseTemplate::new(503)).await;
    client_for(&server.uri(), RetryConfig::disabled())
        .get_key("o", "k")
        .await
        .unwrap_err();
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn retry_after_is_waited_for_and_capped() {
    let server = server_failing_once(
        ResponseTemplate::new(503).insert_header("Retry-After", "1"),
        ResponseTemplate::new(200).set_body_json(json!({})),
    )
    .await;
    let started = Instant::now();
    client_for(&server.uri(), fast_retries(1))
        .get_key("o", "k")
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited {:?}",
        started.elapsed()
    );

    let server = server_failing_once(
        ResponseTemplate::new(429).insert_header("Retry-After", "3600"),
        ResponseTemplate::new(200).set_body_json(json!({})),
    )
    .await;
    let capped = fast_retries(1).with_max_retry_after(Duration::from_millis(50));
    let started = Instant::now();
    client_for(&server.uri(), capped)
        .get_key("o", "k")
        .await
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "capped wait took {:?}",
        started.elapsed()
    );
}

/// A client with short per-attempt and total deadlines.
fn impatient(uri: &str, retries: u32, total: Duration) -> Client {
    Client::builder()
        .base_url(uri)
        .api_key(API_KEY)
        .retry(fast_retries(retries))
        .attempt_timeout(Duration::from_millis(200))
        .total_timeout(total)
        .build()
        .unwrap()
}

#[tokio::test]
async fn stalled_headers_end_in_a_timeout_after_each_attempt() {
    let server = RawServer::start(|_| Action::Stall(Duration::from_secs(30))).await;
    let started = Instant::now();
    let error = impatient(&server.uri(), 1, Duration::from_secs(10))
        .get_key("o", "k")
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Timeout {
                attempts: 2,
                status: None,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(server.heads().len(), 2);
}

/// The crate sets the per-attempt timeout on the `reqwest::Client` it builds, after the
/// caller's adjustments: a caller's longer timeout cannot stretch an attempt.
#[tokio::test]
async fn a_configured_http_client_still_times_out_each_attempt() {
    let server = RawServer::start(|_| Action::Stall(Duration::from_secs(30))).await;
    let started = Instant::now();
    let error = Client::builder()
        .base_url(server.uri())
        .api_key(API_KEY)
        .configure_http(|http| http.timeout(Duration::from_secs(3600)))
        .retry(fast_retries(1))
        .attempt_timeout(Duration::from_millis(200))
        .build()
        .unwrap()
        .get_key("o", "k")
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Timeout { attempts: 2, .. }),
        "{error:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(server.heads().len(), 2);
}

#[tokio::test]
async fn a_stalled_body_ends_in_a_timeout_with_the_status() {
    let server = RawServer::start(|_| Action::StallBody {
        length: 500,
        sent: b"{\"items\": [".to_vec(),
        stall: Duration::from_secs(30),
    })
    .await;
    let error = impatient(&server.uri(), 0, Duration::from_secs(10))
        .list_keys("o")
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
}

#[tokio::test]
async fn the_overall_deadline_bounds_all_retries() {
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let server = RawServer::start(|_| {
        CALLS.fetch_add(1, Ordering::SeqCst);
        Action::Stall(Duration::from_secs(30))
    })
    .await;
    let started = Instant::now();
    let error = impatient(&server.uri(), 50, Duration::from_millis(700))
        .get_key("o", "k")
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(error.is_timeout(), "{error:?}");
    assert!(
        elapsed < Duration::from_millis(1500),
        "deadline overran: {elapsed:?}"
    );
    assert!(
        (2..50).contains(&CALLS.load(Ordering::SeqCst)),
        "retried within the deadline only"
    );
}

#[tokio::test]
async fn a_connection_that_is_never_accepted_ends_in_a_connect_timeout() {
    // A listener with a backlog of one that never accepts: once the queue is full, the kernel
    // drops further SYNs on loopback and the next connect hangs.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    for _ in 0..8 {
        if let Ok(Ok(stream)) = tokio::time::timeout(
            Duration::from_millis(100),
            tokio::net::TcpStream::connect(addr),
        )
        .await
        {
            fillers.push(stream);
        }
    }
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .api_key(API_KEY)
        .retry(RetryConfig::disabled())
        .connect_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.get_key("o", "k").await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
}
