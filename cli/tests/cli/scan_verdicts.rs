//! scan's verdicts: `active` and `inactive` only from a well-formed answer of the server,
//! `unknown` for anything else (junk, 5xx, a hanging server); exit 1 on active or unknown, 0
//! when all are inactive; lookups and `--revoke` carry on past a failure.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json as j};
use whylabs_api_keys::Operation;
use whylabs_api_keys_emulator::Fault;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

/// One file per secret, `k0.env`, `k1.env`, ...
fn plant(root: &Path, secrets: &[&str]) {
    for (i, secret) in secrets.iter().enumerate() {
        std::fs::write(root.join(format!("k{i}.env")), format!("KEY={secret}\n")).unwrap();
    }
}

/// (key_id, status, revoke) of each row.
fn verdicts(rows: &Value) -> Vec<(String, String, String)> {
    let field = |r: &Value, f: &str| r[f].as_str().unwrap_or("-").to_string();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| (field(r, "key_id"), field(r, "status"), field(r, "revoke")))
        .collect()
}

#[test]
fn verdicts_come_from_the_server_and_decide_the_exit_code() {
    let h = Harness::new();
    let (live, revoked) = (h.key("alice"), h.key("bob"));
    let client = h.client();
    h.rt.block_on(client.revoke_key(ORG, "bob", &revoked.key.key_id))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    plant(
        dir.path(),
        &[
            live.secret().expose_secret(),
            revoked.secret().expose_secret(),
        ],
    );
    let out = h
        .cmd()
        .arg("scan")
        .arg(dir.path())
        .args(["-o", "json"])
        .exits(1);
    let rows = json(&out);
    assert_eq!(fields(&rows), crate::scan::SCAN_FIELDS);
    let got = verdicts(&rows);
    assert_eq!(got[0].1, "active");
    assert_eq!(got[1].1, "inactive");
    assert_eq!(rows[0]["user_id"], "alice");

    std::fs::remove_file(dir.path().join("k0.env")).unwrap();
    let out = h
        .cmd()
        .arg("scan")
        .arg(dir.path())
        .args(["-o", "json"])
        .succeeds();
    assert_eq!(verdicts(&json(&out))[0].1, "inactive");
}

/// A server on 127.0.0.1 answering every request with `response`.
fn server(h: &Harness, response: ResponseTemplate) -> MockServer {
    h.rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(response)
            .mount(&server)
            .await;
        server
    })
}

/// `scan` of a tree holding one key of `org-test`, against `server`: exit code and the row.
fn scan_against(h: &Harness, server: &MockServer, code: i32) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let key = format!("fh4dUNV3WQ.{}:{ORG}", "a".repeat(53));
    plant(dir.path(), &[&key]);
    let out = bare_cmd()
        .env("WHYLABS_API_ENDPOINT", server.uri())
        .env("WHYLABS_API_KEY", h.emulator.admin_key().expose_secret())
        .arg("scan")
        .arg(dir.path())
        .args(["--timeout", "2s", "-o", "json"])
        .exits(code);
    json(&out)[0].clone()
}

#[test]
fn an_expired_key_is_inactive() {
    let h = Harness::new();
    let expired = j!({"key": {"keyId": "fh4dUNV3WQ", "orgId": ORG, "userId": "carol",
        "creationTime": "2020-01-01T00:00:00", "expirationTime": "2021-01-01T00:00:00"}});
    let server = server(&h, ResponseTemplate::new(200).set_body_json(expired));
    let row = scan_against(&h, &server, 0);
    assert_eq!(row["status"], "inactive");
    assert_eq!(row["user_id"], "carol");
}

#[test]
fn an_answer_that_is_not_a_key_is_unknown_never_inactive() {
    let h = Harness::new();
    for junk in [
        ResponseTemplate::new(200).set_body_json(j!({"unexpected": true})),
        ResponseTemplate::new(200).set_body_string("<html>hello</html>"),
        ResponseTemplate::new(200).set_body_json(j!({"key": {"keyId": "HMiFAgQeNb",
            "orgId": ORG, "userId": "u", "creationTime": "2020-01-01T00:00:00"}})),
        ResponseTemplate::new(500),
    ] {
        let server = server(&h, junk);
        let row = scan_against(&h, &server, 1);
        assert_eq!(row["status"], "unknown", "{row}");
        assert!(
            row["error"].as_str().unwrap().contains("fh4dUNV3WQ"),
            "{row}"
        );
    }
}

#[test]
fn a_hanging_server_is_unknown_within_the_timeout() {
    let h = Harness::new();
    let server = server(
        &h,
        ResponseTemplate::new(200).set_delay(Duration::from_secs(30)),
    );
    let started = Instant::now();
    let row = scan_against(&h, &server, 1);
    assert_eq!(row["status"], "unknown");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_failed_lookup_does_not_stop_the_others() {
    let h = Harness::new();
    let (a, b) = (h.key("alice"), h.key("bob"));
    let dir = tempfile::tempdir().unwrap();
    plant(
        dir.path(),
        &[a.secret().expose_secret(), b.secret().expose_secret()],
    );
    h.emulator
        .inject(Fault::status(400).operation(Operation::Get));
    let out = h
        .cmd()
        .arg("scan")
        .arg(dir.path())
        .args(["-o", "json"])
        .exits(1);
    let mut statuses: Vec<String> = verdicts(&json(&out)).into_iter().map(|v| v.1).collect();
    statuses.sort();
    assert_eq!(statuses, ["active", "unknown"]);
}

#[test]
fn revoke_carries_on_past_a_failure_and_says_how_to_retry() {
    let h = Harness::new();
    let (a, b) = (h.key("alice"), h.key("bob"));
    let dir = tempfile::tempdir().unwrap();
    plant(
        dir.path(),
        &[a.secret().expose_secret(), b.secret().expose_secret()],
    );
    // Keys are revoked in id order: the first one fails.
    let mut ids = [a.key.key_id.clone(), b.key.key_id.clone()];
    ids.sort();
    let failing_user = if ids[0] == a.key.key_id {
        "alice"
    } else {
        "bob"
    };
    h.emulator
        .inject(Fault::status(400).operation(Operation::Revoke));
    let out = h
        .cmd()
        .arg("scan")
        .arg(dir.path())
        .args(["--revoke", "--yes", "-o", "json"])
        .exits(1);
    let mut got = verdicts(&json(&out));
    got.sort();
    assert_eq!(
        got,
        [
            (ids[0].clone(), "active".into(), "failed".into()),
            (ids[1].clone(), "inactive".into(), "revoked".into())
        ]
    );
    assert!(h.is_active(&ids[0]) && !h.is_active(&ids[1]));
    let stderr = text(&out.stderr);
    let retry = format!(
        "whylabs-keys revoke {} --user {failing_user} --org {ORG}",
        ids[0]
    );
    assert!(stderr.contains(&retry), "{stderr}");
}
