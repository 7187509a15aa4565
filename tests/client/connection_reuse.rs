//! Sequential calls through one client share one TCP connection.

use serde_json::json;
use whylabs_api_keys::Client;

use crate::common;
use crate::common::raw::{Action, RawServer};

#[tokio::test]
async fn sequential_calls_use_one_connection() {
    let server = RawServer::start(|head| match head.target.contains("/api-key/") {
        true => Action::json(200, &json!({})),
        false => Action::json(200, &json!({"items": [common::full_key()]})),
    })
    .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key("k")
        .build()
        .unwrap();
    for _ in 0..25 {
        client.get_key("org-1", "fh4dUNV3WQ").await.unwrap();
        client.list_keys("org-1").send().await.unwrap();
    }
    let clone = client.clone();
    clone.get_key("org-1", "fh4dUNV3WQ").await.unwrap();
    assert_eq!(server.heads().len(), 51);
    assert_eq!(
        server.accepts(),
        1,
        "every call reused the first connection"
    );
}
