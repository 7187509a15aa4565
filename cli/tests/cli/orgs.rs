//! The key's own organization (the `:org-id` a WhyLabs key ends in): list needs no `--org`
//! with it, and a 403 for another organization says what is wrong.

use predicates::prelude::*;
use whylabs_api_keys::Scope;
use whylabs_api_keys_emulator::Emulator;

use crate::common::*;

const OTHER: &str = "org-other";
const CHILD: &str = "org-child";

fn admin(h: &Harness) -> String {
    h.emulator
        .issue_key(ORG, "alice", [Scope::Administrator])
        .expose_secret()
        .to_string()
}

fn as_admin(h: &Harness, key: &str) -> assert_cmd::Command {
    let mut cmd = h.cmd();
    cmd.env("WHYLABS_API_KEY", key)
        .env_remove("WHYLABS_DEFAULT_ORG_ID");
    cmd
}

#[test]
fn an_administrators_key_lists_its_own_organization_without_org() {
    let h = Harness::with(Emulator::builder().paid_org(ORG));
    let key = admin(&h);
    let bobs = h.key("bob").key.key_id;
    let out = as_admin(&h, &key).args(["list", "-o", "json"]).succeeds();
    let listed = column(&json(&out), "key_id");
    assert!(listed.contains(&bobs), "{listed:?}");
    assert_eq!(column(&json(&out), "org_id"), [ORG, ORG]);
}

#[test]
fn another_organization_is_explained_not_a_bare_403() {
    let h = Harness::with(Emulator::builder().paid_org(ORG).paid_org(OTHER));
    let key = admin(&h);
    let explained = format!(
        "the key belongs to organization {ORG}; {OTHER} is not {ORG}, and the server refused \
         {OTHER} as an organization {ORG} manages"
    );
    as_admin(&h, &key)
        .args(["list", "--org", OTHER])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(explained.as_str()));
    as_admin(&h, &key)
        .args([
            "create",
            "--org",
            OTHER,
            "--scope",
            ":user",
            "--print-secret",
        ])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(explained.as_str()))
        .stderr(predicate::str::contains("needs an organization administrator's key").not());
}

#[test]
fn a_managed_organization_is_listed_with_the_parents_key() {
    let h = Harness::with(Emulator::builder().paid_org(ORG).managed_org(ORG, CHILD));
    let key = admin(&h);
    h.rt.block_on(
        h.client()
            .create_key(CHILD, "carol")
            .scopes([":user"])
            .send(),
    )
    .unwrap();
    let out = as_admin(&h, &key)
        .args(["list", "--org", CHILD, "-o", "json"])
        .succeeds();
    assert_eq!(column(&json(&out), "org_id"), [CHILD]);
}
