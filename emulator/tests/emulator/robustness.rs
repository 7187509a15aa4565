//! A server anyone can rely on: the admin key compared whole, organization ids decoded
//! strictly, a clock that saturates, bodies bounded, malformed requests that end their own
//! connection only. (Memory and panics are measured in a separate process: `memory.rs`.)

use std::time::Duration;

use reqwest::{Method, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use whylabs_api_keys_emulator::Emulator;

use crate::support::{ORG, Raw, USER, admin, client_with};

#[tokio::test]
async fn the_admin_key_is_compared_whole() {
    for (admin_key, refused) in [
        (
            "ADMIN:TopSecretPart",
            vec!["ADMIN", "ADMIN:TopSecret", "ADMIN:TopSecretPar"],
        ),
        (":TopSecret", vec!["", ":", ":TopSecre"]),
    ] {
        let emulator = Emulator::builder()
            .admin_key(admin_key)
            .start()
            .await
            .unwrap();
        let raw = Raw::new(&emulator);
        for key in refused {
            let answer = raw
                .send(Method::GET, "/v0/organizations/o/api-key", Some(key))
                .await;
            assert_eq!(
                answer.status,
                StatusCode::UNAUTHORIZED,
                "{admin_key:?} accepted {key:?}"
            );
            let faults = raw.send(Method::GET, "/__emulator/faults", Some(key)).await;
            assert_eq!(
                faults.status,
                StatusCode::UNAUTHORIZED,
                "{key:?} on the admin endpoint"
            );
        }
        let whole = raw
            .send(Method::GET, "/v0/organizations/o/api-key", Some(admin_key))
            .await;
        assert_eq!(whole.status, StatusCode::OK, "{admin_key:?}");
    }
}

#[tokio::test]
async fn organization_ids_that_are_not_utf8_are_refused_not_merged() {
    let emulator = Emulator::start().await;
    let raw = Raw::new(&emulator);
    for org in ["%FF", "%FE", "%C3%28", "a%80b"] {
        let answer = raw
            .admin(
                Method::POST,
                &format!("/v0/organizations/{org}/api-key?user_id=u"),
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{org}");
        assert_eq!(answer.json()["parameter"], "org_id");
        assert_eq!(answer.json()["type"], "IllegalArgument");
    }
    let user = raw
        .admin(Method::POST, "/v0/organizations/o/api-key?user_id=%FF")
        .await;
    assert_eq!(user.json()["parameter"], "user_id");
    assert!(
        admin(&emulator)
            .list_keys("\u{FFFD}")
            .await
            .unwrap()
            .is_empty(),
        "nothing was created"
    );
}

#[tokio::test]
async fn advance_time_saturates_and_later_calls_still_work() {
    let emulator = Emulator::start().await;
    let client = admin(&emulator);
    let expiring = client
        .create_key(ORG, USER)
        .scopes([whylabs_api_keys::Scope::WhylabsSystem])
        .expires_in(Duration::from_secs(3600))
        .await
        .unwrap();
    emulator.advance_time(Duration::MAX);
    emulator.advance_time(Duration::MAX);
    let created = client
        .create_key(ORG, USER)
        .await
        .expect("a create after the clock's end");
    assert_eq!(
        created
            .key
            .creation_time
            .format("%Y-%m-%dT%H:%M:%S%.3f")
            .to_string(),
        "9999-12-31T23:59:59.999"
    );
    let with_expired = client_with(&emulator, expiring.secret().clone());
    assert!(
        with_expired
            .list_keys(ORG)
            .await
            .unwrap_err()
            .is_unauthorized()
    );
    let raw = Raw::new(&emulator);
    let far = raw
        .admin(
            Method::POST,
            "/v0/organizations/o/api-key?user_id=u&expiration_time=9223372036854775807",
        )
        .await;
    assert_eq!(far.status, StatusCode::BAD_REQUEST);
    assert_eq!(far.json()["message"], "Invalid expiration time");
}

#[tokio::test]
async fn a_body_over_1_mib_is_413_and_smaller_ones_are_ignored() {
    let emulator = Emulator::start().await;
    let http = reqwest::Client::new();
    let url = format!("{}/v0/organizations/o/api-key", emulator.base_url());
    let key = emulator.admin_key().expose_secret();
    let small = http
        .get(&url)
        .header("x-api-key", key)
        .body(vec![b'x'; 1 << 20])
        .send()
        .await
        .unwrap();
    assert_eq!(small.status(), StatusCode::OK);
    let big = http
        .get(&url)
        .header("x-api-key", key)
        .body(vec![b'x'; (1 << 20) + 1])
        .send()
        .await;
    if let Ok(answer) = big {
        assert_eq!(answer.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }
    assert!(admin(&emulator).list_keys(ORG).await.is_ok());
}

/// Writes `request` on a fresh connection, then reads what comes back within a second (the
/// server may answer, close, or both).
pub async fn send_raw(address: std::net::SocketAddr, request: &[u8], finish: bool) -> Vec<u8> {
    let mut stream = TcpStream::connect(address).await.unwrap();
    let _ = stream.write_all(request).await;
    if !finish {
        return Vec::new(); // dropped mid-request
    }
    let _ = stream.shutdown().await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(1), stream.read_to_end(&mut answer)).await;
    answer
}

/// Requests no well-behaved client sends.
pub fn malformed_requests() -> Vec<(Vec<u8>, bool)> {
    let post = "POST /v0/organizations/o/api-key?user_id=u HTTP/1.1\r\nHost: x\r\n";
    vec![
        (
            b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n".to_vec(),
            true,
        ),
        (
            format!("{post}Transfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n").into_bytes(),
            true,
        ),
        (
            format!("{post}Transfer-Encoding: chunked\r\n\r\n5\r\nab").into_bytes(),
            true,
        ),
        (
            format!("{post}Content-Length: 1000000\r\n\r\n{}", "x".repeat(1000)).into_bytes(),
            false,
        ),
        (
            format!("{post}Content-Length: 10\r\nContent-Length: 20\r\n\r\n").into_bytes(),
            true,
        ),
        (b"\x00\x01GARBAGE\r\n\r\n".to_vec(), true),
        (
            format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(1 << 20)).into_bytes(),
            true,
        ),
        (
            format!("GET / HTTP/1.1\r\nX-Big: {}\r\n\r\n", "b".repeat(1 << 20)).into_bytes(),
            true,
        ),
    ]
}

#[tokio::test]
async fn malformed_requests_end_their_connection_and_the_server_serves_on() {
    let emulator = Emulator::start().await;
    for (request, finish) in malformed_requests() {
        let answer = send_raw(emulator.address(), &request, finish).await;
        let text = String::from_utf8_lossy(&answer);
        assert!(!text.starts_with("HTTP/1.1 200"), "{text}");
        assert!(
            admin(&emulator).list_keys(ORG).await.is_ok(),
            "after {:?}",
            &request[..20]
        );
    }
    assert_eq!(
        admin(&emulator).list_keys(ORG).await.unwrap().len(),
        0,
        "nothing was created"
    );
}
