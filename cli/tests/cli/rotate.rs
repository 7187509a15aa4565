//! rotate: the replacement's secret lands in the 0600 file; a failed revoke names both keys.

use std::os::unix::fs::PermissionsExt;

use predicates::prelude::*;
use whylabs_api_keys::Operation;
use whylabs_api_keys_emulator::Fault;

use crate::common::*;
use crate::secret_files::{keys_of, names, via_sh};

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

#[test]
fn a_secret_that_cannot_be_written_aborts_and_leaves_the_old_key_and_file() {
    let h = Harness::new();
    let old = h.key("alice");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alice.key");
    let old_file = format!("{}\n", old.secret().expose_secret());
    std::fs::write(&path, &old_file).unwrap();
    let args = [
        "rotate",
        &old.key.key_id,
        "--yes",
        "--force",
        "--secret-file",
        path.to_str().unwrap(),
    ];
    // A write of any size fails with EFBIG.
    let out = via_sh(&h, "ulimit -f 0", "", &args);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let keys = keys_of(&h, "alice");
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert_eq!(
        keys[0],
        (old.key.key_id.clone(), false),
        "the old key is active"
    );
    assert!(keys[1].1, "the new key is revoked");
    assert!(
        stderr.contains(&format!(
            "so new key {} was revoked. Old key {} is still the active key, unchanged and its \
             secret file untouched",
            keys[1].0, old.key.key_id
        )),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), old_file);
    assert_eq!(names(dir.path()), ["alice.key"], "no temporary file left");
}

#[test]
fn a_closed_stdout_rotates_nothing() {
    let h = Harness::new();
    let old = h.key("alice");
    let args = ["rotate", &old.key.key_id, "--print-secret", "--yes"];
    let out = via_sh(&h, "", ">&-", &args);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(keys_of(&h, "alice"), [(old.key.key_id.clone(), false)]);
}

#[test]
fn a_full_stdout_aborts_the_rotation() {
    let h = Harness::new();
    let old = h.key("alice");
    let args = ["rotate", &old.key.key_id, "--print-secret", "--yes"];
    let out = via_sh(&h, "", ">/dev/full", &args);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("aborted"), "{stderr}");
    let keys = keys_of(&h, "alice");
    assert_eq!(keys[0], (old.key.key_id.clone(), false));
    assert!(keys[1].1, "the new key is revoked");
}

#[test]
fn dry_run_says_what_it_would_do_and_changes_nothing() {
    let h = Harness::new();
    let old = h.key("alice");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alice.key");
    let out = h
        .cmd()
        .args([
            "rotate",
            &old.key.key_id,
            "--dry-run",
            "--expires-in",
            "90d",
        ])
        .arg("--secret-file")
        .arg(&path)
        .succeeds();
    assert_eq!(
        text(&out.stdout),
        format!(
            "Dry run, nothing was changed. Would create a key for alice in {ORG} (no alias, \
             scopes :user, expiring in 90d), write its secret to {}, then revoke key {}.\n",
            path.display(),
            old.key.key_id
        )
    );
    assert_eq!(
        h.emulator.requests_of(Operation::Create),
        1,
        "the seed's only"
    );
    assert_eq!(h.emulator.requests_of(Operation::Revoke), 0);
    assert_eq!(keys_of(&h, "alice"), [(old.key.key_id.clone(), false)]);
    assert!(names(dir.path()).is_empty());
}

#[test]
fn json_records_with_a_secret_on_stdout_are_refused() {
    let h = Harness::new();
    let old = h.key("alice");
    h.cmd()
        .args([
            "rotate",
            &old.key.key_id,
            "--yes",
            "--print-secret",
            "-o",
            "json",
        ])
        .exits(2);
    assert_eq!(keys_of(&h, "alice"), [(old.key.key_id.clone(), false)]);
}
