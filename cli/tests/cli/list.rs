//! list's filters (--status, --expired, --scope, --alias), --sort-by, -q, --no-headers and
//! WHYLABS_KEYS_OUTPUT; a filter or order the listing cannot honour is refused, saying why.
//! Expired keys that are not revoked come from a local server with a canned list, since the
//! tool judges expiry by the real clock and the emulator only runs ahead of it.

use chrono::{DateTime, TimeDelta, Utc};
use predicates::prelude::*;
use serde_json::{Value, json};
use whylabs_api_keys::Scope;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

/// A server on 127.0.0.1 whose v0 list of `ORG` is `items`.
pub fn serve_list(h: &Harness, items: Value) -> MockServer {
    h.rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(format!("/v0/organizations/{ORG}/api-key")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "items": items })))
            .mount(&server)
            .await;
        server
    })
}

/// One key of a v0 list, in the server's own timestamp shape (no offset).
pub fn listed(id: &str, created: &str, expires: Option<&str>, used: Option<&str>) -> Value {
    let mut key = json!({
        "keyId": id, "orgId": ORG, "userId": "svc", "creationTime": created,
        "scopes": [":user"], "alias": format!("alias-{id}"),
    });
    if let Some(expires) = expires {
        key["expirationTime"] = json!(expires);
    }
    if let Some(used) = used {
        key["lastUsedTime"] = json!(used);
    }
    key
}

/// An expired key (E), one that never expires and was never used (N), a live one (L).
fn canned(h: &Harness) -> MockServer {
    serve_list(
        h,
        json!([
            listed(
                "EXPIRED001",
                "2024-06-01T00:00:00",
                Some("2025-01-01T00:00:00"),
                Some("2024-12-01T00:00:00")
            ),
            listed("NEVER00001", "2024-01-01T00:00:00", None, None),
            listed(
                "LIVE000001",
                "2025-01-01T00:00:00",
                Some("2099-01-01T00:00:00"),
                Some("2025-06-01T00:00:00")
            ),
        ]),
    )
}

fn ids(out: &std::process::Output) -> Vec<String> {
    text(&out.stdout).lines().map(String::from).collect()
}

fn at(days: i64) -> DateTime<Utc> {
    Utc::now() + TimeDelta::days(days)
}

#[test]
fn status_and_expired_select_expired_keys_and_sort_by_orders_them() {
    let h = Harness::new();
    let server = canned(&h);
    let list = |args: &[&str]| {
        let mut cmd = h.cmd();
        cmd.env("WHYLABS_API_ENDPOINT", server.uri())
            .arg("list")
            .args(args);
        ids(&cmd.succeeds())
    };
    assert_eq!(list(&["--expired", "-q"]), ["EXPIRED001"]);
    assert_eq!(list(&["--status", "expired", "-q"]), ["EXPIRED001"]);
    assert_eq!(
        list(&["--status", "active", "-q"]),
        ["NEVER00001", "LIVE000001"]
    );
    assert_eq!(
        list(&["--sort-by", "created", "-q"]),
        ["NEVER00001", "EXPIRED001", "LIVE000001"]
    );
    assert_eq!(
        list(&["--sort-by", "expires", "-q"]),
        ["EXPIRED001", "LIVE000001", "NEVER00001"]
    );
    assert_eq!(
        list(&["--sort-by", "last-used", "-q"]),
        ["EXPIRED001", "LIVE000001", "NEVER00001"]
    );
    let table = list(&["--expired", "--no-headers"]);
    assert_eq!(table.len(), 1, "{table:?}");
    assert!(
        table[0].contains("EXPIRED001") && table[0].contains(" expired "),
        "{table:?}"
    );
    // Both spellings at once are a usage error.
    h.cmd()
        .env("WHYLABS_API_ENDPOINT", server.uri())
        .args(["list", "--expired", "--status", "active"])
        .assert()
        .code(2);
}

#[test]
fn scope_alias_and_status_filters_combine() {
    let h = Harness::new();
    let create = |user: &str, scopes: &[&str], alias: &str| {
        let request = h
            .client()
            .create_key(ORG, user)
            .scopes(scopes.iter().copied())
            .alias(alias)
            .expires_at(at(60));
        h.rt.block_on(request.send()).unwrap().key.key_id
    };
    let nightly = create("alice", &[":user"], "ci-nightly");
    let admin = create("bob", &[":user", ":administrator"], "ci-admin");
    let manual = create("carol", &[":user"], "manual");
    let gone = create("alice", &[":user"], "ci-old");
    h.rt.block_on(h.client().revoke_key(ORG, "alice", &gone))
        .unwrap();
    let list = |args: &[&str]| ids(&h.cmd().arg("list").args(args).succeeds());

    assert_eq!(list(&["--scope", ":administrator", "-q"]), [admin.as_str()]);
    assert_eq!(
        list(&["--scope", ":user", "--scope", ":administrator", "-q"]),
        [admin.as_str()]
    );
    assert_eq!(list(&["--scope", ":user", "-q"]).len(), 3);
    assert_eq!(list(&["--alias", "ci-*", "-q"]), [nightly.clone(), admin]);
    assert_eq!(
        list(&["--alias", "?anual", "--status", "active", "-q"]),
        [manual]
    );
    assert_eq!(
        list(&["--user", "alice", "--status", "revoked", "-q"]),
        [gone.as_str()]
    );
    assert_eq!(
        list(&[
            "--user", "alice", "--status", "active", "--alias", "ci-*", "-q"
        ]),
        [nightly]
    );

    // Nothing matches: said, not an empty screen.
    h.cmd()
        .args(["list", "--alias", "nomatch*"])
        .assert()
        .success()
        .stdout("No keys match the filters (3 listed).\n");
    h.cmd()
        .args(["list", "--alias", "nomatch*", "-q"])
        .assert()
        .success()
        .stdout("")
        .stderr("No keys match the filters (3 listed).\n");
}

#[test]
fn a_filter_or_order_the_listing_cannot_honour_is_refused() {
    let h = Harness::new();
    h.key("alice");
    // An organization's list never holds revoked keys: refused before any call.
    h.cmd()
        .args(["list", "--status", "revoked"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "an organization's list holds no revoked keys",
        ))
        .stderr(predicate::str::contains("--user USER"));
    // A user's list has no last-use times.
    h.cmd()
        .args(["list", "--user", "alice", "--sort-by", "last-used"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "--sort-by last-used: this listing has no last-use",
        ));
    h.cmd()
        .args(["list", "--user", "alice", "--sort-by", "created", "-q"])
        .assert()
        .success();
    // v1 metadata has neither creation nor last use.
    let admin = h.emulator.issue_key(ORG, "root", [Scope::Administrator]);
    for by in ["created", "last-used"] {
        h.cmd()
            .env("WHYLABS_API_KEY", admin.expose_secret())
            .args(["list", "--api", "v1", "--sort-by", by])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("--sort-by {by}: ")));
    }
    h.cmd()
        .args(["list", "--alias", "["])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a valid glob"));
}

#[test]
fn no_headers_quiet_and_a_default_output_format() {
    let h = Harness::new();
    let a = h.key("alice").key.key_id;
    let b = h.key("bob").key.key_id;
    let out = h.cmd().args(["list", "--no-headers"]).succeeds();
    let table = text(&out.stdout);
    assert_eq!(table.lines().count(), 2, "{table}");
    assert!(
        !table.contains("KEY ID") && table.lines().next().unwrap().contains(&a),
        "{table}"
    );
    let out = h
        .cmd()
        .args(["list", "-o", "csv", "--no-headers"])
        .succeeds();
    let csv = text(&out.stdout);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.starts_with(&format!("{a},{ORG},alice,")), "{csv}");

    let out = h
        .cmd()
        .env("WHYLABS_KEYS_OUTPUT", "json")
        .arg("list")
        .succeeds();
    assert_eq!(column(&json(&out), "key_id"), [a.clone(), b.clone()]);
    let out = h
        .cmd()
        .env("WHYLABS_KEYS_OUTPUT", "json")
        .args(["list", "-o", "csv"])
        .succeeds();
    assert!(text(&out.stdout).starts_with("key_id,"), "the flag wins");
    let out = h
        .cmd()
        .env("WHYLABS_KEYS_OUTPUT", "csv")
        .args(["list", "--quiet"])
        .succeeds();
    assert_eq!(text(&out.stdout), format!("{a}\n{b}\n"));
    h.cmd()
        .env("WHYLABS_KEYS_OUTPUT", "yaml")
        .arg("list")
        .assert()
        .code(2);
}
