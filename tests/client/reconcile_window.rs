//! The window in which a create can have made its key, on the wire: nothing is listed before a
//! create, so after an unknown outcome the key it made is told from the user's older keys by
//! its creation time against the reconciliation list's `Date` header (the server's own clock,
//! see src/reconcile/window.rs). A scripted server answers the create 500 and lists keys made
//! at chosen moments of its clock.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Value, json};
use whylabs_api_keys::{Client, Error, Reconciliation, RetryConfig};

use crate::common::outcome_unknown;
use crate::common::raw::{Action, Head, RawServer};

const ALIAS: &str = "nightly";

/// A key of user `u` in org `o` that `create_key("o", "u").alias(ALIAS)` could have made,
/// created `offset_ms` from `date` on the server's clock.
fn key(id: &str, date: DateTime<Utc>, offset_ms: i64) -> Value {
    let created = date + TimeDelta::milliseconds(offset_ms);
    json!({
        "keyId": id, "orgId": "o", "userId": "u", "alias": ALIAS, "scopes": [":user"],
        "creationTime": created.format("%Y-%m-%dT%H:%M:%S%.3f").to_string(),
    })
}

/// A server whose create fails with a 500 (so the outcome is unknown) and whose list answers
/// `keys` with `Date: date` (none when `None`); a revoke answers the key revoked.
async fn server(keys: Vec<Value>, date: Option<DateTime<Utc>>) -> RawServer {
    RawServer::start(move |head: &Head| match head.method.as_str() {
        "POST" => Action::status(500, ""),
        "GET" => {
            let list = Action::json(200, &json!({ "items": keys }));
            match date {
                Some(date) => list.with_header("Date", &httpdate::fmt_http_date(date.into())),
                None => list,
            }
        }
        _ => {
            let query = head.target.split("key_id=").nth(1).unwrap_or_default();
            let id = query.split('&').next().unwrap_or_default();
            let mut revoked = key(id, Utc::now(), 0);
            revoked["revoked"] = json!(true);
            Action::json(200, &revoked)
        }
    })
    .await
}

fn client(server: &RawServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .api_key("fh4dUNV3WQ.secret")
        .retry(RetryConfig::disabled())
        .build()
        .unwrap()
}

/// Sends the create, which fails; returns its error and the methods the server saw.
async fn reconcile(server: &RawServer) -> (Error, Vec<String>) {
    let error: Error = client(server)
        .create_key("o", "u")
        .alias(ALIAS)
        .await
        .unwrap_err();
    let methods = server.heads().into_iter().map(|head| head.method).collect();
    (error, methods)
}

/// Their clock, whatever ours says: an hour behind, a year ahead, or ours.
fn server_clocks() -> [DateTime<Utc>; 3] {
    let now = Utc::now();
    [now - TimeDelta::hours(1), now + TimeDelta::days(365), now]
}

#[tokio::test]
async fn the_key_made_in_the_servers_window_is_revoked_however_skewed_its_clock() {
    for date in server_clocks() {
        // Made just now on their clock; the identical key an hour earlier is another's.
        let keys = vec![
            key("OLD0000001", date, -3_600_000),
            key("NEW0000001", date, -200),
        ];
        let server = server(keys, Some(date)).await;
        let (error, methods) = reconcile(&server).await;
        let reconciliation = outcome_unknown(&error).1;
        assert!(
            matches!(reconciliation, Reconciliation::OrphanRevoked { key_id } if key_id == "NEW0000001"),
            "{date}: {reconciliation:?}"
        );
        assert_eq!(methods, ["POST", "GET", "DELETE"], "{date}");
        let revoke = &server.heads()[2].target;
        assert!(revoke.contains("key_id=NEW0000001"), "{revoke}");
    }
}

#[tokio::test]
async fn a_matching_key_made_before_the_window_is_not_the_requests() {
    for date in server_clocks() {
        // Outside even the margins: more than a second and a half before the send.
        let server = server(vec![key("OLD0000001", date, -60_000)], Some(date)).await;
        let (error, methods) = reconcile(&server).await;
        let reconciliation = outcome_unknown(&error).1;
        assert!(
            matches!(reconciliation, Reconciliation::NoKeyFound),
            "{date}: {reconciliation:?}"
        );
        assert_eq!(methods, ["POST", "GET"]);
    }
}

#[tokio::test]
async fn a_key_dated_after_the_dates_second_and_margin_is_not_the_requests() {
    let date = Utc::now();
    let server = server(vec![key("LATE000001", date, 5_000)], Some(date)).await;
    let (error, methods) = reconcile(&server).await;
    let reconciliation = outcome_unknown(&error).1;
    assert!(
        matches!(reconciliation, Reconciliation::NoKeyFound),
        "{reconciliation:?}"
    );
    assert_eq!(methods, ["POST", "GET"]);
}

#[tokio::test]
async fn two_identical_keys_in_the_window_are_ambiguous_and_neither_is_revoked() {
    let date = Utc::now();
    let keys = vec![key("NEW0000001", date, -300), key("NEW0000002", date, -100)];
    let server = server(keys, Some(date)).await;
    let (error, methods) = reconcile(&server).await;
    let reconciliation = outcome_unknown(&error).1;
    let Reconciliation::Ambiguous { candidates } = reconciliation else {
        panic!("expected Ambiguous, got {reconciliation:?}");
    };
    assert_eq!(*candidates, ["NEW0000001", "NEW0000002"]);
    assert_eq!(methods, ["POST", "GET"], "nothing revoked");
}

#[tokio::test]
async fn without_a_date_a_matching_key_cannot_be_told_apart_and_nothing_is_revoked() {
    let date = Utc::now();
    for date_header in [None, Some("yesterday-ish")] {
        let keys = vec![key("NEW0000001", date, -100)];
        let server = RawServer::start(move |head: &Head| match head.method.as_str() {
            "POST" => Action::status(500, ""),
            _ => {
                let list = Action::json(200, &json!({ "items": keys }));
                match date_header {
                    Some(value) => list.with_header("Date", value),
                    None => list,
                }
            }
        })
        .await;
        let (error, methods) = reconcile(&server).await;
        let reconciliation = outcome_unknown(&error).1;
        let Reconciliation::Ambiguous { candidates } = reconciliation else {
            panic!("{date_header:?}: expected Ambiguous, got {reconciliation:?}");
        };
        assert_eq!(*candidates, ["NEW0000001"]);
        assert_eq!(methods, ["POST", "GET"], "nothing revoked");
    }
    // No matching key at all is still a finding: nothing was made.
    let server = server(Vec::new(), None).await;
    let (error, _) = reconcile(&server).await;
    let reconciliation = outcome_unknown(&error).1;
    assert!(
        matches!(reconciliation, Reconciliation::NoKeyFound),
        "{reconciliation:?}"
    );
}
