//! revoke and offboard report a key revoked only when the server confirmed it; several keys at
//! once with a per-key summary; --dry-run; a system key looks the owner up; v1's "not found"
//! says that v1 revokes only the caller's keys; the prompt names the organization; offboard
//! tells a user without keys from one whose keys are all revoked.

use serde_json::{Value, json};
use whylabs_api_keys::{Operation, Scope};
use whylabs_api_keys_emulator::Emulator;
use wiremock::matchers::{method, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

/// A key as a hostile server answers a revoke: `key_id` of `user` in [`ORG`], `revoked` as given.
fn key(key_id: &str, user: &str, revoked: bool) -> Value {
    json!({"keyId": key_id, "orgId": ORG, "userId": user,
           "creationTime": "2024-01-02T03:04:05", "revoked": revoked})
}

/// A server that lists `listed` as dave's keys and answers every revoke 200 with `answer`.
fn lying_server(h: &Harness, listed: Vec<Value>, answer: Value) -> MockServer {
    h.rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(query_param("user_id", "dave"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": listed})))
            .mount(&server)
            .await;
        Mock::given(method("DELETE"))
            .respond_with(ResponseTemplate::new(200).set_body_json(answer))
            .mount(&server)
            .await;
        server
    })
}

/// The binary pointed at `server` with v0 and the test organization.
fn against(server: &MockServer) -> assert_cmd::Command {
    let mut cmd = bare_cmd();
    cmd.env("WHYLABS_API_KEY", "fh4dUNV3WQ.not-a-real-key")
        .args(["--endpoint", &server.uri(), "--org", ORG, "--api", "v0"]);
    cmd
}

#[test]
fn a_revoke_the_server_does_not_confirm_exits_1_naming_the_key() {
    let h = Harness::new();
    for answer in [
        key("fh4dUNV3WQ", "dave", false),
        key("HMiFAgQeNb", "dave", true),
    ] {
        let server = lying_server(&h, vec![], answer);
        let out = against(&server)
            .args(["revoke", "fh4dUNV3WQ", "--user", "dave", "--yes"])
            .exits(1);
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert!(!stdout.contains("Revoked"), "{stdout}");
        assert!(
            stderr.contains("key fh4dUNV3WQ is not confirmed revoked")
                && stderr.contains("may still be active"),
            "{stderr}"
        );
    }
}

#[test]
fn offboard_counts_unconfirmed_revokes_as_failed_on_every_run() {
    let h = Harness::new();
    let listed = vec![
        key("AAAAAAAAA1", "dave", false),
        key("AAAAAAAAA2", "dave", false),
    ];
    let server = lying_server(&h, listed, key("AAAAAAAAA1", "dave", false));
    for _ in 0..2 {
        let out = against(&server)
            .args(["offboard", "--user", "dave", "--yes"])
            .exits(1);
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert!(
            stdout.contains("Offboarded dave in org-test: 0 revoked, 0 already gone, 2 failed."),
            "{stdout}"
        );
        assert!(
            stderr.contains("2 key(s) of dave are still active: ")
                && stderr.contains("AAAAAAAAA1")
                && stderr.contains("AAAAAAAAA2"),
            "{stderr}"
        );
    }
}

#[test]
fn several_keys_are_revoked_at_once_with_a_summary_per_key() {
    let h = Harness::new();
    let (a, b) = (h.key("alice").key.key_id, h.key("alice").key.key_id);
    let out = h
        .cmd()
        .args(["revoke", &a, &b, "HMiFAgQeNb", "--user", "alice", "--yes"])
        .exits(1);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(
        stdout.contains(&format!("Revoked key {a} of alice in org-test."))
            && stdout.contains(&format!("Revoked key {b} of alice in org-test."))
            && stdout.contains("3 key(s): 2 revoked, 1 not found, 0 failed."),
        "{stdout}"
    );
    assert!(stderr.contains("key HMiFAgQeNb not found"), "{stderr}");
    assert!(!h.is_active(&a) && !h.is_active(&b));

    let (c, d) = (h.key("bob").key.key_id, h.key("carol").key.key_id);
    let out = h
        .cmd()
        .args(["revoke", &c, &d, "--yes", "-o", "json"])
        .succeeds();
    let outcomes = json(&out);
    assert_eq!(column(&outcomes, "result"), ["revoked", "revoked"]);
    assert_eq!(column(&outcomes, "user_id"), ["bob", "carol"]);
    assert_eq!(column(&outcomes, "org_id"), [ORG, ORG]);
}

#[test]
fn a_dry_run_says_what_would_be_revoked_and_sends_no_revoke() {
    let h = Harness::new();
    let (a, b) = (h.key("alice").key.key_id, h.key("bob").key.key_id);
    let out = h.cmd().args(["revoke", &a, &b, "--dry-run"]).succeeds();
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!("Would revoke key {a} of alice in org-test."))
            && stdout.contains(&format!("Would revoke key {b} of bob in org-test."))
            && stdout.contains("Dry run: nothing was revoked."),
        "{stdout}"
    );
    assert_eq!(h.emulator.requests_of(Operation::Revoke), 0);
    assert!(h.is_active(&a) && h.is_active(&b));
    let out = h
        .cmd()
        .args(["revoke", &a, "--user", "alice", "--dry-run", "-o", "json"])
        .succeeds();
    assert_eq!(column(&json(&out), "result"), ["planned"]);
    assert_eq!(h.emulator.requests_of(Operation::Revoke), 0);
}

#[test]
fn a_system_key_without_user_looks_the_owner_up() {
    let h = Harness::new();
    let id = h.key("alice").key.key_id;
    h.cmd()
        .args(["revoke", &id, "--yes"])
        .assert()
        .success()
        .stdout(format!("Revoked key {id} of alice in org-test.\n"));
    assert!(!h.is_active(&id));
    // Now revoked (or never known): the lookup says so, and nothing is sent.
    let out = h.cmd().args(["revoke", &id, "--yes"]).exits(1);
    assert!(
        text(&out.stderr).contains(&format!(
            "key {id} not found: it is not an active key of org-test (the server does not know \
             it, or it is already revoked)"
        )),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(h.emulator.requests_of(Operation::Revoke), 1);
    assert_eq!(h.emulator.requests_of(Operation::Delete), 0);
}

#[test]
fn without_an_organization_the_error_says_what_is_missing() {
    let h = Harness::new();
    let id = h.key("alice").key.key_id;
    let out = h
        .cmd()
        .env_remove("WHYLABS_DEFAULT_ORG_ID")
        .args(["revoke", &id, "--yes", "--api", "v0"])
        .exits(2);
    assert!(
        text(&out.stderr).contains("needs the key's organization to look its owner up"),
        "{}",
        text(&out.stderr)
    );
    // Under auto, v1 is the only thing to try; its 403 says to name the organization.
    let out = h
        .cmd()
        .env_remove("WHYLABS_DEFAULT_ORG_ID")
        .args(["revoke", &id, "--yes"])
        .exits(1);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("v1 revokes the caller's own keys")
            && stderr.contains(&format!("whylabs-keys revoke {id} --org ORG")),
        "{stderr}"
    );
    assert!(h.is_active(&id));
}

#[test]
fn v1_not_found_says_v1_revokes_only_the_callers_keys() {
    let h = Harness::with(Emulator::builder().paid_org(ORG));
    let admin = h.emulator.issue_key(ORG, "alice", [Scope::Administrator]);
    let bobs = h.key("bob").key.key_id;
    let out = h
        .cmd()
        .env("WHYLABS_API_KEY", admin.expose_secret())
        .args(["revoke", &bobs, "--user", "bob", "--yes"])
        .exits(1);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("v1 revokes only the caller's own keys")
            && stderr.contains(&format!(
                "needs a system key: whylabs-keys revoke {bobs} --user USER --org org-test"
            ))
            && !stderr.contains("no such key of bob"),
        "{stderr}"
    );
    assert!(h.is_active(&bobs));
}

#[test]
fn the_confirmation_names_the_organization() {
    let h = Harness::new();
    let id = h.key("alice").key.key_id;
    let out = h.cmd().args(["revoke", &id, "--user", "alice"]).exits(2);
    assert!(
        text(&out.stderr).contains(&format!(
            "Revoke key {id} of alice in org-test: not confirmed"
        )),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn offboard_tells_an_unknown_user_from_one_whose_keys_are_all_revoked() {
    let h = Harness::new();
    h.cmd()
        .args(["offboard", "--user", "bobb", "--yes"])
        .assert()
        .success()
        .stdout(
            "Nothing to do: bobb has no keys at all in org-test, revoked or not; check the user \
             id (the server knows no key of it).\n",
        );
    for _ in 0..2 {
        h.key("dave");
    }
    h.cmd()
        .args(["offboard", "--user", "dave", "--yes"])
        .succeeds();
    h.cmd()
        .args(["offboard", "--user", "dave", "--yes"])
        .assert()
        .success()
        .stdout("Nothing to do: all 2 key(s) of dave in org-test are already revoked.\n");
}
