//! revoke and validate: confirmation, "not found" versus every other failure, exit codes.

use predicates::prelude::*;
use whylabs_api_keys::Operation;
use whylabs_api_keys_emulator::Fault;

use crate::common::*;

#[test]
fn revoke_needs_confirmation_off_a_terminal() {
    let h = Harness::new();
    let key = h.key("alice");
    let id = &key.key.key_id;
    h.cmd()
        .args(["revoke", id, "--user", "alice"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pass --yes"));
    assert!(h.is_active(id));
    h.cmd()
        .args(["revoke", id, "--user", "alice", "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Revoked key"));
    assert!(!h.is_active(id));
}

#[test]
fn revoking_an_unknown_key_says_so_and_exits_1() {
    let h = Harness::new();
    h.cmd()
        .args(["revoke", "HMiFAgQeNb", "--user", "alice", "--yes"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not found"))
        .stdout(predicate::str::contains("Revoked").not());
}

#[test]
fn a_bare_404_is_an_error_never_revoked() {
    let h = Harness::new();
    let server = bare_404_server(&h);
    let url = server.uri();
    let out = bare_cmd()
        .args([
            "revoke",
            "HMiFAgQeNb",
            "--user",
            "alice",
            "--org",
            ORG,
            "--yes",
            "--api",
            "v0",
            "--endpoint",
            &url,
        ])
        .env("WHYLABS_API_KEY", "fh4dUNV3WQ.not-a-real-key")
        .exits(1);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(stderr.contains("endpoint was not found"), "{stderr}");
    assert!(
        !stdout.contains("Revoked") && !stderr.contains("not found:"),
        "{stdout}{stderr}"
    );
    let received =
        h.rt.block_on(server.received_requests())
            .unwrap_or_default();
    assert_eq!(received.len(), 1, "a 404 is not retried");
    // The emulator answering a bare 404 (a fault has no body) is read the same way.
    let key = h.key("alice");
    h.emulator
        .inject(Fault::status(404).operation(Operation::Revoke));
    h.cmd()
        .args(["revoke", &key.key.key_id, "--user", "alice", "--yes"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("endpoint was not found"));
    assert!(h.is_active(&key.key.key_id));
}

#[test]
fn validate_exits_0_for_a_valid_key_and_1_for_another() {
    let h = Harness::new();
    h.cmd().arg("validate").assert().success();
    h.cmd()
        .arg("validate")
        .env("WHYLABS_API_KEY", "fh4dUNV3WQ.unknown")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("not valid"));
}
