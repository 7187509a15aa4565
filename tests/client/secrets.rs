//! Secrets never leak: not in Debug or Display of any public type or error (source chains
//! included), not to another origin through a redirect (tracing output: tests/tracing.rs).

use serde_json::json;
use whylabs_api_keys::{ApiKey, ApiKeySecret, Client, Error, Reconciliation};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common;
use crate::common::leaks::{
    API_KEY, CREATED, assert_clean, client, created_body, error_chain_text,
};

#[tokio::test]
async fn debug_and_display_of_public_types_hide_secrets() {
    let server = common::server_json(created_body()).await;
    let builder = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .reconcile_creates(false);
    let client = builder.clone().build().unwrap();
    let created = client.create_key("o", "u").send().await.unwrap();
    assert_eq!(
        created.secret().expose_secret(),
        CREATED,
        "the secret itself is intact"
    );
    let old: ApiKey = created.key.clone();
    let generated: whylabs_api_keys::generated::types::UserApiKey =
        serde_json::from_value(created_body()).unwrap();
    let secret = ApiKeySecret::from(CREATED);
    let shown = [
        format!("{builder:?}"),
        format!("{client:?}"),
        format!("{:?}", client.generated()),
        format!("{:?}", client.create_key("o", "u").alias("a")),
        format!("{:?}", client.list_keys("o")),
        format!("{:?}", client.rotate_key(&old)),
        format!("{created:?}"),
        format!("{secret} {secret:?}"),
        format!("{generated:?}"),
    ];
    for (i, text) in shown.iter().enumerate() {
        assert_clean(&format!("public type #{i}"), text);
    }
}

#[tokio::test]
async fn every_error_kind_hides_secrets_through_its_source_chain() {
    let echo = format!("<html>key {API_KEY} and {CREATED}</html>");
    let mut errors = Vec::new();
    for response in [
        ResponseTemplate::new(500).set_body_string(echo.clone()),
        ResponseTemplate::new(401).set_body_string(echo.clone()),
        ResponseTemplate::new(200).set_body_string(echo.clone()),
        ResponseTemplate::new(200).set_body_json(json!({"key": CREATED, "keyId": 1})),
    ] {
        let server = common::server_answering(response).await;
        errors.push(
            client(&server.uri())
                .create_key("o", "u")
                .send()
                .await
                .unwrap_err(),
        );
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    errors.push(
        client(&format!("http://127.0.0.1:{port}"))
            .get_key("o", "k")
            .await
            .unwrap_err(),
    );
    errors.push(
        Client::builder()
            .api_key(format!("{API_KEY}\n"))
            .build()
            .unwrap_err(),
    );

    // A rotation whose revoke fails carries the new key and its secret.
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(created_body()))
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500).set_body_string(echo.clone()))
        .mount(&server)
        .await;
    let old = client(&server.uri())
        .create_key("o", "u")
        .send()
        .await
        .unwrap()
        .key;
    let rotation = client(&server.uri())
        .rotate_key(&old)
        .send()
        .await
        .unwrap_err();
    match &rotation {
        Error::RotationIncomplete { new_key, .. } => {
            assert_eq!(new_key.secret().expose_secret(), CREATED)
        }
        other => panic!("{other:?}"),
    }
    errors.push(rotation);

    // A create whose outcome is unknown, and whose reconciliation fails: both echo the secrets.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500).set_body_string(echo))
        .mount(&server)
        .await;
    let reconciling = Client::builder().api_key(API_KEY).base_url(server.uri());
    let retry = whylabs_api_keys::RetryConfig::disabled();
    let unknown = reconciling
        .retry(retry)
        .build()
        .unwrap()
        .create_key("o", "u")
        .await;
    let unknown = unknown.unwrap_err();
    assert!(
        matches!(
            unknown.reconciliation(),
            Some(Reconciliation::Failed { .. })
        ),
        "{unknown:?}"
    );
    errors.push(unknown);

    for error in &errors {
        assert_clean("error", &error_chain_text(error));
    }
}

#[tokio::test]
async fn redirects_to_another_origin_are_not_followed_with_the_key() {
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&elsewhere)
        .await;
    for status in [301, 302, 307, 308] {
        let location = format!("{}/v0/organizations/o/api-key/k", elsewhere.uri());
        let redirecting = common::server_answering(
            ResponseTemplate::new(status).insert_header("Location", location.as_str()),
        )
        .await;
        let error = client(&redirecting.uri())
            .get_key("o", "k")
            .await
            .unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
    }
    assert_eq!(
        common::request_count(&elsewhere).await,
        0,
        "the other origin never saw the key"
    );
}
