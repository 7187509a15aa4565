//! `--api-key-file`: BOM and CR stripped, the first non-blank line (named when it is not line
//! 1), a warning for a file others may read, `-` for stdin; a 401 names the file.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use predicates::prelude::*;

use crate::common::*;

/// The binary with the emulator's endpoint and organization but the key only in `contents`,
/// written to a file of `mode`.
fn with_key_file(
    h: &Harness,
    contents: &str,
    mode: u32,
) -> (assert_cmd::Command, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("key.txt");
    fs::write(&path, contents).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
    let mut cmd = h.cmd();
    cmd.env_remove("WHYLABS_API_KEY")
        .arg("--api-key-file")
        .arg(&path);
    (cmd, dir)
}

#[test]
fn a_bom_and_windows_line_ends_are_stripped() {
    let h = Harness::new();
    let key = h.emulator.admin_key().expose_secret().to_string();
    let (mut cmd, _dir) = with_key_file(&h, &format!("\u{feff}{key}\r\n"), 0o600);
    let out = cmd.arg("validate").succeeds();
    assert_eq!(
        text(&out.stderr),
        "",
        "no warning for a 0600 file on line 1"
    );
}

#[test]
fn blank_first_lines_are_skipped_and_the_line_used_is_named() {
    let h = Harness::new();
    let key = h.emulator.admin_key().expose_secret().to_string();
    let (mut cmd, dir) = with_key_file(&h, &format!("\r\n  \n{key}\n"), 0o600);
    let out = cmd.arg("validate").succeeds();
    let path = dir.path().join("key.txt");
    assert_eq!(
        text(&out.stderr),
        format!(
            "whylabs-keys: --api-key-file {}: using line 3, the first non-blank one\n",
            path.display()
        )
    );
    let (mut cmd, _dir) = with_key_file(&h, "\u{feff}\r\n \n", 0o600);
    cmd.arg("validate")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is empty (no non-blank line)"));
}

#[test]
fn a_key_file_others_may_read_is_warned_about() {
    let h = Harness::new();
    let key = h.emulator.admin_key().expose_secret().to_string();
    let (mut cmd, dir) = with_key_file(&h, &key, 0o644);
    let out = cmd.arg("validate").succeeds();
    let path = dir.path().join("key.txt");
    assert_eq!(
        text(&out.stderr),
        format!(
            "whylabs-keys: warning: the API key file {0} may be read by other users (mode 644); \
             restrict it with: chmod 600 {0}\n",
            path.display()
        )
    );
}

#[test]
fn a_dash_reads_the_key_from_stdin() {
    let h = Harness::new();
    let key = h.emulator.admin_key().expose_secret().to_string();
    h.cmd()
        .env_remove("WHYLABS_API_KEY")
        .args(["--api-key-file", "-", "validate"])
        .write_stdin(format!("{key}\n"))
        .assert()
        .success();
}

#[test]
fn a_401_says_the_key_is_unknown_revoked_or_expired_and_where_it_came_from() {
    let h = Harness::new();
    let created = h.key("bob");
    h.rt.block_on(h.client().revoke_key(ORG, "bob", &created.key.key_id))
        .unwrap();
    let (mut cmd, dir) = with_key_file(&h, created.secret().expose_secret(), 0o600);
    let path = dir.path().join("key.txt");
    cmd.arg("list")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "(401): the configured API key (from --api-key-file {}) is unknown, revoked or expired",
            path.display()
        )));
    h.cmd()
        .env("WHYLABS_API_KEY", created.secret().expose_secret())
        .args(["get", &created.key.key_id])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the configured API key (from WHYLABS_API_KEY) is unknown, revoked or expired",
        ));
}
