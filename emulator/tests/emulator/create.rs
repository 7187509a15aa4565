//! Create: the secret, the stored values, and every 400 the server answers.

use std::time::Duration;

use chrono::{TimeDelta, Utc};
use reqwest::{Method, StatusCode};
use serde_json::json;
use whylabs_api_keys::generated::Error as GeneratedError;
use whylabs_api_keys::{Error, Scope};
use whylabs_api_keys_emulator::Emulator;

use crate::support::{Answer, ORG, Raw, USER, admin, api_error, is_secret_shape};

/// `POST` of a key for user-123 in org-123 with no alias, scopes or expiration, as the admin.
async fn create_with_defaults(raw: &Raw) -> Answer {
    raw.admin(
        Method::POST,
        "/v0/organizations/org-123/api-key?user_id=user-123",
    )
    .await
}

#[tokio::test]
async fn the_secret_has_the_whylabs_shape_and_is_only_in_the_create_response() {
    let emulator = Emulator::start().await;
    let raw = Raw::new(&emulator);
    let answer = create_with_defaults(&raw).await;
    assert_eq!(answer.status, StatusCode::OK);
    let created = answer.json();
    let secret = created["key"].as_str().unwrap();
    let key_id = created["keyId"].as_str().unwrap();
    assert!(is_secret_shape(secret), "{secret}");
    assert!(secret.starts_with(&format!("{key_id}.")), "{secret}");
    assert!(secret.ends_with(":org-123"), "{secret}");

    let (_, secret_part) = secret.split_once('.').unwrap();
    let (secret_part, _) = secret_part.split_once(':').unwrap();
    let others = [
        raw.admin(
            Method::GET,
            &format!("/v0/organizations/org-123/api-key/{key_id}"),
        )
        .await,
        raw.admin(Method::GET, "/v0/organizations/org-123/api-key")
            .await,
        raw.admin(
            Method::GET,
            "/v0/organizations/org-123/api-key?user_id=user-123",
        )
        .await,
        raw.admin(
            Method::DELETE,
            &format!("/v0/organizations/org-123/api-key?user_id=user-123&key_id={key_id}"),
        )
        .await,
    ];
    for answer in others {
        assert_eq!(answer.status, StatusCode::OK);
        assert!(!answer.body.contains(secret_part), "{}", answer.body);
        assert!(!answer.body.contains("\"key\":\""), "{}", answer.body);
    }
}

#[tokio::test]
async fn alias_scopes_and_expiration_are_stored_as_given() {
    let emulator = Emulator::start().await;
    let expires = Utc::now() + TimeDelta::days(30);
    let created = admin(&emulator)
        .create_key(ORG, USER)
        .alias("MLApplicationName")
        .scopes([Scope::WriteData, Scope::User, Scope::WriteData])
        .expires_at(expires)
        .await
        .unwrap();
    let key = &created.key;
    assert_eq!(key.key_id.len(), 10);
    assert!(key.key_id.bytes().all(|b| b.is_ascii_alphanumeric()));
    assert_eq!((key.org_id.as_str(), key.user_id.as_str()), (ORG, USER));
    assert_eq!(key.alias.as_deref(), Some("MLApplicationName"));
    assert_eq!(
        key.scopes,
        [Scope::WriteData, Scope::User],
        "scopes are a set"
    );
    assert_eq!(
        key.expiration_time.map(|t| t.timestamp_millis()),
        Some(expires.timestamp_millis())
    );
    assert!(!key.revoked);
    assert_eq!(key.last_used_time, None);
    assert!((Utc::now() - key.creation_time).abs() < TimeDelta::seconds(5));
    assert_eq!(
        key.creation_time.timestamp_subsec_nanos() % 1_000_000,
        0,
        "milliseconds"
    );

    let fetched = admin(&emulator).get_key(ORG, &key.key_id).await.unwrap();
    assert_eq!(fetched.as_ref(), Some(key));
}

#[tokio::test]
async fn a_key_without_alias_scopes_or_expiration_gets_the_server_defaults() {
    let emulator = Emulator::start().await;
    let raw = Raw::new(&emulator);
    let answer = create_with_defaults(&raw).await;
    let body = answer.json();
    assert_eq!(body["alias"], json!(""));
    // No default scope: the server stores none and renders no `scopes` field.
    assert_eq!(body.get("scopes"), None);
    assert_eq!(body["revoked"], json!(false));
    assert_eq!(body.get("expirationTime"), None);
    assert_eq!(body.get("lastUsedTime"), None);
    assert_eq!(body.get("resourceId"), None);

    // The facade asks for `:user` when no scope is named (the contract's advice), and an
    // explicitly empty list sends none.
    let key = admin(&emulator).create_key(ORG, USER).await.unwrap().key;
    assert_eq!(
        (key.alias, key.scopes, key.expiration_time),
        (None, vec![Scope::User], None)
    );
    let none: [Scope; 0] = [];
    let key = admin(&emulator)
        .create_key(ORG, USER)
        .scopes(none)
        .await
        .unwrap()
        .key;
    assert_eq!(key.scopes, []);
}

#[tokio::test]
async fn an_unknown_scope_is_400_invalid_scope_provided() {
    let emulator = Emulator::start().await;
    let client = admin(&emulator);
    for scope in [":admin", "user", ""] {
        let error = client
            .create_key(ORG, USER)
            .scopes([Scope::User, Scope::from(scope)])
            .await
            .unwrap_err();
        let api = api_error(&error);
        assert_eq!(api.status(), StatusCode::BAD_REQUEST);
        assert_eq!(
            api.message(),
            Some(format!("Invalid scope provided: {scope}").as_str())
        );
        assert_eq!(api.error_type(), Some("IllegalArgument"));
        assert_eq!(api.parameter(), None);
        assert!(!api.request_id().unwrap_or_default().is_empty());
    }
    assert!(
        client.list_keys(ORG).await.unwrap().is_empty(),
        "nothing was created"
    );
}

#[tokio::test]
async fn an_expiration_not_more_than_60_s_ahead_is_400_invalid_expiration_time() {
    let emulator = Emulator::start().await;
    let client = admin(&emulator);
    let now = Utc::now().timestamp_millis();
    // The facade refuses these before sending; the generated client sends them as they are.
    for expiration in [now - 3_600_000, now, now + 30_000, now + 59_000] {
        let sent = client
            .generated()
            .create_api_key()
            .org_id(ORG)
            .user_id(USER)
            .expiration_time(expiration)
            .send()
            .await;
        let Err(GeneratedError::ErrorResponse(answer)) = sent else {
            panic!("{expiration}: expected an error body, got {sent:?}");
        };
        assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
        assert_eq!(answer.message, "Invalid expiration time");
        assert_eq!(answer.type_, "IllegalArgument");
    }
    let fine = client
        .create_key(ORG, USER)
        .expires_in(Duration::from_secs(90))
        .await;
    assert!(fine.is_ok(), "{fine:?}");
}

#[tokio::test]
async fn the_26th_non_revoked_key_of_an_org_is_400_key_limit_reached() {
    let emulator = Emulator::start().await;
    let client = emulator.client();
    let mut first = None;
    for n in 0..25 {
        let created = client.create_key(ORG, format!("user-{n}")).await.unwrap();
        first.get_or_insert(created.key);
    }
    let error = client.create_key(ORG, USER).await.unwrap_err();
    assert_key_limit(&error);
    client
        .create_key("org-other", USER)
        .await
        .expect("other orgs have their own limit");

    let first = first.unwrap();
    client
        .revoke_key(ORG, &first.user_id, &first.key_id)
        .await
        .unwrap();
    client
        .create_key(ORG, USER)
        .await
        .expect("a revoked key frees a slot");
}

#[tokio::test]
async fn the_key_limit_is_configurable() {
    let emulator = Emulator::builder()
        .max_active_keys(2)
        .start()
        .await
        .unwrap();
    let client = emulator.client();
    client.create_key(ORG, USER).await.unwrap();
    client.create_key(ORG, USER).await.unwrap();
    assert_key_limit(&client.create_key(ORG, USER).await.unwrap_err());
}

fn assert_key_limit(error: &Error) {
    let api = api_error(error);
    assert_eq!(api.status(), StatusCode::BAD_REQUEST);
    assert_eq!(api.message(), Some("Key limit reached"));
    assert_eq!(api.error_type(), Some("IllegalArgument"));
}

#[tokio::test]
async fn a_missing_or_unreadable_parameter_is_400_naming_it() {
    let emulator = Emulator::start().await;
    let raw = Raw::new(&emulator);
    let cases = [
        (
            Method::POST,
            "/v0/organizations/o/api-key",
            "user_id",
            "Required parameter user_id is not specified",
        ),
        (
            Method::POST,
            "/v0/organizations/o/api-key?user_id=+",
            "user_id",
            "Required parameter user_id is not specified",
        ),
        (
            Method::POST,
            "/v0/organizations/o/api-key?user_id=u&expiration_time=tomorrow",
            "expiration_time",
            "Invalid value for parameter expiration_time: tomorrow",
        ),
        (
            Method::DELETE,
            "/v0/organizations/o/api-key?key_id=k",
            "user_id",
            "Required parameter user_id is not specified",
        ),
        (
            Method::DELETE,
            "/v0/organizations/o/api-key?user_id=u",
            "key_id",
            "Required parameter key_id is not specified",
        ),
    ];
    for (method, path, parameter, message) in cases {
        let answer = raw.admin(method, path).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{path}");
        let body = answer.json();
        assert_eq!(body["parameter"], json!(parameter), "{path}");
        assert_eq!(body["message"], json!(message), "{path}");
        assert_eq!(body["type"], json!("IllegalArgument"), "{path}");
    }
}

#[tokio::test]
async fn request_ids_repeat_x_request_id_or_are_fresh_uuids() {
    let emulator = Emulator::start().await;
    let raw = Raw::new(&emulator);
    let path = "/v0/organizations/o/api-key?user_id=u&scopes=%3Aadmin";
    let key = emulator.admin_key().expose_secret();
    let given = raw
        .send_with(
            Method::POST,
            path,
            Some(key),
            &[("x-request-id", "trace-42")],
        )
        .await;
    assert_eq!(given.json()["requestId"], json!("trace-42"));
    assert_eq!(given.header("x-request-id"), Some("trace-42"));

    let fresh = raw.admin(Method::POST, path).await;
    let id = fresh.json()["requestId"].as_str().unwrap().to_string();
    assert_eq!(fresh.header("x-request-id"), Some(id.as_str()));
    let groups: Vec<usize> = id.split('-').map(str::len).collect();
    assert_eq!(groups, [8, 4, 4, 4, 12], "{id}");
    assert!(
        id.bytes().all(|b| b == b'-' || b.is_ascii_hexdigit()),
        "{id}"
    );
}
