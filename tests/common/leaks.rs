//! Secrets distinctive enough to search for, and a client and created key that carry them, for
//! the tests that check nothing leaks (tests/client/secrets.rs, tests/tracing.rs).

use serde_json::{Value, json};
use whylabs_api_keys::{Client, Error, RetryConfig};

/// The API key the client authenticates with.
pub const API_KEY: &str = "KeyIdAbCdE.ApiKeySecretPart0123456789abcdefghijklmnopqrstuvwxyzAB:org-1";
/// The secret of a key the server creates.
pub const CREATED: &str = "NewKeyIdXy.CreatedSecretPart0123456789abcdefghijklmnopqrstuvwxy:org-1";
/// Distinctive parts of both, searched for in output.
const NEEDLES: [&str; 2] = ["ApiKeySecretPart", "CreatedSecretPart"];

/// Fails if `shown` (the output of `what`) contains either secret.
pub fn assert_clean(what: &str, shown: &str) {
    for needle in NEEDLES {
        assert!(!shown.contains(needle), "{what} leaks a secret: {shown}");
    }
}

/// A client for `uri` authenticating with [`API_KEY`], retries and create reconciliation off
/// (one request per call; `secrets.rs` checks reconciliation's errors with a client of its own).
pub fn client(uri: &str) -> Client {
    Client::builder()
        .base_url(uri)
        .api_key(API_KEY)
        .retry(RetryConfig::disabled())
        .reconcile_creates(false)
        .build()
        .unwrap()
}

/// A create response whose secret is [`CREATED`].
pub fn created_body() -> Value {
    let mut key = super::full_key();
    key["key"] = json!(CREATED);
    key
}

/// Debug and Display of an error and of every error in its source chain: all that a program
/// may print of it.
pub fn error_chain_text(error: &Error) -> String {
    let mut text = format!("{error} {error:?}");
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        text.push_str(&format!(" | {inner} {inner:?}"));
        source = inner.source();
    }
    text
}
