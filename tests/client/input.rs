//! Invalid input is rejected before anything is sent, with an error naming the field.

use std::time::Duration;

use chrono::{TimeDelta, Utc};
use whylabs_api_keys::{Client, Error};
use wiremock::ResponseTemplate;

use crate::common::{client, request_count, server_answering};

fn field_of(error: Error) -> &'static str {
    match error {
        Error::InvalidInput { field, .. } => field,
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[tokio::test]
async fn blank_or_path_escaping_ids_never_reach_the_server() {
    let server = server_answering(ResponseTemplate::new(200)).await;
    let client = client(&server);
    for bad in ["", "   ", ".", "..", "a\\b", "a\nb"] {
        assert_eq!(
            field_of(client.get_key(bad, "k").await.unwrap_err()),
            "org_id"
        );
        assert_eq!(
            field_of(client.get_key("o", bad).await.unwrap_err()),
            "key_id"
        );
        assert_eq!(
            field_of(client.revoke_key("o", bad, "k").await.unwrap_err()),
            "user_id"
        );
        assert_eq!(
            field_of(client.create_key("o", bad).send().await.unwrap_err()),
            "user_id"
        );
        assert_eq!(
            field_of(client.list_keys(bad).send().await.unwrap_err()),
            "org_id"
        );
        assert_eq!(
            field_of(client.list_keys("o").user(bad).send().await.unwrap_err()),
            "user_id"
        );
    }
    assert_eq!(request_count(&server).await, 0);
}

#[tokio::test]
async fn expirations_in_the_past_or_within_a_minute_never_reach_the_server() {
    let server = server_answering(ResponseTemplate::new(200)).await;
    let client = client(&server);
    let past = client
        .create_key("o", "u")
        .expires_at(Utc::now() - TimeDelta::days(1));
    assert_eq!(field_of(past.send().await.unwrap_err()), "expiration");
    let soon = client
        .create_key("o", "u")
        .expires_in(Duration::from_secs(30));
    assert_eq!(field_of(soon.send().await.unwrap_err()), "expiration");
    let huge = client.create_key("o", "u").expires_in(Duration::MAX);
    assert_eq!(field_of(huge.send().await.unwrap_err()), "expiration");
    assert_eq!(request_count(&server).await, 0);
}

#[test]
fn an_api_key_that_cannot_be_a_header_is_rejected_at_build() {
    for bad in ["line\nbreak", "", "  "] {
        let error = Client::builder().api_key(bad).build().unwrap_err();
        assert_eq!(field_of(error), "api_key", "{bad:?}");
    }
    let error = Client::builder().build().unwrap_err();
    assert!(
        matches!(
            error,
            Error::Config {
                name: "api_key",
                ..
            }
        ),
        "{error:?}"
    );
}
