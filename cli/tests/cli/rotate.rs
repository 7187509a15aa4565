//! rotate: the replacement's secret lands in the 0600 file; a failed revoke names both keys.

use std::os::unix::fs::PermissionsExt;

use predicates::prelude::*;
use whylabs_api_keys::Operation;
use whylabs_api_keys::emulator::Fault;

use crate::common::*;

#[test]
fn rotate_replaces_the_key_and_writes_the_new_secret() {
    let h = Harness::new();
    let old = h.key("alice");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alice.key");
    h.cmd()
        .args(["rotate", &old.key.key_id, "--secret-file"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--yes"));
    assert!(!path.exists(), "nothing is written before confirmation");
    let out = h
        .cmd()
        .args([
            "rotate",
            &old.key.key_id,
            "--expires-in",
            "30d",
            "--yes",
            "-o",
            "json",
            "--secret-file",
        ])
        .arg(&path)
        .succeeds();
    let rows = json(&out);
    let new_id = rows[0]["key_id"].as_str().unwrap().to_string();
    assert_eq!(rows[1]["status"], "revoked");
    assert!(rows[0]["expires"].is_string());
    let secret = std::fs::read_to_string(&path).unwrap();
    assert!(secret.starts_with(&format!("{new_id}.")));
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(h.is_active(&new_id) && !h.is_active(&old.key.key_id));
    let (_, suffix) = secret.trim_end().split_once('.').unwrap();
    assert!(!text(&out.stdout).contains(suffix) && !text(&out.stderr).contains(suffix));
}

#[test]
fn an_incomplete_rotation_says_which_keys_are_active_and_where_the_secret_is() {
    let h = Harness::new();
    let old = h.key("alice");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alice.key");
    // Every revoke attempt (1 + retries) fails: the old key stays active.
    h.emulator
        .inject(Fault::status(500).times(10).operation(Operation::Revoke));
    let out = h
        .cmd()
        .args(["rotate", &old.key.key_id, "--yes", "--secret-file"])
        .arg(&path)
        .exits(1);
    let stderr = text(&out.stderr);
    let secret = std::fs::read_to_string(&path).unwrap();
    let (new_id, _) = secret.split_once('.').unwrap();
    assert!(stderr.contains("BOTH keys are active"), "{stderr}");
    assert!(
        stderr.contains(new_id) && stderr.contains(&old.key.key_id),
        "{stderr}"
    );
    assert!(stderr.contains(&path.display().to_string()), "{stderr}");
    h.emulator.clear_faults();
    assert!(h.is_active(new_id) && h.is_active(&old.key.key_id));
}

#[test]
fn rotating_an_unknown_key_creates_nothing() {
    let h = Harness::new();
    h.cmd()
        .args(["rotate", "HMiFAgQeNb", "--yes", "--print-secret"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("not found"));
    assert!(
        h.rt.block_on(h.client().list_keys(ORG).send())
            .unwrap()
            .is_empty()
    );
}
