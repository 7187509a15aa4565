//! Property tests (bounded to run in seconds): parsing and decoding never panic on arbitrary
//! input, and arbitrary ids and aliases can never move a request off its path.

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use whylabs_api_keys::generated::Timestamp;
use whylabs_api_keys::generated::types::{
    ErrorResponse, ListUserApiKeys, UserApiKey, UserApiKeyResponse,
};
use whylabs_api_keys::{Client, Error, RetryConfig};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::common;

/// Answers each operation with a body that lets it succeed.
struct Succeed;

impl Respond for Succeed {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body = match (
            request.method.as_str(),
            request.url.path().ends_with("/api-key"),
        ) {
            ("GET", false) => serde_json::json!({}),
            ("GET", true) => serde_json::json!({"items": []}),
            _ => {
                let mut key = common::full_key();
                key["key"] = "fh4dUNV3WQ.secret".into();
                key
            }
        };
        ResponseTemplate::new(200).set_body_json(body)
    }
}

/// One runtime and one server for all cases.
fn harness() -> &'static (tokio::runtime::Runtime, MockServer, Client) {
    static HARNESS: OnceLock<(tokio::runtime::Runtime, MockServer, Client)> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        let server = runtime.block_on(async {
            let server = MockServer::start().await;
            Mock::given(wiremock::matchers::any())
                .respond_with(Succeed)
                .mount(&server)
                .await;
            server
        });
        let client = Client::builder()
            .base_url(server.uri())
            .api_key("k")
            .retry(RetryConfig::disabled())
            .reconcile_creates(false) // one request per call
            .build()
            .unwrap();
        (runtime, server, client)
    })
}

/// The last request of `method` the server received. (Each property test uses its own
/// methods, since the tests share the server and run in parallel.)
fn last_request(method: &str) -> Request {
    let (runtime, server, _) = harness();
    let requests = runtime.block_on(server.received_requests()).unwrap();
    requests
        .into_iter()
        .rev()
        .find(|r| r.method.as_str() == method)
        .unwrap()
}

fn decoded_segments(request: &Request) -> Vec<String> {
    request
        .url
        .path_segments()
        .unwrap()
        .map(|s| percent_decode_str(s).decode_utf8().unwrap().into_owned())
        .collect()
}

/// Text with the characters that break URLs: separators, dots, percent signs, Unicode.
fn nasty_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("/".to_string()),
            Just("..".to_string()),
            Just(".".to_string()),
            Just("?".to_string()),
            Just("#".to_string()),
            Just("%2F".to_string()),
            Just("&x=1".to_string()),
            Just(" ".to_string()),
            Just("\\".to_string()),
            "[a-z0-9]{1,4}",
            "\\PC{1,3}",
        ],
        1..6,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn timestamp_parsing_never_panics(text in "\\PC{0,40}") {
        let _ = text.parse::<Timestamp>();
    }

    #[test]
    fn timestamps_round_trip_through_the_server_shape(seconds in 0i64..4_102_444_800, nanos in 0u32..1_000_000_000) {
        let instant = DateTime::<Utc>::from_timestamp(seconds, nanos).unwrap();
        let rendered = Timestamp::from(instant).to_string();
        prop_assert!(!rendered.ends_with('Z') && !rendered.contains('+'));
        prop_assert_eq!(rendered.parse::<Timestamp>().unwrap().to_datetime(), instant);
    }

    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = serde_json::from_slice::<UserApiKey>(&bytes);
        let _ = serde_json::from_slice::<UserApiKeyResponse>(&bytes);
        let _ = serde_json::from_slice::<ListUserApiKeys>(&bytes);
        let _ = serde_json::from_slice::<ErrorResponse>(&bytes);
    }

    #[test]
    fn decoding_arbitrary_field_values_never_panics(
        values in prop::collection::vec(prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            "\\PC{0,30}".prop_map(serde_json::Value::from),
        ], 11)
    ) {
        let names = ["keyId", "orgId", "userId", "creationTime", "key", "expirationTime", "lastUsedTime", "scopes", "resourceId", "alias", "revoked"];
        let key: serde_json::Map<_, _> = names.iter().map(|n| n.to_string()).zip(values).collect();
        let _ = serde_json::from_value::<UserApiKey>(serde_json::Value::Object(key.clone()));
        let _ = serde_json::from_value::<ListUserApiKeys>(serde_json::json!({"items": [key]}));
    }

    #[test]
    fn arbitrary_ids_stay_inside_their_path_segment(org in nasty_text(), key in nasty_text()) {
        let (runtime, _, client) = harness();
        match runtime.block_on(client.get_key(&org, &key)) {
            Err(Error::InvalidInput { .. }) => {} // rejected before sending
            Ok(_) => {
                let request = last_request("GET");
                prop_assert_eq!(decoded_segments(&request), vec!["v0".to_string(), "organizations".into(), org, "api-key".into(), key]);
                prop_assert_eq!(request.url.query(), None);
            }
            Err(other) => prop_assert!(false, "unexpected {:?}", other),
        }
    }

    #[test]
    fn arbitrary_query_values_are_sent_verbatim_and_alone(user in nasty_text(), key in nasty_text(), alias in nasty_text()) {
        let (runtime, _, client) = harness();
        if runtime.block_on(client.revoke_key("org-1", &user, &key)).is_ok() {
            let request = last_request("DELETE");
            let mut pairs: Vec<(String, String)> = request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
            pairs.sort();
            prop_assert_eq!(pairs, vec![("key_id".to_string(), key), ("user_id".to_string(), user.clone())]);
            prop_assert_eq!(request.url.path(), "/v0/organizations/org-1/api-key");
        }
        if runtime.block_on(client.create_key("org-1", "u").alias(alias.clone()).send()).is_ok() {
            let request = last_request("POST");
            let pairs: Vec<(String, String)> = request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
            // user_id, alias and the default scope `:user`.
            prop_assert_eq!(pairs.len(), 3);
            prop_assert!(pairs.contains(&("alias".to_string(), alias)));
        }
    }
}
