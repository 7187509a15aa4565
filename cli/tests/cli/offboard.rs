//! offboard: the plan, confirmation, revokes, and a second run that has nothing to do.

use predicates::prelude::*;

use crate::common::*;

#[test]
fn offboarding_revokes_every_active_key_once() {
    let h = Harness::new();
    let keys: Vec<String> = (0..5).map(|_| h.key("dave").key.key_id).collect();
    let kept = h.key("carol");
    h.cmd()
        .args(["offboard", "--user", "dave", "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Dry run"));
    assert!(keys.iter().all(|id| h.is_active(id)));
    h.cmd()
        .args(["offboard", "--user", "dave"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pass --yes"));
    assert!(keys.iter().all(|id| h.is_active(id)));

    let out = h
        .cmd()
        .args(["offboard", "--user", "dave", "--yes", "-o", "json"])
        .succeeds();
    let outcomes = json(&out);
    assert_eq!(
        fields(&outcomes),
        ["error", "key_id", "org_id", "result", "user_id"]
    );
    assert_eq!(outcomes.as_array().unwrap().len(), 5);
    assert!(
        outcomes
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["result"] == "revoked")
    );
    assert!(keys.iter().all(|id| !h.is_active(id)));
    assert!(h.is_active(&kept.key.key_id));

    h.cmd()
        .args(["offboard", "--user", "dave", "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing to do"));
}

#[test]
fn a_failed_revoke_fails_the_offboarding_and_names_the_key() {
    use whylabs_api_keys::Operation;
    use whylabs_api_keys_emulator::Fault;
    let h = Harness::new();
    let keys: Vec<String> = (0..2).map(|_| h.key("dave").key.key_id).collect();
    h.emulator
        .inject(Fault::status(400).times(1).operation(Operation::Revoke));
    let out = h
        .cmd()
        .args(["offboard", "--user", "dave", "--yes", "--concurrency", "1"])
        .exits(1);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("still active") && stderr.contains("run offboard again"),
        "{stderr}"
    );
    let still: Vec<&String> = keys.iter().filter(|id| h.is_active(id)).collect();
    assert_eq!(still.len(), 1);
    assert!(stderr.contains(still[0].as_str()));
    h.cmd()
        .args(["offboard", "--user", "dave", "--yes"])
        .assert()
        .success();
    assert!(keys.iter().all(|id| !h.is_active(id)));
}
