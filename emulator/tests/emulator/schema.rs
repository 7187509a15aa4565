//! Every kind of response the emulator writes, checked against its JSON Schema in
//! `openapi.yaml` (the schema its generated type is made from).

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use whylabs_api_keys_emulator::{Emulator, Fault};

use crate::support::{Answer, Raw, assert_conforms, validator};

const KEYS: &str = "/v0/organizations/org-123/api-key";

/// The responses of the operations that succeed, in the order the contract lists them.
async fn successes(raw: &Raw) -> Vec<(&'static str, Answer)> {
    let create =
        format!("{KEYS}?user_id=user-123&alias=a&scopes=%3Auser&expiration_time=4102444800123");
    let created = raw.admin(Method::POST, &create).await;
    let key_id = created.json()["keyId"].as_str().unwrap().to_string();
    // One authenticated call with the new key (validate takes any valid key), so
    // `lastUsedTime` is rendered too.
    let secret = created.json()["key"].as_str().unwrap().to_string();
    let validated = raw
        .send(Method::GET, "/v1/api-key/validate", Some(&secret))
        .await;
    assert_eq!(validated.status, StatusCode::OK);
    let revoke = format!("{KEYS}?user_id=user-123&key_id={key_id}");
    vec![
        ("create", created),
        (
            "get found",
            raw.admin(Method::GET, &format!("{KEYS}/{key_id}")).await,
        ),
        (
            "get unknown",
            raw.admin(Method::GET, &format!("{KEYS}/fh4dUNV3WQ")).await,
        ),
        ("list org", raw.admin(Method::GET, KEYS).await),
        (
            "list user",
            raw.admin(Method::GET, &format!("{KEYS}?user_id=user-123"))
                .await,
        ),
        ("revoke", raw.admin(Method::DELETE, &revoke).await),
        ("revoke again", raw.admin(Method::DELETE, &revoke).await),
    ]
}

#[tokio::test]
async fn successful_responses_match_their_schemas() {
    let emulator = Emulator::start().await;
    let raw = Raw::new(&emulator);
    let key = validator("UserApiKey");
    let lookup = validator("UserApiKeyResponse");
    let list = validator("ListUserApiKeys");
    for (what, answer) in successes(&raw).await {
        assert_eq!(answer.status, StatusCode::OK, "{what}");
        assert_eq!(
            answer.header("content-type"),
            Some("application/json"),
            "{what}"
        );
        let body = answer.json();
        let schema = match what {
            "create" | "revoke" | "revoke again" => &key,
            "get found" | "get unknown" => &lookup,
            _ => &list,
        };
        assert_conforms(schema, &body, what);
        assert_secret_only_in_create(what, &body);
    }
}

/// `key` is a field of the create response and of no other.
fn assert_secret_only_in_create(what: &str, body: &Value) {
    let keys: Vec<&Value> = match body {
        Value::Object(map) if map.contains_key("items") => {
            map["items"].as_array().unwrap().iter().collect()
        }
        Value::Object(map) if what.starts_with("get") => map.get("key").into_iter().collect(),
        other => vec![other],
    };
    for key in keys {
        assert_eq!(key.get("key").is_some(), what == "create", "{what}: {key}");
    }
}

#[tokio::test]
async fn the_rendered_key_carries_every_field_it_has() {
    let emulator = Emulator::start().await;
    let raw = Raw::new(&emulator);
    let answers = successes(&raw).await;
    let (_, found) = answers
        .iter()
        .find(|(what, _)| *what == "get found")
        .unwrap();
    let mut fields: Vec<String> = found.json()["key"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    fields.sort();
    let expected = [
        "alias",
        "creationTime",
        "expirationTime",
        "keyId",
        "lastUsedTime",
        "orgId",
        "revoked",
        "scopes",
        "userId",
    ];
    assert_eq!(fields, expected);
}

#[tokio::test]
async fn error_bodies_match_the_error_schema() {
    let emulator = Emulator::start().await;
    let raw = Raw::new(&emulator);
    let errors = validator("ErrorResponse");
    let mut answers = vec![
        raw.admin(Method::POST, &format!("{KEYS}?user_id=u&scopes=%3Aadmin"))
            .await,
        raw.admin(Method::POST, &format!("{KEYS}?user_id=u&expiration_time=1"))
            .await,
        raw.admin(
            Method::POST,
            &format!("{KEYS}?user_id=u&expiration_time=soon"),
        )
        .await,
        raw.admin(Method::POST, KEYS).await,
        raw.admin(
            Method::DELETE,
            &format!("{KEYS}?user_id=u&key_id=HMiFAgQeNb"),
        )
        .await,
    ];
    emulator.inject(Fault::status(500));
    answers.push(raw.admin(Method::GET, KEYS).await);

    let limited = Emulator::builder()
        .max_active_keys(0)
        .start()
        .await
        .unwrap();
    answers.push(
        Raw::new(&limited)
            .admin(Method::POST, &format!("{KEYS}?user_id=u"))
            .await,
    );

    let statuses: Vec<u16> = answers.iter().map(|a| a.status.as_u16()).collect();
    assert_eq!(statuses, [400, 400, 400, 400, 404, 500, 400]);
    for answer in &answers {
        assert_eq!(answer.header("content-type"), Some("application/json"));
        assert_conforms(&errors, &answer.json(), &answer.body);
    }
}

/// The validators have teeth: they refuse what the server never sends.
#[test]
fn the_validators_refuse_bodies_the_server_never_sends() {
    let key = validator("UserApiKey");
    let good = json!({
        "keyId": "fh4dUNV3WQ", "orgId": "o", "userId": "u",
        "creationTime": "2024-01-02T03:04:05.678",
        "key": format!("fh4dUNV3WQ.{}:o", "a".repeat(53)),
    });
    assert!(key.is_valid(&good));
    let bad = [
        ("creationTime", json!("2024-01-02T03:04:05.678Z")),
        ("creationTime", json!("2024-01-02T03:04:05.6780")),
        ("creationTime", json!("2024-01-02 03:04:05")),
        ("expirationTime", json!("2024-01-02T03:04:05+02:00")),
        ("key", json!("fh4dUNV3WQ.short:o")),
        ("key", json!(format!("fh4dUNV3WQ.{}", "a".repeat(53)))),
        ("scopes", json!(":user")),
        ("unknownField", json!(1)),
    ];
    for (field, value) in bad {
        let mut body = good.clone();
        body[field] = value;
        assert!(!key.is_valid(&body), "{body}");
    }
    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("keyId");
    assert!(!key.is_valid(&missing));
    let errors = validator("ErrorResponse");
    assert!(
        !errors.is_valid(&json!({"message": "m", "type": "Internal"})),
        "requestId is required"
    );
}
