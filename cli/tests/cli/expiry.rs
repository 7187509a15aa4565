//! Expiries: one that cannot be represented, cannot be printed as RFC 3339, lies within a
//! minute or in the past is a usage error (exit 2) before anything is sent, never "no expiry".

use whylabs_api_keys::Scope;
use whylabs_api_keys_emulator::Emulator;

use crate::common::*;
use crate::secret_files::keys_of;

const REFUSED: [&[&str]; 7] = [
    &["--expires-in", "300000y"],
    &["--expires-in", "100000000y"],
    &["--expires-in", "18446744073709551615s"],
    &["--expires-in", "8000y"],
    &["--expires-at", "+10000-01-01"],
    &["--expires-in", "59s"],
    &["--expires-at", "2020-01-01"],
];

#[test]
fn an_expiry_that_would_not_be_the_one_asked_for_creates_nothing() {
    let h = Harness::new();
    for expiry in REFUSED {
        let out = h
            .cmd()
            .args(["create", "--user", "alice", "--print-secret"])
            .args(expiry)
            .exits(2);
        assert_eq!(text(&out.stdout), "", "{expiry:?}");
    }
    assert!(keys_of(&h, "alice").is_empty());
}

#[test]
fn a_rotation_with_such_an_expiry_leaves_the_old_key_alone() {
    let h = Harness::new();
    let old = h.key("alice");
    for expiry in REFUSED {
        h.cmd()
            .args(["rotate", &old.key.key_id, "--yes", "--print-secret"])
            .args(expiry)
            .exits(2);
    }
    assert_eq!(keys_of(&h, "alice"), [(old.key.key_id, false)]);
}

#[test]
fn an_administrators_generate_refuses_it_too() {
    let h = Harness::with(Emulator::builder().paid_org(ORG));
    let admin = h.emulator.issue_key(ORG, "alice", [Scope::Administrator]);
    let before = keys_of(&h, "alice");
    h.cmd()
        .env("WHYLABS_API_KEY", admin.expose_secret())
        .args([
            "create",
            "--api",
            "v1",
            "--print-secret",
            "--expires-in",
            "300000y",
        ])
        .exits(2);
    assert_eq!(keys_of(&h, "alice"), before);
}

#[test]
fn an_expiry_that_fits_is_the_one_the_key_gets() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alice.key");
    let out = h
        .cmd()
        .args(["create", "--user", "alice", "-o", "json", "--expires-at"])
        .args(["9999-12-31", "--secret-file"])
        .arg(&path)
        .succeeds();
    assert_eq!(json(&out)[0]["expires"], "9999-12-31T00:00:00Z");
}
