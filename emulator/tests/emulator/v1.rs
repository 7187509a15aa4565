//! The v1 self-service API: generate, delete, list metadata and validate, with the server's
//! own errors and the schemas of the spec.

use chrono::Utc;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use whylabs_api_keys::Scope;
use whylabs_api_keys_emulator::Emulator;

use crate::support::{ORG, Raw, assert_conforms, is_secret_shape, validator};

const V1: &str = "/v1/api-key";

/// An emulator with `ORG` on a paid tier, and the key of its administrator alice.
async fn paid() -> (Emulator, Raw, String) {
    let emulator = Emulator::builder().paid_org(ORG).start().await.unwrap();
    let raw = Raw::new(&emulator);
    let key = emulator.issue_key(ORG, "alice", [Scope::Administrator]);
    (emulator, raw, key.expose_secret().to_string())
}

#[tokio::test]
async fn generate_makes_a_key_of_the_caller_with_its_secret() {
    let (_emulator, raw, alice) = paid().await;
    let path = format!(
        "{V1}?expiration_time=4102444800000&scopes=%3Auser&scopes=%3Awrite_data\
         &resource_id=model-1&alias=MLApplicationName"
    );
    let answer = raw.send(Method::POST, &path, Some(&alice)).await;
    assert_eq!(answer.status, StatusCode::OK);
    let body = answer.json();
    assert_conforms(&validator("UserApiKey"), &body, "generate");
    assert!(is_secret_shape(body["key"].as_str().unwrap()));
    assert_eq!(body["userId"], "alice");
    assert_eq!(body["orgId"], ORG);
    assert_eq!(body["scopes"], json!([":user", ":write_data"]));
    assert_eq!(body["resourceId"], "model-1");
    assert_eq!(body["expirationTime"], "2100-01-01T00:00:00");

    let bare = raw.send(Method::POST, V1, Some(&alice)).await.json();
    assert_eq!(bare.get("scopes"), None, "no default scope");
    let secret = bare["key"].as_str().unwrap();
    let validated = raw
        .send(Method::GET, "/v1/api-key/validate", Some(secret))
        .await;
    assert_eq!(validated.status, StatusCode::OK, "the new key works");
}

#[tokio::test]
async fn generate_answers_the_servers_400s() {
    let (_emulator, raw, alice) = paid().await;
    let soon = Utc::now().timestamp_millis() + 30_000;
    let cases = [
        (
            "scopes=%3Awhylabs_system".to_string(),
            "Invalid scope provided: :whylabs_system",
        ),
        (
            "scopes=%3Awhylabs_administrator".into(),
            "Invalid scope provided: :whylabs_administrator",
        ),
        ("scopes=%3Aadmin".into(), "Invalid scope provided: :admin"),
        (format!("expiration_time={soon}"), "Invalid expiration time"),
    ];
    for (query, message) in cases {
        let answer = raw
            .send(Method::POST, &format!("{V1}?{query}"), Some(&alice))
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(answer.json()["message"], message);
        assert_eq!(answer.json()["type"], "IllegalArgument");
        assert_conforms(&validator("ErrorResponse"), &answer.json(), &query);
    }
}

#[tokio::test]
async fn generate_in_a_free_organization_is_refused_and_has_no_key_limit_when_paid() {
    let emulator = Emulator::builder()
        .paid_org("org-paid")
        .start()
        .await
        .unwrap();
    let raw = Raw::new(&emulator);
    let free = emulator.issue_key("org-free", "alice", [Scope::Administrator]);
    let answer = raw.send(Method::POST, V1, Some(free.expose_secret())).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.json()["message"],
        "Cannot create API keys for this organization. Please contact us to enable this feature."
    );
    let paid = emulator.issue_key("org-paid", "alice", [Scope::Administrator]);
    for n in 0..30 {
        let answer = raw.send(Method::POST, V1, Some(paid.expose_secret())).await;
        assert_eq!(answer.status, StatusCode::OK, "key {n}");
    }
}

#[tokio::test]
async fn delete_revokes_only_the_callers_own_keys() {
    let (emulator, raw, alice) = paid().await;
    let bob = emulator.issue_key(ORG, "bob", [Scope::Administrator]);
    let own = raw.send(Method::POST, V1, Some(&alice)).await.json();
    let id = own["keyId"].as_str().unwrap();
    let delete = format!("{V1}?key_id={id}");

    let by_bob = raw
        .send(Method::DELETE, &delete, Some(bob.expose_secret()))
        .await;
    assert_eq!(by_bob.status, StatusCode::NOT_FOUND);
    let message = format!("Resource ApiKey with ID {id} not found.");
    assert_eq!(by_bob.json()["message"], message.as_str());
    assert_eq!(by_bob.json()["type"], "ResourceNotFound");

    for _ in 0..2 {
        let deleted = raw.send(Method::DELETE, &delete, Some(&alice)).await;
        assert_eq!(deleted.status, StatusCode::OK);
        assert_eq!(deleted.json()["revoked"], true);
        assert_conforms(&validator("UserApiKey"), &deleted.json(), "delete");
    }
    let secret = own["key"].as_str().unwrap();
    let gone = raw
        .send(Method::GET, "/v1/api-key/validate", Some(secret))
        .await;
    assert_eq!(gone.status, StatusCode::UNAUTHORIZED);
    let missing = raw.send(Method::DELETE, V1, Some(&alice)).await;
    assert_eq!(missing.json()["parameter"], "key_id");
}

#[tokio::test]
async fn list_metadata_shows_the_organizations_active_keys_without_user_or_times() {
    let (emulator, raw, alice) = paid().await;
    let first = raw
        .send(
            Method::POST,
            &format!("{V1}?scopes=%3Awrite_data&alias=a&expiration_time=4102444800000"),
            Some(&alice),
        )
        .await
        .json();
    let second = raw.send(Method::POST, V1, Some(&alice)).await.json();
    let id = second["keyId"].as_str().unwrap();
    raw.send(Method::DELETE, &format!("{V1}?key_id={id}"), Some(&alice))
        .await;
    emulator.issue_key("org-other", "carol", [Scope::Administrator]);

    let answer = raw.send(Method::GET, V1, Some(&alice)).await;
    assert_eq!(answer.status, StatusCode::OK);
    let body = answer.json();
    assert_conforms(&validator("ListApiKeyMetadata"), &body, "list metadata");
    let ids: Vec<&Value> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| &k["keyId"])
        .collect();
    // alice's own (issued) key, then the first generated one; the deleted one is gone.
    assert_eq!(ids.len(), 2, "{body}");
    assert_eq!(ids[1], &first["keyId"]);
    assert_eq!(
        body["items"][1],
        json!({
            "keyId": first["keyId"], "orgId": ORG, "alias": "a",
            "expirationTime": "2100-01-01T00:00:00", "scopes": [":write_data"],
        })
    );
}

#[tokio::test]
async fn validate_repeats_the_request_id() {
    let (_emulator, raw, alice) = paid().await;
    let headers = [("x-request-id", "trace-7")];
    let answer = raw
        .send_with(Method::GET, "/v1/api-key/validate", Some(&alice), &headers)
        .await;
    assert_eq!(answer.json(), json!({"requestId": "trace-7"}));
    assert_conforms(
        &validator("ValidateApiKeyResponse"),
        &answer.json(),
        "validate",
    );
}
