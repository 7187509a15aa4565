//! scan: a planted key is found with its file, line and id (never the secret), .gitignore is
//! respected, lookups tell live keys from dead ones, --revoke revokes the live ones.

use std::path::Path;

use predicates::prelude::*;

use crate::common::*;

/// The JSON fields of a scan row, in the alphabetical order a parsed object lists them.
pub const SCAN_FIELDS: [&str; 10] = [
    "commit",
    "error",
    "fingerprint",
    "key_id",
    "line",
    "org_id",
    "path",
    "revoke",
    "status",
    "user_id",
];

/// A tree with the secret in `config/app.env` (line 3), in an ignored file and a look-alike.
fn plant(root: &Path, secret: &str) {
    std::fs::create_dir_all(root.join("config")).unwrap();
    std::fs::write(
        root.join("config/app.env"),
        format!("A=1\nB=2\nWHYLABS_API_KEY={secret}\n"),
    )
    .unwrap();
    std::fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
    std::fs::create_dir_all(root.join("ignored")).unwrap();
    std::fs::write(root.join("ignored/old.env"), format!("KEY={secret}\n")).unwrap();
    std::fs::write(root.join("README.md"), "version 1234567890.1 of nothing\n").unwrap();
}

#[test]
fn a_planted_key_is_reported_without_its_secret() {
    let h = Harness::new();
    let key = h.key("alice");
    let secret = key.secret().expose_secret();
    let dir = tempfile::tempdir().unwrap();
    plant(dir.path(), secret);
    let (_, suffix) = secret.split_once('.').unwrap();

    // No API key: reported, not looked up, unknown (counted as live).
    let out = bare_cmd()
        .arg("scan")
        .arg(dir.path())
        .args(["-o", "json"])
        .exits(1);
    let found = json(&out);
    let hits = found.as_array().unwrap();
    assert_eq!(hits.len(), 1, "the ignored file is skipped: {found}");
    assert_eq!(fields(&found), SCAN_FIELDS);
    assert_eq!(hits[0]["line"], 3);
    assert_eq!(hits[0]["key_id"], key.key.key_id.as_str());
    assert_eq!(hits[0]["org_id"], ORG);
    assert_eq!(hits[0]["status"], "unknown");
    assert!(
        hits[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("config/app.env")
    );
    assert!(!text(&out.stdout).contains(suffix) && !text(&out.stderr).contains(suffix));

    let out = bare_cmd()
        .arg("scan")
        .arg(dir.path())
        .args(["--no-ignore", "-o", "csv"])
        .exits(1);
    let csv = text(&out.stdout);
    assert_eq!(
        csv.lines().next().unwrap(),
        "path,line,commit,key_id,org_id,fingerprint,status,user_id,revoke,error"
    );
    assert_eq!(
        csv.lines().count(),
        3,
        "--no-ignore finds the ignored copy: {csv}"
    );
    assert!(!csv.contains(suffix));

    // With the system key: looked up, live.
    let out = h.cmd().arg("scan").arg(dir.path()).exits(1);
    let table = text(&out.stdout);
    assert!(
        table.contains("active") && table.contains("alice"),
        "{table}"
    );
    assert!(!table.contains(suffix));
}

#[test]
fn revoked_keys_pass_and_revoke_revokes_the_live_ones() {
    let h = Harness::new();
    let key = h.key("alice");
    let dir = tempfile::tempdir().unwrap();
    plant(dir.path(), key.secret().expose_secret());
    h.cmd()
        .arg("scan")
        .arg(dir.path())
        .arg("--revoke")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pass --yes"));
    assert!(h.is_active(&key.key.key_id));
    let out = h
        .cmd()
        .arg("scan")
        .arg(dir.path())
        .args(["--revoke", "--yes", "-o", "json"])
        .succeeds();
    assert_eq!(json(&out)[0]["status"], "inactive");
    assert_eq!(json(&out)[0]["revoke"], "revoked");
    assert!(!h.is_active(&key.key.key_id));
    let out = h
        .cmd()
        .arg("scan")
        .arg(dir.path())
        .args(["-o", "json"])
        .succeeds();
    assert_eq!(json(&out)[0]["status"], "inactive");
}

#[test]
fn a_clean_tree_passes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "nothing here\n").unwrap();
    bare_cmd()
        .arg("scan")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("0 key(s) found"));
}
