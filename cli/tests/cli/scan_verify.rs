//! scan --verify: each found key is asked about with itself, against the emulator: a live key
//! is active, a revoked or expired one inactive, and a 5xx or 429 leaves it unknown (never
//! inactive). No API key of one's own is needed, and no key is printed.

use std::path::Path;
use std::time::Duration;

use serde_json::Value;
use whylabs_api_keys::Operation;

use crate::common::*;

fn plant(root: &Path, secrets: &[&str]) {
    for (i, secret) in secrets.iter().enumerate() {
        std::fs::write(root.join(format!("k{i}.env")), format!("KEY={secret}\n")).unwrap();
    }
}

/// `scan --verify` with the emulator's endpoint and no API key; the rows' (key_id, status).
fn verify(h: &Harness, dir: &Path, secrets: &[&str], code: i32) -> Vec<(String, String)> {
    verify_within(h, dir, secrets, code, "5s")
}

fn verify_within(
    h: &Harness,
    dir: &Path,
    secrets: &[&str],
    code: i32,
    timeout: &str,
) -> Vec<(String, String)> {
    let out = bare_cmd()
        .env("WHYLABS_API_ENDPOINT", h.emulator.base_url())
        // -vvv: the key is in no log line either.
        .args([
            "-vvv",
            "--timeout",
            timeout,
            "scan",
            "--verify",
            "-o",
            "json",
        ])
        .arg(dir)
        .exits(code);
    for secret in secrets {
        let (_, rest) = secret.split_once('.').unwrap();
        let (suffix, _) = rest.split_once(':').unwrap_or((rest, ""));
        assert!(!text(&out.stdout).contains(suffix) && !text(&out.stderr).contains(suffix));
    }
    let field = |r: &Value, f: &str| r[f].as_str().unwrap_or("-").to_string();
    let mut rows: Vec<(String, String)> = json(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (field(r, "key_id"), field(r, "status")))
        .collect();
    rows.sort();
    rows
}

#[test]
fn live_keys_are_active_and_revoked_or_expired_ones_inactive() {
    let h = Harness::new();
    let client = h.client();
    let (live, revoked) = (h.key("alice"), h.key("bob"));
    h.rt.block_on(client.revoke_key(ORG, "bob", &revoked.key.key_id))
        .unwrap();
    let expiring =
        h.rt.block_on(
            client
                .create_key(ORG, "carol")
                .scopes([":user"])
                .expires_in(Duration::from_secs(3600))
                .send(),
        )
        .unwrap();
    h.advance_days(1);
    let secrets = [
        live.secret().expose_secret(),
        revoked.secret().expose_secret(),
        expiring.secret().expose_secret(),
    ];
    let dir = tempfile::tempdir().unwrap();
    plant(dir.path(), &secrets);
    let mut expected = vec![
        (live.key.key_id.clone(), "active".to_string()),
        (revoked.key.key_id.clone(), "inactive".to_string()),
        (expiring.key.key_id.clone(), "inactive".to_string()),
    ];
    expected.sort();
    assert_eq!(verify(&h, dir.path(), &secrets, 1), expected);

    // All inactive: exit 0.
    std::fs::remove_file(dir.path().join("k0.env")).unwrap();
    let rows = verify(&h, dir.path(), &secrets, 0);
    assert!(
        rows.iter().all(|(_, status)| status == "inactive"),
        "{rows:?}"
    );
}

/// Verifies one live key while validate answers with `fault` (every time), within
/// `timeout`: the verdict must be `unknown`.
fn unknown_under(fault: Fault, timeout: &str) {
    let h = Harness::new();
    let live = h.key("alice");
    let secret = live.secret().expose_secret();
    let dir = tempfile::tempdir().unwrap();
    plant(dir.path(), &[secret]);
    h.emulator
        .inject(fault.times(100).operation(Operation::Validate));
    let rows = verify_within(&h, dir.path(), &[secret], 1, timeout);
    assert_eq!(rows, [(live.key.key_id.clone(), "unknown".to_string())]);
}

#[test]
fn a_server_error_or_rate_limit_leaves_the_key_unknown_never_inactive() {
    for status in [503, 429, 500] {
        unknown_under(Fault::status(status), "5s");
    }
}

#[test]
fn a_timeout_leaves_the_key_unknown() {
    unknown_under(Fault::delay(Duration::from_secs(5)), "1s");
}

#[test]
fn verify_and_revoke_together_are_a_usage_error() {
    bare_cmd()
        .args(["scan", "--verify", "--revoke", "."])
        .exits(2);
}
