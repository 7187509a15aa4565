//! list, get, create, revoke, validate: output shapes, exit codes, the secret's handling.

use std::os::unix::fs::PermissionsExt;

use predicates::prelude::*;
use whylabs_api_keys::Operation;
use whylabs_api_keys_emulator::Fault;

use crate::common::*;

const KEY_FIELDS: &str =
    "key_id,org_id,user_id,alias,scopes,status,created,expires,last_used,resource_id";

#[test]
fn list_prints_a_table_json_and_csv_with_the_documented_fields() {
    let h = Harness::new();
    let alice = h.key("alice");
    h.key("bob");
    let table = h.cmd().arg("list").succeeds();
    let table = text(&table.stdout);
    assert!(
        table.contains("KEY ID") && table.contains(&alice.key.key_id),
        "{table}"
    );
    assert!(
        !table.contains('\u{1b}'),
        "no color off a terminal: {table}"
    );

    let out = h.cmd().args(["list", "-o", "json"]).succeeds();
    let listed = json(&out);
    assert_eq!(listed.as_array().unwrap().len(), 2);
    let mut expected: Vec<&str> = KEY_FIELDS.split(',').collect();
    expected.sort_unstable();
    assert_eq!(fields(&listed), expected);
    assert_eq!(listed[0]["status"], "active");
    assert_eq!(listed[0]["scopes"][0], ":user");

    let out = h.cmd().args(["list", "--output", "csv"]).succeeds();
    let csv = text(&out.stdout);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], KEY_FIELDS);
    assert_eq!(lines.len(), 3);
    assert!(lines[1].starts_with(&alice.key.key_id), "{csv}");
}

#[test]
fn list_of_a_user_includes_revoked_keys_and_several_orgs_are_listed_together() {
    let h = Harness::new();
    let old = h.key("alice");
    h.key("alice");
    h.rt.block_on(h.client().revoke_key(ORG, "alice", &old.key.key_id))
        .unwrap();
    h.rt.block_on(
        h.client()
            .create_key("org-other", "zed")
            .scopes([":user"])
            .send(),
    )
    .unwrap();
    let out = h
        .cmd()
        .args(["list", "--user", "alice", "-o", "json"])
        .succeeds();
    let statuses = column(&json(&out), "status");
    assert_eq!(statuses, ["revoked", "active"]);
    let out = h
        .cmd()
        .args(["list", "--org", ORG, "--org", "org-other", "-o", "json"])
        .succeeds();
    let orgs = column(&json(&out), "org_id");
    assert_eq!(orgs, [ORG, "org-other"]);
}

#[test]
fn usage_errors_exit_2() {
    let h = Harness::new();
    bare_cmd()
        .arg("list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no API key"));
    h.cmd()
        .arg("list")
        .env_remove("WHYLABS_DEFAULT_ORG_ID")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--org"));
    h.cmd().args(["list", "--no-such-flag"]).assert().code(2);
    h.cmd().args(["create", "--user", "u"]).assert().code(2); // no --secret-file / --print-secret
    h.cmd()
        .args([
            "create",
            "--user",
            "u",
            "--expires-in",
            "soon",
            "--print-secret",
        ])
        .assert()
        .code(2);
}

#[test]
fn get_shows_a_key_and_says_when_there_is_none() {
    let h = Harness::new();
    let key = h.key("alice");
    let out = h
        .cmd()
        .args(["get", &key.key.key_id, "-o", "json"])
        .succeeds();
    assert_eq!(json(&out)[0]["user_id"], "alice");
    h.cmd()
        .args(["get", "HMiFAgQeNb"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not found"));
}

#[test]
fn create_writes_the_secret_to_a_0600_file_and_nowhere_else() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alice.key");
    let out = h
        .cmd()
        .args([
            "create",
            "--user",
            "alice",
            "--scope",
            ":user",
            "--scope",
            ":write_data",
            "--alias",
            "nightly",
            "--expires-in",
            "90d",
            "--secret-file",
        ])
        .arg(&path)
        .succeeds();
    let secret = std::fs::read_to_string(&path).unwrap();
    let secret = secret.trim_end();
    assert!(
        secret.ends_with(&format!(":{ORG}")),
        "the file holds the secret"
    );
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    let (_, suffix) = secret.split_once('.').unwrap();
    assert!(
        !stdout.contains(suffix) && !stderr.contains(suffix),
        "{stdout}{stderr}"
    );
    assert!(stdout.contains("mode 0600"), "{stdout}");
    // The secret works: validate with it.
    h.cmd()
        .args(["validate", "--api-key-file"])
        .arg(&path)
        .env_remove("WHYLABS_API_KEY")
        .assert()
        .success();
}

#[test]
fn create_checks_the_secret_file_before_making_a_key() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("taken.key");
    std::fs::write(&existing, "keep me").unwrap();
    h.cmd()
        .args(["create", "--user", "alice", "--secret-file"])
        .arg(&existing)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep me");
    let missing_dir = dir.path().join("no/such/dir/a.key");
    h.cmd()
        .args(["create", "--user", "alice", "--secret-file"])
        .arg(&missing_dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no key was created"));
    let keys = h.rt.block_on(h.client().list_keys(ORG).send()).unwrap();
    assert!(keys.is_empty(), "no orphaned key: {keys:?}");
    // A failed create leaves no empty secret file behind.
    h.emulator
        .inject(Fault::status(400).operation(Operation::Create));
    let fresh = dir.path().join("fresh.key");
    h.cmd()
        .args(["create", "--user", "alice", "--secret-file"])
        .arg(&fresh)
        .assert()
        .code(1);
    assert!(!fresh.exists());
}

#[test]
fn print_secret_puts_the_secret_alone_on_stdout() {
    let h = Harness::new();
    let out = h
        .cmd()
        .args(["create", "--user", "alice", "--print-secret", "-v"])
        .succeeds();
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    let (id, rest) = lines[0].split_once('.').unwrap();
    assert_eq!(id.len(), 10);
    assert!(rest.ends_with(&format!(":{ORG}")));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(id) && !stderr.contains(rest),
        "stderr names the id only: {stderr}"
    );
}

#[test]
fn a_create_whose_answer_never_came_is_reconciled_and_said_so() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("late.key");
    // The emulator makes the key at once but answers after the attempt's 2 s.
    h.emulator
        .inject(Fault::delay(std::time::Duration::from_secs(3)).operation(Operation::Create));
    let out = h
        .cmd()
        .args([
            "create",
            "--user",
            "alice",
            "--timeout",
            "4s",
            "--secret-file",
        ])
        .arg(&path)
        .exits(1);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("outcome unknown") && stderr.contains("was revoked"),
        "{stderr}"
    );
    assert!(!path.exists(), "no secret, no file");
    let keys = h.rt.block_on(h.client().list_keys(ORG).send()).unwrap();
    assert!(keys.is_empty(), "the orphan was revoked: {keys:?}");
}
