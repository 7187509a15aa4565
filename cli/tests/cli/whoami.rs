//! `whoami` / `auth status`: the configured key's id, organization, source, API and scopes,
//! the endpoint and whether the key is valid; never the secret.

use predicates::prelude::*;
use whylabs_api_keys::Scope;
use whylabs_api_keys_emulator::Emulator;

use crate::common::*;

/// The part of a key after its id: what must never be printed.
fn secret_part(key: &str) -> String {
    let (_, rest) = key.split_once('.').unwrap();
    rest.split(':').next().unwrap().to_string()
}

fn assert_no_secret(output: &std::process::Output, key: &str) {
    let secret = secret_part(key);
    assert!(
        !text(&output.stdout).contains(&secret),
        "stdout leaks the secret"
    );
    assert!(
        !text(&output.stderr).contains(&secret),
        "stderr leaks the secret"
    );
}

#[test]
fn whoami_reports_a_system_key_its_api_and_the_endpoint() {
    let h = Harness::new();
    let admin = h.emulator.admin_key().expose_secret().to_string();
    let out = h.cmd().args(["whoami", "-o", "json"]).succeeds();
    assert_no_secret(&out, &admin);
    let report = &json(&out)[0];
    assert_eq!(report["key_id"], admin.split_once('.').unwrap().0);
    assert_eq!(report["org_id"], serde_json::Value::Null);
    assert_eq!(report["key_source"], "WHYLABS_API_KEY");
    assert_eq!(report["endpoint"], h.emulator.base_url());
    assert_eq!(report["api"], "v0");
    assert_eq!(report["status"], "valid");
    let csv = h.cmd().args(["whoami", "-o", "csv"]).succeeds();
    assert_eq!(
        text(&csv.stdout).lines().next().unwrap(),
        "key_id,org_id,key_source,profile,endpoint,api,scopes,status,note"
    );
}

#[test]
fn an_issued_keys_org_and_scopes_are_reported_on_v0_and_v1() {
    let h = Harness::with(Emulator::builder().paid_org(ORG));
    let system = h.emulator.issue_key(ORG, "svc", [Scope::WhylabsSystem]);
    let out = h
        .cmd()
        .env("WHYLABS_API_KEY", system.expose_secret())
        .env_remove("WHYLABS_DEFAULT_ORG_ID")
        .args(["whoami", "-o", "json"])
        .succeeds();
    let report = &json(&out)[0];
    assert_eq!(report["org_id"], ORG);
    assert_eq!(report["api"], "v0");
    assert_eq!(report["scopes"], serde_json::json!([":whylabs_system"]));

    let admin = h.emulator.issue_key(ORG, "alice", [Scope::Administrator]);
    for spelling in [vec!["whoami"], vec!["auth", "status"]] {
        let out = h
            .cmd()
            .env("WHYLABS_API_KEY", admin.expose_secret())
            .args(&spelling)
            .args(["-o", "json"])
            .succeeds();
        assert_no_secret(&out, admin.expose_secret());
        let report = &json(&out)[0];
        assert_eq!(report["org_id"], ORG, "{spelling:?}");
        assert_eq!(report["api"], "v1", "{spelling:?}");
        assert_eq!(report["scopes"], serde_json::json!([":administrator"]));
    }
}

#[test]
fn a_revoked_key_is_invalid_exit_1_with_the_reason_and_its_source() {
    let h = Harness::new();
    let created = h.key("bob");
    let secret = created.secret().clone();
    h.rt.block_on(h.client().revoke_key(ORG, "bob", &created.key.key_id))
        .unwrap();
    let out = h
        .cmd()
        .env("WHYLABS_API_KEY", secret.expose_secret())
        .arg("whoami")
        .exits(1);
    assert_no_secret(&out, secret.expose_secret());
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!("Key id        {}", created.key.key_id)),
        "{stdout}"
    );
    assert!(stdout.contains("Status        invalid"), "{stdout}");
    assert!(
        stdout.contains("unknown, revoked or expired") && stdout.contains("WHYLABS_API_KEY"),
        "{stdout}"
    );
}

#[test]
fn whoami_without_a_key_is_a_usage_error() {
    bare_cmd()
        .arg("whoami")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no API key"));
}
