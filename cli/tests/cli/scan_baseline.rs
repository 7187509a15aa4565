//! scan's baselines: an entry (by fingerprint) leaves out an inactive or unknown key until it
//! expires, never an active one; entries matching nothing are reported as stale;
//! --write-baseline writes one that the next scan applies; a malformed one is a usage error.

use std::path::Path;

use crate::common::*;

const KEY: &str = "LLLLLLLLL1.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0";
/// A fingerprint no key of these tests has.
const FINGERPRINT: &str = "6e56fd51e5e3f6b0f5f0eb2e2b74cf4b1e5e8d4f5c6f6c39a1c0b4c1f3a2e9b1";

fn entry(fingerprint: &str, extra: &str) -> String {
    format!("[[ignore]]\nfingerprint = \"{fingerprint}\"\nreason = \"fixture\"\n{extra}\n")
}

fn tree(key: &str, baseline: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.env"), format!("KEY={key}\n")).unwrap();
    if let Some(baseline) = baseline {
        std::fs::write(dir.path().join(".whylabs-keys-ignore.toml"), baseline).unwrap();
    }
    dir
}

/// The fingerprint scan gives the key in `dir`.
fn fingerprint_in(dir: &Path) -> String {
    let out = bare_cmd()
        .arg("scan")
        .arg(dir)
        .args(["-o", "json"])
        .exits(1);
    json(&out)[0]["fingerprint"].as_str().unwrap().to_string()
}

#[test]
fn a_written_baseline_leaves_the_known_key_out_of_the_next_scan() {
    let dir = tree(KEY, None);
    let fingerprint = fingerprint_in(dir.path());
    let file = dir.path().join(".whylabs-keys-ignore.toml");
    let out = bare_cmd()
        .arg("scan")
        .arg(dir.path())
        .arg("--write-baseline")
        .arg(&file)
        .exits(1);
    assert!(
        text(&out.stderr).contains("Wrote 1 key(s)"),
        "{}",
        text(&out.stderr)
    );
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains(&fingerprint) && !written.contains(&KEY[11..]));
    assert!(written.contains("TODO"), "{written}");

    // The file in the scanned root applies by itself: unknown, baselined, exit 0.
    let out = bare_cmd()
        .arg("scan")
        .arg(dir.path())
        .args(["-o", "json"])
        .succeeds();
    assert_eq!(json(&out), serde_json::json!([]));
    assert!(
        text(&out.stderr).contains("1 key(s) left out"),
        "{}",
        text(&out.stderr)
    );

    // A new key is not hidden by the old one's entry.
    std::fs::write(
        dir.path().join("new.env"),
        KEY.replace("LLLLLLLLL1", "MMMMMMMMM2"),
    )
    .unwrap();
    let out = bare_cmd()
        .arg("scan")
        .arg(dir.path())
        .args(["-o", "json"])
        .exits(1);
    assert_eq!(column(&json(&out), "key_id"), ["MMMMMMMMM2"]);
}

#[test]
fn an_expired_entry_no_longer_suppresses() {
    let fingerprint = fingerprint_in(tree(KEY, None).path());
    let dir = tree(KEY, Some(&entry(&fingerprint, "expires = 2000-01-01")));
    let out = bare_cmd().arg("scan").arg(dir.path()).exits(1);
    assert!(
        text(&out.stderr).contains("expired on 2000-01-01"),
        "{}",
        text(&out.stderr)
    );
    let dir = tree(KEY, Some(&entry(&fingerprint, "expires = 9999-01-01")));
    bare_cmd().arg("scan").arg(dir.path()).succeeds();
}

#[test]
fn entries_matching_nothing_are_reported_as_stale() {
    let dir = tree(KEY, Some(&entry(FINGERPRINT, "")));
    let out = bare_cmd().arg("scan").arg(dir.path()).exits(1);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!("stale baseline entry {FINGERPRINT} (fixture)")),
        "{stderr}"
    );
}

#[test]
fn a_baselined_key_that_is_active_is_still_reported() {
    let h = Harness::new();
    let live = h.key("alice");
    let live = live.secret().expose_secret();
    let fingerprint = fingerprint_in(tree(live, None).path());
    let dir = tree(live, Some(&entry(&fingerprint, "")));
    let out = h
        .cmd()
        .arg("scan")
        .arg(dir.path())
        .args(["-o", "json"])
        .exits(1);
    let rows = json(&out);
    assert_eq!(column(&rows, "status"), ["active"]);
    assert!(
        text(&out.stderr).contains("in the baseline but active"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn baseline_flag_replaces_the_default_file_and_a_malformed_one_is_a_usage_error() {
    let fingerprint = fingerprint_in(tree(KEY, None).path());
    let dir = tree(KEY, Some(&entry(FINGERPRINT, "")));
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("accepted.toml");
    std::fs::write(&file, entry(&fingerprint, "")).unwrap();
    let out = bare_cmd()
        .arg("scan")
        .arg(dir.path())
        .arg("--baseline")
        .arg(&file)
        .succeeds();
    assert!(
        !text(&out.stderr).contains("stale"),
        "the default file is not read"
    );

    std::fs::write(
        &file,
        "[[ignore]]\nfingerprint = \"not-a-hash\"\nreason = \"x\"\n",
    )
    .unwrap();
    let out = bare_cmd()
        .arg("scan")
        .arg(dir.path())
        .arg("--baseline")
        .arg(&file)
        .exits(2);
    assert!(
        text(&out.stderr).contains("not a fingerprint"),
        "{}",
        text(&out.stderr)
    );
}
