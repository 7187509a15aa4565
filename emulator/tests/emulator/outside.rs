//! Faults and the clock from outside Rust: the admin endpoints under `/__emulator/` and the
//! standalone emulator's `--fault`, `--paid-org` and `--managed-org` flags.

use reqwest::{Method, StatusCode};
use serde_json::json;
use whylabs_api_keys::Operation;
use whylabs_api_keys_emulator::Emulator;

use crate::standalone_example::parse_args;
use crate::support::{ORG, USER, admin, args};

/// `method path` on the emulator with the admin key and a JSON body.
async fn admin_call(
    emulator: &Emulator,
    method: Method,
    path: &str,
    body: &str,
) -> (StatusCode, serde_json::Value) {
    let _ = emulator.client(); // installs the TLS provider reqwest's build needs
    let answer = reqwest::Client::new()
        .request(method, format!("{}{path}", emulator.base_url()))
        .header("x-api-key", emulator.admin_key().expose_secret())
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = answer.status();
    (
        status,
        answer.json().await.unwrap_or(serde_json::Value::Null),
    )
}

#[tokio::test]
async fn faults_posted_as_json_apply_like_injected_ones() {
    let emulator = Emulator::start().await;
    let body = r#"[{"status": 503, "times": 2, "operation": "list_api_keys", "retry_after": 0},
                   {"status": 500, "operation": "revoke_api_key", "body": "boom"}]"#;
    let (status, pending) = admin_call(&emulator, Method::POST, "/__emulator/faults", body).await;
    assert_eq!((status, pending), (StatusCode::OK, json!({"pending": 2})));
    let client = emulator.client();
    client
        .list_keys(ORG)
        .await
        .expect("retried through both 503s");
    assert_eq!(emulator.requests_of(Operation::List), 3);
    let error = admin(&emulator)
        .revoke_key(ORG, USER, "HMiFAgQeNb")
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(error.api_error().unwrap().body_excerpt(), "boom");
    assert_eq!(emulator.requests_seen(), 4, "admin calls are not counted");
}

#[tokio::test]
async fn faults_can_be_listed_and_cleared_and_bad_ones_are_named() {
    let emulator = Emulator::start().await;
    let one = r#"{"delay_ms": 10000}"#;
    admin_call(&emulator, Method::POST, "/__emulator/faults", one).await;
    let (_, pending) = admin_call(&emulator, Method::GET, "/__emulator/faults", "").await;
    assert_eq!(pending, json!({"pending": 1}));
    let (status, pending) = admin_call(&emulator, Method::DELETE, "/__emulator/faults", "").await;
    assert_eq!((status, pending), (StatusCode::OK, json!({"pending": 0})));
    admin(&emulator).list_keys(ORG).await.expect("not delayed");

    for bad in [
        r#"{"status": 1000}"#,
        r#"{"status": 500, "colour": 1}"#,
        "not json",
        r#"{"times": 1}"#,
    ] {
        let (status, body) = admin_call(&emulator, Method::POST, "/__emulator/faults", bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(!body["message"].as_str().unwrap().is_empty(), "{bad}");
    }
    let (status, _) = admin_call(&emulator, Method::PUT, "/__emulator/faults", "").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let (status, _) = admin_call(&emulator, Method::GET, "/__emulator/nothing", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn admin_endpoints_need_the_admin_key() {
    let emulator = Emulator::start().await;
    let _ = emulator.client();
    let url = format!("{}/__emulator/faults", emulator.base_url());
    let answer = reqwest::Client::new()
        .post(url)
        .body(r#"{"status": 500}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    admin(&emulator)
        .list_keys(ORG)
        .await
        .expect("no fault was injected");
}

#[tokio::test]
async fn the_clock_moves_from_outside() {
    let emulator = Emulator::start().await;
    let expiring = admin(&emulator)
        .create_key(ORG, USER)
        .scopes([whylabs_api_keys::Scope::WhylabsSystem])
        .expires_in(std::time::Duration::from_secs(120))
        .await
        .unwrap();
    let (status, now) = admin_call(
        &emulator,
        Method::POST,
        "/__emulator/clock",
        r#"{"advance_ms": 180000}"#,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(now["now"].is_string(), "{now}");
    let own = crate::support::client_with(&emulator, expiring.secret().clone());
    assert!(own.list_keys(ORG).await.unwrap_err().is_unauthorized());
}

#[tokio::test]
async fn command_line_faults_tiers_and_managed_orgs_apply() {
    let emulator = parse_args(&args(&[
        "--port=0",
        "--fault",
        "status=503,times=2,operation=list_api_keys,retry_after=0",
        "--fault=status=429,operation=get_api_key,body=slow, please",
        "--paid-org",
        "org-paid",
        "--managed-org=org-paid=org-child",
    ]))
    .unwrap()
    .start()
    .await
    .unwrap();
    let client = emulator.client();
    client
        .list_keys("org-paid")
        .await
        .expect("retried through the 503s");
    assert_eq!(emulator.requests_of(Operation::List), 3);
    let error = admin(&emulator)
        .get_key(ORG, "fh4dUNV3WQ")
        .await
        .unwrap_err();
    assert_eq!(error.api_error().unwrap().body_excerpt(), "slow, please");
    for n in 0..30 {
        client
            .create_key("org-paid", format!("user-{n}"))
            .await
            .expect("paid: no key limit");
    }
}

#[test]
fn bad_fault_and_org_flags_are_one_line_messages() {
    let cases = [
        (
            &["--fault", "status=1000"][..],
            "--fault \"status=1000\": status: 1000 is not an HTTP status",
        ),
        (
            &["--fault=times=2"][..],
            "--fault \"times=2\": give either status or delay_ms",
        ),
        (
            &["--managed-org", "org-a"][..],
            "--managed-org takes PARENT=CHILD, not \"org-a\"",
        ),
        (&["--paid-org"][..], "--paid-org needs a value"),
    ];
    for (given, message) in cases {
        assert_eq!(parse_args(&args(given)).unwrap_err(), message, "{given:?}");
    }
}
