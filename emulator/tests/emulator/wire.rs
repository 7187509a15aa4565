//! What arrives on the wire: percent-encoded paths, form-encoded and repeated query
//! parameters, unknown paths and methods, and the timestamp shape.

use reqwest::{Method, StatusCode};
use serde_json::json;
use whylabs_api_keys::Scope;
use whylabs_api_keys_emulator::Emulator;

use crate::support::{Raw, admin, is_server_timestamp};

#[tokio::test]
async fn encoded_ids_and_aliases_round_trip_through_the_client() {
    let emulator = Emulator::start().await;
    let client = admin(&emulator);
    let (org, user, alias) = ("org 1/2", "user+x@y.com", "a b,c&d=é");
    let created = client.create_key(org, user).alias(alias).await.unwrap();
    assert_eq!(
        (created.key.org_id.as_str(), created.key.user_id.as_str()),
        (org, user)
    );
    assert_eq!(created.key.alias.as_deref(), Some(alias));

    let listed = client.list_keys(org).user(user).await.unwrap();
    assert_eq!(listed, std::slice::from_ref(&created.key));
    assert!(
        client.list_keys("org 1").await.unwrap().is_empty(),
        "`/` stays in its segment"
    );
    let found = client.get_key(org, &created.key.key_id).await.unwrap();
    assert_eq!(found.as_ref(), Some(&created.key));
    assert!(
        client
            .revoke_key(org, user, &created.key.key_id)
            .await
            .unwrap()
            .revoked
    );
}

#[tokio::test]
async fn the_python_clients_raw_encoding_is_read_the_same_way() {
    let emulator = Emulator::start().await;
    let raw = Raw::new(&emulator);
    // As recorded from whylabs-client 0.4.0 (with a valid scope in place of `:admin`).
    let path = "/v0/organizations/org%201%2F2/api-key?scopes=%3Auser&scopes=%3Awrite_data\
                &alias=a+b%2Cc%26d%3D%C3%A9&user_id=user%2Bx%40y.com";
    let body = raw.admin(Method::POST, path).await.json();
    assert_eq!(body["orgId"], json!("org 1/2"));
    assert_eq!(body["userId"], json!("user+x@y.com"));
    assert_eq!(body["alias"], json!("a b,c&d=é"));
    assert_eq!(body["scopes"], json!([":user", ":write_data"]));

    let spaced = raw
        .admin(
            Method::POST,
            "/v0/organizations/o/api-key?user_id=u&alias=a%20b",
        )
        .await;
    assert_eq!(spaced.json()["alias"], json!("a b"));
}

#[tokio::test]
async fn comma_joined_scopes_are_one_unknown_scope() {
    let emulator = Emulator::start().await;
    let raw = Raw::new(&emulator);
    let path = "/v0/organizations/o/api-key?user_id=u&scopes=%3Auser%2C%3Awrite_data";
    let answer = raw.admin(Method::POST, path).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.json()["message"],
        json!("Invalid scope provided: :user,:write_data")
    );
}

#[tokio::test]
async fn every_known_scope_is_accepted() {
    let emulator = Emulator::start().await;
    let created = admin(&emulator)
        .create_key("org-123", "user-123")
        .scopes(Scope::KNOWN.iter().cloned())
        .await
        .unwrap();
    assert_eq!(created.key.scopes, Scope::KNOWN);
}

#[tokio::test]
async fn unknown_paths_are_404_and_wrong_methods_405() {
    let emulator = Emulator::start().await;
    let raw = Raw::new(&emulator);
    let cases = [
        (Method::GET, "/", StatusCode::NOT_FOUND),
        (
            Method::GET,
            "/v1/organizations/o/api-key",
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            "/v0/organizations/o/api-key/k/extra",
            StatusCode::NOT_FOUND,
        ),
        (
            Method::PUT,
            "/v0/organizations/o/api-key",
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            Method::DELETE,
            "/v0/organizations/o/api-key/k",
            StatusCode::METHOD_NOT_ALLOWED,
        ),
    ];
    for (method, path, status) in cases {
        let answer = raw.admin(method.clone(), path).await;
        assert_eq!(answer.status, status, "{method} {path}");
    }
    assert_eq!(emulator.requests_seen(), 5);
}

#[tokio::test]
async fn timestamps_are_utc_without_offset_in_milliseconds() {
    let emulator = Emulator::start().await;
    let raw = Raw::new(&emulator);
    let expiration = 4_102_444_800_120_i64; // 2100-01-01T00:00:00.12
    let path = format!("/v0/organizations/o/api-key?user_id=u&expiration_time={expiration}");
    let body = raw.admin(Method::POST, &path).await.json();
    assert_eq!(body["expirationTime"], json!("2100-01-01T00:00:00.12"));
    let created = body["creationTime"].as_str().unwrap();
    assert!(is_server_timestamp(created), "{created}");

    let whole = 4_102_444_800_000_i64;
    let path = format!("/v0/organizations/o/api-key?user_id=u&expiration_time={whole}");
    let body = raw.admin(Method::POST, &path).await.json();
    assert_eq!(body["expirationTime"], json!("2100-01-01T00:00:00"));
}

#[tokio::test]
async fn a_405_names_the_methods_of_its_path_in_allow() {
    let emulator = Emulator::start().await;
    let raw = Raw::new(&emulator);
    for (method, path, allow) in [
        (
            Method::PUT,
            "/v0/organizations/o/api-key",
            "GET, POST, DELETE",
        ),
        (Method::TRACE, "/v1/api-key", "GET, POST, DELETE"),
        (Method::POST, "/v1/api-key/validate", "GET"),
        (Method::PATCH, "/v0/organizations/o/api-key/k", "GET"),
    ] {
        let answer = raw.admin(method.clone(), path).await;
        assert_eq!(
            answer.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        assert_eq!(answer.header("allow"), Some(allow), "{method} {path}");
    }
}
