//! audit's rotation rules: duplicate-active (more than one active key per user and alias
//! outside an overlap) and rotation-pending (interrupted or past its overlap for over a day).

use crate::common::*;

fn aliased(h: &Harness, user: &str, alias: &str) -> String {
    let create = h
        .client()
        .create_key(ORG, user)
        .alias(alias)
        .scopes([":user"]);
    h.rt.block_on(create.send()).unwrap().key.key_id
}

fn findings(h: &Harness, journal: &std::path::Path, extra: &[&str], rule: &str) -> Vec<String> {
    let mut cmd = h.cmd();
    cmd.args(["audit", "-o", "json", "--journal"])
        .arg(journal)
        .args(extra);
    let out = cmd.output().unwrap();
    let rows = json(&out);
    rows.as_array()
        .unwrap()
        .iter()
        .filter(|row| row["rule"] == rule)
        .map(|row| row["key_id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn two_active_keys_with_one_alias_are_found_unless_in_an_overlap() {
    let h = Harness::new();
    let a = aliased(&h, "svc-ingest", "ingest");
    let b = aliased(&h, "svc-ingest", "ingest");
    let other = aliased(&h, "svc-ingest", "export");
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal");
    let mut found = findings(&h, &journal, &[], "duplicate-active");
    found.sort();
    let mut expected = vec![a.clone(), b.clone()];
    expected.sort();
    assert_eq!(found, expected);
    // A rotation in its overlap explains its two keys.
    let sink = format!("file:{}", dir.path().join("export.key").display());
    h.cmd()
        .args([
            "rotate",
            &other,
            "--yes",
            "--overlap",
            "1h",
            "--deliver",
            &sink,
            "--journal",
        ])
        .arg(&journal)
        .succeeds();
    let found = findings(&h, &journal, &[], "duplicate-active");
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(!found.contains(&other));
}

/// A rotation of a new key of alice's, killed once the replacement was created and journaled
/// in `dir`: the key's id and the journal's path.
pub fn interrupted_rotation(h: &Harness, dir: &std::path::Path) -> (String, std::path::PathBuf) {
    let key = h.key("alice").key.key_id;
    let journal = dir.join("journal");
    let sink = format!("file:{}", dir.join("a.key").display());
    h.cmd()
        .args(["rotate", &key, "--yes", "--deliver", &sink, "--journal"])
        .arg(&journal)
        .env("WHYLABS_KEYS_TEST_CRASH_AFTER", "created")
        .exits(137);
    (key, journal)
}

#[test]
fn a_rotation_interrupted_for_more_than_a_day_is_an_error() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let (key, journal) = interrupted_rotation(&h, dir.path());
    assert!(findings(&h, &journal, &[], "rotation-pending").is_empty());
    let later = (chrono::Utc::now() + chrono::TimeDelta::days(2)).to_rfc3339();
    let found = findings(&h, &journal, &["--as-of", &later], "rotation-pending");
    assert_eq!(found, [key]);
}
