//! A server that echoes the API key or a created secret base64- or hex-encoded, in its error
//! body's `message` or in `X-Request-Id`: the error shows `<redacted>`, never the encoding.

use whylabs_api_keys::{Client, RetryConfig};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A WhyLabs-shaped key, with the organization the server appends.
const KEY: &str = "AbCdEfGhIj.0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ:org-1";

/// `bytes` in padded standard base64.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for group in bytes.chunks(3) {
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(match i <= group.len() {
                true => char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]),
                false => '=',
            });
        }
    }
    out
}

#[tokio::test]
async fn an_error_echoing_the_key_in_base64_or_hex_never_shows_it() {
    let encoded = base64(KEY.as_bytes());
    let url_safe = encoded.replace('+', "-").replace('/', "_");
    let hex: String = KEY.bytes().map(|b| format!("{b:02x}")).collect();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v0/organizations/org-1/api-key"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "message": format!("bad key {encoded} ({url_safe})"),
            "requestId": hex,
            "type": "IllegalArgument"
        })))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(KEY)
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let error = client.list_keys("org-1").send().await.unwrap_err();
    let api = error.api_error().expect("an API error");
    assert_eq!(api.message(), Some("bad key <redacted> (<redacted>)"));
    assert_eq!(api.request_id(), Some("<redacted>"));
    let shown = format!("{error} {error:?}");
    for leaked in [&encoded[..], &url_safe, &hex, &encoded[10..30]] {
        assert!(!shown.contains(leaked), "{shown}");
    }
}
