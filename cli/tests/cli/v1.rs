//! An organization administrator's key: auto falls back to v1 on v0's 403; what v1 cannot do
//! is said plainly.

use predicates::prelude::*;
use whylabs_api_keys::Scope;
use whylabs_api_keys_emulator::Emulator;

use crate::common::*;

fn admin_harness() -> (Harness, String) {
    let h = Harness::with(Emulator::builder().paid_org(ORG));
    let admin = h.emulator.issue_key(ORG, "alice", [Scope::Administrator]);
    (h, admin.expose_secret().to_string())
}

/// The binary with the administrator's key instead of the system key.
fn as_admin(h: &Harness, admin: &str) -> assert_cmd::Command {
    let mut cmd = h.cmd();
    cmd.env("WHYLABS_API_KEY", admin);
    cmd
}

#[test]
fn an_administrators_key_lists_creates_and_revokes_through_v1() {
    let (h, admin) = admin_harness();
    h.key("bob");
    let out = as_admin(&h, &admin).args(["list", "-o", "json"]).succeeds();
    let listed = json(&out);
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert!(
        listed[0]["user_id"].is_null() && listed[0]["created"].is_null(),
        "v1 metadata: {listed}"
    );

    let out = as_admin(&h, &admin)
        .args(["create", "--scope", ":read_resource", "--print-secret"])
        .succeeds();
    let secret = text(&out.stdout);
    let (id, _) = secret.split_once('.').unwrap();
    assert!(h.is_active(id));
    as_admin(&h, &admin)
        .args(["revoke", id, "--yes"])
        .assert()
        .success();
    assert!(!h.is_active(id));
    // Not one of alice's keys: v1 says it does not exist.
    let bobs = h.key("bob").key.key_id;
    as_admin(&h, &admin)
        .args(["revoke", &bobs, "--yes", "--api", "v1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not found"));
    as_admin(&h, &admin).arg("validate").assert().success();
}

#[test]
fn what_v1_cannot_do_is_said_plainly() {
    let (h, admin) = admin_harness();
    let key = h.key("bob").key.key_id;
    for args in [
        vec!["get", key.as_str()],
        vec!["offboard", "--user", "bob", "--yes"],
        vec!["list", "--user", "bob"],
    ] {
        as_admin(&h, &admin)
            .args(&args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("needs a system key"));
    }
    as_admin(&h, &admin)
        .args(["create", "--user", "bob", "--print-secret"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("system key"))
        .stdout("");
    as_admin(&h, &admin)
        .args(["list", "--api", "v0"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("403"));
    // The audit reports what it can and names what it could not check.
    as_admin(&h, &admin)
        .arg("audit")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("never-expires"))
        .stdout(predicate::str::contains("Not checked: max-age"))
        .stdout(predicate::str::contains("Not checked: unused"));
}
