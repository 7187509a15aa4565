//! Decoding of real-shaped responses: every field, omitted and null fields, `{}`, extra
//! fields, revoked keys and every timestamp shape the server sends.

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Value, json};
use whylabs_api_keys::{Client, Error, Reconciliation, Scope};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{self, API_KEY, client, full_key, minimal_key, server_json};

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

#[tokio::test]
async fn a_full_key_decodes_into_every_field() {
    let server = server_json(json!({ "key": full_key() })).await;
    let key = client(&server)
        .get_key("org-123", "fh4dUNV3WQ")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(key.key_id, "fh4dUNV3WQ");
    assert_eq!(key.org_id, "org-123");
    assert_eq!(key.user_id, "user-123");
    assert_eq!(key.alias.as_deref(), Some("MLApplicationName"));
    assert_eq!(key.scopes, vec![Scope::User, Scope::WriteData]);
    assert!(!key.revoked);
    assert_eq!(key.creation_time, utc("2024-01-02T03:04:05.678Z"));
    assert_eq!(key.expiration_time, Some(utc("2030-01-01T00:00:00Z")));
    assert_eq!(key.last_used_time, Some(utc("2024-02-03T04:05:06.7Z")));
    assert_eq!(key.resource_id.as_deref(), Some("model-1"));
}

#[tokio::test]
async fn omitted_optional_fields_decode_to_defaults() {
    let server = server_json(json!({ "items": [minimal_key()] })).await;
    let keys = client(&server).list_keys("org-123").send().await.unwrap();
    let key = &keys[0];
    assert_eq!(
        (key.alias.as_ref(), key.scopes.len(), key.revoked),
        (None, 0, false)
    );
    assert_eq!(key.expiration_time, None);
    assert_eq!(key.last_used_time, None);
    assert_eq!(key.resource_id, None);
    assert_eq!(key.creation_time, utc("2024-01-02T03:04:05Z"));
}

#[tokio::test]
async fn explicit_nulls_are_tolerated_like_omissions() {
    let mut key = minimal_key();
    for field in [
        "expirationTime",
        "lastUsedTime",
        "scopes",
        "resourceId",
        "alias",
        "revoked",
    ] {
        key[field] = serde_json::Value::Null;
    }
    let server = server_json(json!({ "items": [key] })).await;
    let keys = client(&server).list_keys("org-123").send().await.unwrap();
    assert_eq!(keys[0].expiration_time, None);
    assert!(keys[0].scopes.is_empty());
    assert!(!keys[0].revoked);
}

#[tokio::test]
async fn an_empty_object_from_get_means_unknown_key() {
    let server = server_json(json!({})).await;
    let found = client(&server).get_key("org-123", "nope").await.unwrap();
    assert_eq!(found, None);
}

#[tokio::test]
async fn unknown_extra_fields_are_ignored() {
    let mut key = full_key();
    key["someFutureField"] = json!({"nested": [1, 2]});
    let server = server_json(json!({ "key": key, "pagination": null })).await;
    let found = client(&server)
        .get_key("org-123", "fh4dUNV3WQ")
        .await
        .unwrap();
    assert_eq!(found.unwrap().key_id, "fh4dUNV3WQ");
}

#[tokio::test]
async fn revoked_keys_and_empty_aliases_decode() {
    let mut key = minimal_key();
    key["revoked"] = json!(true);
    key["alias"] = json!("");
    key["scopes"] = json!([":administrator", ":not_known_yet"]);
    let server = server_json(key).await;
    let revoked = client(&server)
        .revoke_key("org-123", "user-123", "fh4dUNV3WQ")
        .await
        .unwrap();
    assert!(revoked.revoked);
    assert_eq!(revoked.alias, None, "the server's empty alias means none");
    assert_eq!(
        revoked.scopes,
        vec![Scope::Administrator, Scope::Other(":not_known_yet".into())]
    );
    assert!(!revoked.is_active_at(Utc::now()));
}

#[tokio::test]
async fn every_timestamp_shape_decodes_to_the_same_instant_rules() {
    let cases = [
        (
            "2024-01-02T03:04:05",
            Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap(),
        ),
        ("2024-01-02T03:04:05.6", utc("2024-01-02T03:04:05.6Z")),
        ("2024-01-02T03:04:05.678", utc("2024-01-02T03:04:05.678Z")),
        (
            "2024-01-02T03:04:05.678123456",
            utc("2024-01-02T03:04:05.678123456Z"),
        ),
        ("2024-01-02T03:04:05.678Z", utc("2024-01-02T03:04:05.678Z")),
        (
            "2024-01-02T05:04:05.678+02:00",
            utc("2024-01-02T03:04:05.678Z"),
        ),
        ("2024-01-01T22:04:05-05:00", utc("2024-01-02T03:04:05Z")),
    ];
    for (wire, expected) in cases {
        let mut key = minimal_key();
        key["creationTime"] = json!(wire);
        let server = server_json(json!({ "key": key })).await;
        let found = client(&server)
            .get_key("org-123", "fh4dUNV3WQ")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.creation_time, expected, "{wire}");
    }
}

#[tokio::test]
async fn the_created_key_carries_its_secret_and_hides_it_in_debug() {
    let secret = "fh4dUNV3WQ.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0:org-123";
    let mut key = full_key();
    key["key"] = json!(secret);
    let server = server_json(key).await;
    let created = client(&server)
        .create_key("org-123", "user-123")
        .send()
        .await
        .unwrap();
    assert_eq!(created.secret().expose_secret(), secret);
    assert_eq!(created.secret().to_string(), "fh4dUNV3WQ.****");
    assert!(!format!("{created:?}").contains("abcdefghij"));
    assert_eq!(created.key.key_id, "fh4dUNV3WQ");
}

/// A large list arrives in many chunks; it is read whole, in order, without losing a key.
#[tokio::test]
async fn a_list_of_thousands_of_keys_is_read_whole() {
    let items: Vec<_> = (0..3_000)
        .map(|i| {
            let mut key = full_key();
            key["keyId"] = json!(format!("key-{i:05}"));
            key
        })
        .collect();
    let server = server_json(json!({ "items": items })).await;
    let keys = client(&server).list_keys("org-123").send().await.unwrap();
    assert_eq!(keys.len(), 3_000);
    assert!(
        keys.iter()
            .enumerate()
            .all(|(i, key)| key.key_id == format!("key-{i:05}"))
    );
}

const SECRET: &str = "fh4dUNV3WQ.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0:org-123";

/// A server answering lists with `lists` in turn (the last one for good), creates with
/// `create`, and revokes with the key revoked.
async fn scripted(lists: &[Value], create: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    for (i, list) in lists.iter().enumerate() {
        let answer = ResponseTemplate::new(200).set_body_json(list);
        let mock = Mock::given(method("GET")).respond_with(answer);
        let mock = if i + 1 < lists.len() {
            mock.up_to_n_times(1)
        } else {
            mock
        };
        mock.mount(&server).await;
    }
    Mock::given(method("POST"))
        .respond_with(create)
        .mount(&server)
        .await;
    let mut revoked = minimal_key();
    revoked["revoked"] = json!(true);
    let revoke = ResponseTemplate::new(200).set_body_json(revoked);
    Mock::given(method("DELETE"))
        .respond_with(revoke)
        .mount(&server)
        .await;
    server
}

/// A client with the default settings (create reconciliation on), without retries.
fn reconciling(server: &MockServer) -> Client {
    let retry = whylabs_api_keys::RetryConfig::disabled();
    let builder = Client::builder().base_url(server.uri()).api_key(API_KEY);
    builder.retry(retry).build().unwrap()
}

#[tokio::test]
async fn a_created_key_under_an_undeclared_2xx_is_returned_with_its_secret() {
    let mut key = full_key();
    key["key"] = json!(SECRET);
    for status in [201, 202, 203, 299] {
        let create = ResponseTemplate::new(status).set_body_json(&key);
        let server = scripted(&[json!({"items": []})], create).await;
        let created = reconciling(&server)
            .create_key("org-123", "user-123")
            .await
            .unwrap_or_else(|e| panic!("{status}: {e:?}"));
        assert_eq!(created.secret().expose_secret(), SECRET, "{status}");
        assert_eq!(created.key.key_id, "fh4dUNV3WQ");
    }
    // Every operation: a 2xx carrying what the declared 200 carries is that answer.
    let server = server_answering_with(201, json!({"items": [full_key()]})).await;
    assert_eq!(client(&server).list_keys("org-123").await.unwrap().len(), 1);
    let server = server_answering_with(202, json!({"key": full_key()})).await;
    let found = client(&server).get_key("org-123", "fh4dUNV3WQ").await;
    assert!(found.unwrap().is_some());
    let revoked_key = common::revoked_key("org-123", "user-123", "fh4dUNV3WQ");
    let server = server_answering_with(206, revoked_key).await;
    let revoked = client(&server)
        .revoke_key("org-123", "user-123", "fh4dUNV3WQ")
        .await;
    assert_eq!(revoked.unwrap().key_id, "fh4dUNV3WQ");
}

async fn server_answering_with(status: u16, body: Value) -> MockServer {
    common::server_answering(ResponseTemplate::new(status).set_body_json(body)).await
}

#[tokio::test]
async fn an_undeclared_2xx_without_a_key_is_a_decode_error_and_the_create_is_reconciled() {
    // The create answers 201 with a body that is no key; the key it made shows up in the list.
    let create = ResponseTemplate::new(201).set_body_string("<html>Created</html>");
    let mut key = minimal_key();
    key["scopes"] = json!([":user"]); // what the facade asks for when no scope is named
    let server = scripted(&[], create).await;
    // Made a moment before the list, on the server's clock (wiremock's `Date` is the real time).
    let made = move |_: &wiremock::Request| {
        let at = chrono::Utc::now() - chrono::TimeDelta::milliseconds(50);
        let mut key = key.clone();
        key["creationTime"] = json!(at.format("%Y-%m-%dT%H:%M:%S%.3f").to_string());
        ResponseTemplate::new(200).set_body_json(json!({ "items": [key] }))
    };
    Mock::given(method("GET"))
        .respond_with(made)
        .mount(&server)
        .await;
    let error = reconciling(&server)
        .create_key("org-123", "user-123")
        .await
        .unwrap_err();
    let (cause, reconciliation) = common::outcome_unknown(&error);
    assert!(matches!(cause, Error::Decode { .. }), "{cause:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(201));
    let Reconciliation::OrphanRevoked { key_id } = reconciliation else {
        panic!("expected OrphanRevoked, got {reconciliation:?}");
    };
    assert_eq!(key_id, "fh4dUNV3WQ");
    let revokes = server.received_requests().await.unwrap();
    let revoke = revokes
        .iter()
        .find(|r| r.method.as_str() == "DELETE")
        .unwrap();
    assert!(revoke.url.query().unwrap().contains("key_id=fh4dUNV3WQ"));
}
