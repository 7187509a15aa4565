//! The exact requests the facade sends, compared with the real Python client's recordings
//! (tests/fixtures/python-whylabs-client-0.4.0.jsonl, from ../shared/reference/wire/).

use chrono::{TimeZone, Utc};
use serde::Deserialize;
use whylabs_api_keys::{Client, RetryConfig};
use wiremock::MockServer;
use wiremock::ResponseTemplate;

use crate::common;
use crate::common::{full_key, server_answering};

/// One recorded request.
#[derive(Deserialize)]
struct Recorded {
    method: String,
    path: String,
    raw_query: String,
    headers: Vec<(String, String)>,
}

impl Recorded {
    fn header(&self, name: &str) -> Option<&str> {
        let found = self
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name));
        found.map(|(_, value)| value.as_str())
    }
}

/// The recordings of the Python client 0.4.0, in the order it made them.
fn recordings() -> Vec<Recorded> {
    include_str!("../fixtures/python-whylabs-client-0.4.0.jsonl")
        .lines()
        .map(|line| serde_json::from_str(line).expect("valid recording"))
        .collect()
}

/// The recordings create keys expiring in 2020, which the facade rightly refuses to send;
/// these tests use this instant instead and expect it in place of the recorded one.
const RECORDED_EXPIRATION: &str = "1577836800000";
const FUTURE_EXPIRATION_MS: i64 = 4_102_444_800_000; // 2100-01-01

/// Replays `recorded` through the facade against a fresh server, returning what it received.
async fn replay(recorded: &Recorded) -> wiremock::Request {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(response_for(recorded))).await;
    let prefix = if recorded.path.starts_with("/err/") {
        "/err"
    } else {
        ""
    };
    let client = Client::builder()
        .base_url(format!("{}{prefix}/", server.uri()))
        .api_key(recorded.header("X-API-Key").expect("recorded key"))
        .retry(RetryConfig::disabled())
        .reconcile_creates(false) // one request per call, as recorded
        .build()
        .unwrap();
    call_like(&client, recorded).await;
    single_request(&server).await
}

/// A body that lets the facade's call succeed.
fn response_for(recorded: &Recorded) -> serde_json::Value {
    let key = || {
        let mut key = full_key();
        key["key"] = "fh4dUNV3WQ.secret".into();
        key
    };
    match (
        recorded.method.as_str(),
        recorded.path.ends_with("/api-key"),
    ) {
        ("GET", true) => serde_json::json!({ "items": [] }),
        ("GET", false) => serde_json::json!({ "key": full_key() }),
        _ => key(),
    }
}

/// Makes the facade call that corresponds to the recorded request.
async fn call_like(client: &Client, recorded: &Recorded) {
    let url =
        url::Url::parse(&format!("http://x{}?{}", recorded.path, recorded.raw_query)).unwrap();
    let param = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    let segments: Vec<String> = url
        .path_segments()
        .unwrap()
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .unwrap()
                .into_owned()
        })
        .collect();
    let org = &segments[segments.iter().position(|s| s == "organizations").unwrap() + 1];
    match recorded.method.as_str() {
        "POST" => {
            let mut create = client.create_key(org, param("user_id").unwrap());
            if let Some(alias) = param("alias") {
                create = create.alias(alias);
            }
            let scopes: Vec<String> = url
                .query_pairs()
                .filter(|(k, _)| k == "scopes")
                .map(|(_, v)| v.into_owned())
                .collect();
            // Set even when empty: without `scopes` the facade asks for `:user`.
            create = create.scopes(scopes);
            if param("expiration_time").is_some() {
                create = create.expires_at(Utc.timestamp_millis_opt(FUTURE_EXPIRATION_MS).unwrap());
            }
            create.send().await.unwrap();
        }
        "GET" if segments.last().unwrap() != "api-key" => {
            client.get_key(org, segments.last().unwrap()).await.unwrap();
        }
        "GET" => {
            let mut list = client.list_keys(org);
            if let Some(user) = param("user_id") {
                list = list.user(user);
            }
            list.send().await.unwrap();
        }
        "DELETE" => {
            let (user, key) = (param("user_id").unwrap(), param("key_id").unwrap());
            client.revoke_key(org, &user, &key).await.unwrap();
        }
        other => panic!("unexpected recorded method {other}"),
    }
}

async fn single_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "exactly one request per call");
    requests.remove(0)
}

/// Query parameters as raw (still encoded) pairs, sorted: the order does not matter.
fn raw_pairs(query: &str) -> Vec<&str> {
    let mut pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    pairs.sort_unstable();
    pairs
}

#[tokio::test]
async fn every_recorded_request_is_reproduced_on_the_wire() {
    let recordings = recordings();
    assert_eq!(
        recordings.len(),
        9,
        "the fixture holds the nine recorded requests"
    );
    for recorded in &recordings {
        let sent = replay(recorded).await;
        let what = format!(
            "{} {}?{}",
            recorded.method, recorded.path, recorded.raw_query
        );
        assert_eq!(sent.method.as_str(), recorded.method, "{what}");
        assert_eq!(sent.url.path(), recorded.path, "{what}");
        let expected_query = recorded
            .raw_query
            .replace(RECORDED_EXPIRATION, &FUTURE_EXPIRATION_MS.to_string());
        assert_eq!(
            raw_pairs(sent.url.query().unwrap_or("")),
            raw_pairs(&expected_query),
            "{what}"
        );
        for name in ["X-API-Key", "Accept", "Content-Type", "Content-Length"] {
            let sent_value = sent.headers.get(name).map(|v| v.to_str().unwrap());
            assert_eq!(sent_value, recorded.header(name), "{what}: header {name}");
        }
        assert!(sent.body.is_empty(), "{what}: no body");
        assert!(
            sent.headers.get("api-version").is_none(),
            "{what}: progenitor's api-version header is dropped"
        );
        let user_agent = sent.headers.get("user-agent").unwrap().to_str().unwrap();
        assert_eq!(
            user_agent,
            format!("whylabs-api-keys/{}", env!("CARGO_PKG_VERSION"))
        );
    }
}

#[tokio::test]
async fn unset_optional_parameters_are_absent() {
    let server = server_answering(
        ResponseTemplate::new(200).set_body_json(serde_json::json!({"items": []})),
    )
    .await;
    common::client(&server)
        .list_keys("org-123")
        .send()
        .await
        .unwrap();
    let sent = single_request(&server).await;
    assert_eq!(sent.url.query(), None, "no `?` and no empty parameters");
}

#[tokio::test]
async fn path_parameters_are_fully_percent_encoded() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(serde_json::json!({}))).await;
    let found = common::client(&server)
        .get_key("org 1/2", "a?b#c%d/é")
        .await
        .unwrap();
    assert_eq!(found, None);
    let sent = single_request(&server).await;
    assert_eq!(
        sent.url.path(),
        "/v0/organizations/org%201%2F2/api-key/a%3Fb%23c%25d%2F%C3%A9"
    );
}

#[tokio::test]
async fn query_values_are_form_encoded_and_scopes_repeated() {
    let mut key = full_key();
    key["key"] = "fh4dUNV3WQ.secret".into();
    let server = server_answering(ResponseTemplate::new(200).set_body_json(key)).await;
    common::client(&server)
        .create_key("org-123", "ü ser")
        .alias("a b&c=d")
        .scopes([":user", ":write_data", ":custom scope"])
        .send()
        .await
        .unwrap();
    let sent = single_request(&server).await;
    assert_eq!(
        raw_pairs(sent.url.query().unwrap()),
        raw_pairs(
            "user_id=%C3%BC+ser&alias=a+b%26c%3Dd&scopes=%3Auser&scopes=%3Awrite_data&scopes=%3Acustom+scope"
        )
    );
}

#[tokio::test]
async fn a_trailing_slash_in_the_base_url_gives_no_double_slash() {
    let server = server_answering(
        ResponseTemplate::new(200).set_body_json(serde_json::json!({"items": []})),
    )
    .await;
    let client = Client::builder()
        .base_url(format!("{}/", server.uri()))
        .api_key("k")
        .build()
        .unwrap();
    client.list_keys("org-123").send().await.unwrap();
    assert_eq!(
        single_request(&server).await.url.path(),
        "/v0/organizations/org-123/api-key"
    );
}
