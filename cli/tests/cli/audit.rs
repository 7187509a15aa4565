//! audit: each rule's finding, the severities, --fail-on, the policy file and the key limit.
//! The emulator's clock runs ahead (advance_time), so the audit is judged `--as-of` its time.

use chrono::{DateTime, TimeDelta, Utc};
use predicates::prelude::*;
use whylabs_api_keys::{ApiKeySecret, Scope};

use crate::common::*;

/// The emulator's "now", `days` ahead of the real clock.
fn at(days: i64) -> DateTime<Utc> {
    Utc::now() + TimeDelta::days(days)
}

fn create(
    h: &Harness,
    org: &str,
    user: &str,
    scopes: &[&str],
    expires: Option<DateTime<Utc>>,
) -> ApiKeySecret {
    let mut request = h
        .client()
        .create_key(org, user)
        .scopes(scopes.iter().copied());
    if let Some(expires) = expires {
        request = request.expires_at(expires);
    }
    h.rt.block_on(request.send()).unwrap().secret().clone()
}

fn use_key(h: &Harness, secret: &ApiKeySecret) {
    let client = h
        .emulator
        .client_builder()
        .api_key(secret.clone())
        .build()
        .unwrap();
    h.rt.block_on(client.validate_key()).unwrap();
}

fn findings(
    h: &Harness,
    org: &str,
    extra: &[&str],
    days: i64,
) -> (Vec<(String, String, String)>, i32) {
    let as_of = at(days).to_rfc3339();
    let out = h
        .cmd()
        .args(["audit", "--org", org, "-o", "json", "--as-of", &as_of])
        .args(extra)
        .output()
        .unwrap();
    let mut found: Vec<(String, String, String)> = json(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let field = |name: &str| f[name].as_str().unwrap_or("-").to_string();
            (field("key_id"), field("rule"), field("severity"))
        })
        .collect();
    found.sort();
    (found, out.status.code().unwrap())
}

fn id(secret: &ApiKeySecret) -> String {
    secret.key_id().unwrap().to_string()
}

#[test]
fn every_rule_finds_its_key() {
    let h = Harness::new();
    let old = create(&h, ORG, "a", &[":user"], None);
    let idle = create(&h, ORG, "b", &[":user"], Some(at(200)));
    use_key(&h, &idle);
    h.advance_days(50);
    let soon = create(&h, ORG, "c", &[":user"], Some(at(50 + 55)));
    h.advance_days(49);
    let admin = create(&h, ORG, "d", &[":administrator"], Some(at(99 + 100)));
    let system = create(&h, ORG, "e", &[":whylabs_system"], Some(at(99 + 100)));
    for used in [&soon, &admin, &system] {
        use_key(&h, used);
    }
    h.advance_days(1);
    let (found, code) = findings(&h, ORG, &[], 100);
    let expected = [
        (&old, "max-age", "warning"),
        (&old, "never-expires", "warning"),
        (&old, "never-used", "warning"),
        (&idle, "max-age", "warning"),
        (&idle, "unused", "warning"),
        (&soon, "expiring-soon", "warning"),
        (&admin, "privileged-scope", "warning"),
        (&system, "privileged-scope", "error"),
    ];
    let mut expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(k, r, s)| (id(k), r.to_string(), s.to_string()))
        .collect();
    expected.sort();
    assert_eq!(found, expected);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&h, ORG, &["--fail-on", "error"], 100).1,
        1,
        "the system key is an error"
    );

    // A policy file raises the age limit and disables a rule; flags override the file.
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    std::fs::write(&policy, "max_age = \"365d\"\ndisabled = [\"never-expires\"]\n[severity]\nprivileged-scope = \"warning\"\n").unwrap();
    let policy = policy.to_str().unwrap();
    let (found, code) = findings(&h, ORG, &["--policy", policy, "--fail-on", "error"], 100);
    let rules: Vec<&str> = found.iter().map(|(_, rule, _)| rule.as_str()).collect();
    assert!(
        !rules.contains(&"max-age") && !rules.contains(&"never-expires"),
        "{rules:?}"
    );
    assert!(found.iter().all(|(_, _, severity)| severity == "warning"));
    assert_eq!(code, 0, "only warnings, failing at error");
    let (found, _) = findings(&h, ORG, &["--policy", policy, "--max-age", "30d"], 100);
    assert!(found.iter().any(|(_, rule, _)| rule == "max-age"));
    std::fs::write(dir.path().join("bad.toml"), "max_agee = 1").unwrap();
    h.cmd()
        .args(["audit", "--policy"])
        .arg(dir.path().join("bad.toml"))
        .assert()
        .code(2);
}

#[test]
fn a_clean_organization_passes_and_the_table_names_the_batching() {
    let h = Harness::new();
    let fresh = create(&h, ORG, "a", &[":user"], Some(at(60)));
    use_key(&h, &fresh);
    h.cmd()
        .arg("audit")
        .assert()
        .success()
        .stdout(predicate::str::contains("0 finding(s)"))
        .stdout(predicate::str::contains("every 15 minutes"));
}

#[test]
fn the_key_limit_warns_near_it_and_errs_at_it() {
    let h = Harness::new();
    let org = "org-full";
    for _ in 0..20 {
        create(&h, org, "svc", &[":user"], Some(at(60)));
    }
    let (found, code) = findings(&h, org, &[], 0);
    assert_eq!(
        found,
        [(
            "-".to_string(),
            "near-key-limit".to_string(),
            "warning".to_string()
        )]
    );
    assert_eq!(code, 1);
    assert_eq!(findings(&h, org, &["--fail-on", "error"], 0).1, 0);
    for _ in 0..5 {
        create(&h, org, "svc", &[":user"], Some(at(60)));
    }
    let (found, code) = findings(&h, org, &["--fail-on", "error"], 0);
    assert_eq!(found[0].2, "error");
    assert_eq!(code, 1);
}

#[test]
fn csv_findings_have_the_documented_header() {
    let h = Harness::new();
    create(&h, ORG, "a", &[Scope::Administrator.as_str()], None);
    let out = h.cmd().args(["audit", "-o", "csv"]).exits(1);
    let csv = text(&out.stdout);
    assert_eq!(
        csv.lines().next().unwrap(),
        "org_id,key_id,user_id,rule,severity,message"
    );
    assert!(csv.contains("privileged-scope"), "{csv}");
}

#[test]
fn an_expired_key_as_of_a_later_date_is_expired_not_to_rotate() {
    let h = Harness::new();
    let lapsing = create(&h, ORG, "a", &[":administrator"], Some(at(30)));
    let live = create(&h, ORG, "b", &[":user"], Some(at(300)));
    use_key(&h, &live);
    let (found, code) = findings(&h, ORG, &[], 100);
    let mut expected: Vec<(String, String, String)> =
        [(&live, "max-age"), (&live, "unused"), (&lapsing, "expired")]
            .iter()
            .map(|(key, rule)| (id(key), rule.to_string(), "warning".to_string()))
            .collect();
    expected.sort();
    assert_eq!(
        found, expected,
        "the expired key gets no max-age, never-used, privileged-scope"
    );
    assert_eq!(code, 1);
    let as_of = at(100).to_rfc3339();
    let out = h.cmd().args(["audit", "--as-of", &as_of]).exits(1);
    let shown = text(&out.stdout);
    let row = shown.lines().find(|l| l.contains(&id(&lapsing))).unwrap();
    assert!(
        row.contains(
            "expired 70d ago but not revoked: it still counts toward the key limit; revoke it"
        ),
        "{shown}"
    );
    assert!(!row.contains("rotate"), "{shown}");
    assert!(
        shown.contains(
            "3 finding(s) (0 error, 3 warning) in 1 active and 1 expired key(s) of org-test"
        ),
        "{shown}"
    );
}

#[test]
fn an_expired_key_now_is_found_and_counted_apart() {
    use crate::list::{listed, serve_list};
    let h = Harness::new();
    let server = serve_list(
        &h,
        serde_json::json!([
            listed(
                "EXPIRED001",
                "2025-11-01T00:00:00",
                Some("2026-01-01T00:00:00"),
                Some("2025-12-01T00:00:00")
            ),
            listed(
                "LIVE000001",
                &Utc::now().format("%Y-%m-%dT%H:%M:%S").to_string(),
                Some("2099-01-01T00:00:00"),
                None
            ),
        ]),
    );
    let out = h
        .cmd()
        .env("WHYLABS_API_ENDPOINT", server.uri())
        .args(["audit", "-o", "json"])
        .exits(1);
    let found = json(&out);
    assert_eq!(column(&found, "key_id"), ["EXPIRED001"], "{found}");
    assert_eq!(column(&found, "rule"), ["expired"]);
    assert!(
        text(&out.stderr)
            .contains("1 finding(s) (0 error, 1 warning) in 1 active and 1 expired key(s)"),
        "{}",
        text(&out.stderr)
    );
    // Disabled, the expired key gets no other finding in its place.
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    std::fs::write(&policy, "disabled = [\"expired\"]\n").unwrap();
    h.cmd()
        .env("WHYLABS_API_ENDPOINT", server.uri())
        .args(["audit", "-o", "json", "--policy"])
        .arg(&policy)
        .assert()
        .success()
        .stdout("[]\n");
}
