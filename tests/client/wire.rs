//! The exact requests the facade sends, compared with the real Python client's recordings
//! (tests/fixtures/python-whylabs-client-{0.4.0,0.6.16}.jsonl, from ../shared/reference/wire/):
//! 0.4.0's four v0 operations, and 0.6.16's v0 create and revoke and four v1 operations.

use chrono::{TimeZone, Utc};
use serde::Deserialize;
use whylabs_api_keys::{Client, Operation, RetryConfig};
use wiremock::MockServer;
use wiremock::ResponseTemplate;

use crate::common;
use crate::common::{full_key, revoked_key, server_answering, success_body};

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

    /// The operation the request is, from its method and path.
    fn operation(&self) -> Operation {
        let v1 = self.path.starts_with("/v1/");
        match (self.method.as_str(), v1) {
            _ if self.path.ends_with("/v1/api-key/validate") => Operation::Validate,
            ("POST", true) => Operation::Generate,
            ("DELETE", true) => Operation::Delete,
            ("GET", true) => Operation::ListMetadata,
            ("POST", false) => Operation::Create,
            ("DELETE", false) => Operation::Revoke,
            ("GET", false) if self.path.ends_with("/api-key") => Operation::List,
            ("GET", false) => Operation::Get,
            (other, _) => panic!("unexpected recorded method {other}"),
        }
    }

    /// The URL the request names, to read its parameters.
    fn url(&self) -> url::Url {
        url::Url::parse(&format!("http://x{}?{}", self.path, self.raw_query)).unwrap()
    }

    /// The decoded value of the query parameter `name`, if recorded.
    fn param(&self, name: &str) -> Option<String> {
        let url = self.url();
        let found = url.query_pairs().find(|(k, _)| k == name);
        found.map(|(_, v)| v.into_owned())
    }

    /// Every decoded `scopes` value, in order.
    fn scopes(&self) -> Vec<String> {
        let url = self.url();
        let scopes = url.query_pairs().filter(|(k, _)| k == "scopes");
        scopes.map(|(_, v)| v.into_owned()).collect()
    }

    /// The decoded path segment after `organizations`.
    fn org(&self) -> String {
        let url = self.url();
        let segments: Vec<&str> = url.path_segments().unwrap().collect();
        let at = segments.iter().position(|s| *s == "organizations").unwrap();
        let org = percent_encoding::percent_decode_str(segments[at + 1]);
        org.decode_utf8().unwrap().into_owned()
    }

    /// The last decoded path segment.
    fn last_segment(&self) -> String {
        let url = self.url();
        let last = url.path_segments().unwrap().next_back().unwrap();
        let last = percent_encoding::percent_decode_str(last);
        last.decode_utf8().unwrap().into_owned()
    }

    /// The expiration the replay sends: the recorded one, or [`FUTURE_EXPIRATION_MS`] in place
    /// of one already past (0.4.0's recordings create keys expiring in 2020, which the facade
    /// rightly refuses to send).
    fn expiration_ms(&self) -> Option<i64> {
        let recorded: i64 = self.param("expiration_time")?.parse().unwrap();
        Some(if recorded < Utc::now().timestamp_millis() {
            FUTURE_EXPIRATION_MS
        } else {
            recorded
        })
    }
}

/// A fixture's recordings, in the order the client made them.
fn recordings(fixture: &str) -> Vec<Recorded> {
    fixture
        .lines()
        .map(|line| serde_json::from_str(line).expect("valid recording"))
        .collect()
}

const PYTHON_0_4_0: &str = include_str!("../fixtures/python-whylabs-client-0.4.0.jsonl");
const PYTHON_0_6_16: &str = include_str!("../fixtures/python-whylabs-client-0.6.16.jsonl");
const FUTURE_EXPIRATION_MS: i64 = 4_102_444_800_000; // 2100-01-01

/// Replays `recorded` through the facade against a fresh server, returning what it received.
async fn replay(recorded: &Recorded) -> wiremock::Request {
    let body = match recorded.operation() {
        // A revoke succeeds only with the requested key, revoked.
        Operation::Revoke => revoked_key(
            &recorded.org(),
            &recorded.param("user_id").unwrap(),
            &recorded.param("key_id").unwrap(),
        ),
        Operation::Delete => revoked_key("org-123", "user-123", &recorded.param("key_id").unwrap()),
        operation => success_body(operation),
    };
    let server = server_answering(ResponseTemplate::new(200).set_body_json(body)).await;
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

/// Makes the facade call that corresponds to the recorded request.
async fn call_like(client: &Client, recorded: &Recorded) {
    let param = |name: &str| recorded.param(name);
    let expires_at = || {
        let ms = recorded.expiration_ms()?;
        Some(Utc.timestamp_millis_opt(ms).unwrap())
    };
    match recorded.operation() {
        Operation::Create => {
            let mut create = client.create_key(recorded.org(), param("user_id").unwrap());
            if let Some(alias) = param("alias") {
                create = create.alias(alias);
            }
            // Set even when empty: without `scopes` the facade asks for `:user`.
            create = create.scopes(recorded.scopes());
            if let Some(at) = expires_at() {
                create = create.expires_at(at);
            }
            create.send().await.unwrap();
        }
        Operation::Generate => {
            let mut generate = client.generate_key();
            if let Some(alias) = param("alias") {
                generate = generate.alias(alias);
            }
            if !recorded.scopes().is_empty() {
                generate = generate.scopes(recorded.scopes());
            }
            if let Some(at) = expires_at() {
                generate = generate.expires_at(at);
            }
            if let Some(resource_id) = param("resource_id") {
                generate = generate.resource_id(resource_id);
            }
            generate.send().await.unwrap();
        }
        Operation::Get => {
            let (org, key) = (recorded.org(), recorded.last_segment());
            client.get_key(&org, &key).await.unwrap();
        }
        Operation::List => {
            let mut list = client.list_keys(recorded.org());
            if let Some(user) = param("user_id") {
                list = list.user(user);
            }
            list.send().await.unwrap();
        }
        Operation::Revoke => {
            let (user, key) = (param("user_id").unwrap(), param("key_id").unwrap());
            client
                .revoke_key(&recorded.org(), &user, &key)
                .await
                .unwrap();
        }
        Operation::Validate => drop(client.validate_key().await.unwrap()),
        Operation::Delete => drop(client.delete_key(&param("key_id").unwrap()).await.unwrap()),
        Operation::ListMetadata => drop(client.list_key_metadata().await.unwrap()),
        other => panic!("no replay of {other}"),
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

/// Replays every request of `fixture` and compares what the facade sent with the recording:
/// method, raw path, raw query pairs (in any order; a past expiration replaced), the headers
/// a server reads, and no body. The User-Agent names this crate instead.
async fn assert_reproduced(fixture: &str, expected_requests: usize) {
    let recordings = recordings(fixture);
    assert_eq!(
        recordings.len(),
        expected_requests,
        "the fixture's requests"
    );
    for recorded in &recordings {
        let sent = replay(recorded).await;
        let what = format!(
            "{} {}?{}",
            recorded.method, recorded.path, recorded.raw_query
        );
        assert_eq!(sent.method.as_str(), recorded.method, "{what}");
        assert_eq!(sent.url.path(), recorded.path, "{what}");
        let mut expected_query = recorded.raw_query.clone();
        if let (Some(recorded_ms), Some(sent_ms)) =
            (recorded.param("expiration_time"), recorded.expiration_ms())
        {
            expected_query = expected_query.replace(&recorded_ms, &sent_ms.to_string());
        }
        assert_eq!(
            raw_pairs(sent.url.query().unwrap_or("")),
            raw_pairs(&expected_query),
            "{what}"
        );
        let headers = [
            "X-API-Key",
            "Accept",
            "Content-Type",
            "Content-Length",
            "X-WHYLABS-ORGANIZATION",
        ];
        for name in headers {
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
async fn every_request_of_the_python_client_0_4_0_is_reproduced_on_the_wire() {
    assert_reproduced(PYTHON_0_4_0, 9).await;
}

#[tokio::test]
async fn every_request_of_the_python_client_0_6_16_is_reproduced_on_the_wire() {
    let recordings = recordings(PYTHON_0_6_16);
    let operations: Vec<Operation> = recordings.iter().map(Recorded::operation).collect();
    let v1 = [
        Operation::Validate,
        Operation::Generate,
        Operation::Generate,
        Operation::ListMetadata,
        Operation::Delete,
    ];
    assert_eq!(operations[..5], v1, "the four v1 operations");
    assert_eq!(operations[5..], [Operation::Create, Operation::Revoke]);
    assert_reproduced(PYTHON_0_6_16, 7).await;
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
