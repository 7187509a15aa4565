//! audit -o junit: one test case per key and rule (and per organization for the key limit),
//! a failure for each finding at or above --fail-on, parsed as a CI report reader would.

use std::time::Duration;

use crate::common::*;

/// (test cases, failures, the failed cases as (classname, name)) of a JUnit report.
fn report(xml: &str) -> (usize, usize, Vec<(String, String)>) {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let cases: Vec<_> = root
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let failed: Vec<(String, String)> = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .map(|c| {
            let attr = |name| c.attribute(name).unwrap().to_string();
            (attr("classname"), attr("name"))
        })
        .collect();
    let failures: usize = root.attribute("failures").unwrap().parse().unwrap();
    assert_eq!(failures, failed.len(), "the count matches the failures");
    let tests: usize = root.attribute("tests").unwrap().parse().unwrap();
    assert_eq!(tests, cases.len());
    (cases.len(), failures, failed)
}

#[test]
fn each_key_and_rule_is_a_test_case_and_findings_at_fail_on_are_failures() {
    let h = Harness::new();
    // One key that never expires (a finding), one that expires in 30 days (none).
    let forever = h.key("alice");
    let expiring =
        h.rt.block_on(
            h.client()
                .create_key(ORG, "bob")
                .scopes([":user"])
                .expires_in(Duration::from_secs(30 * 86_400))
                .send(),
        )
        .unwrap();
    let junit = |fail_on: &str, code: i32| {
        let out = h
            .cmd()
            .args(["audit", "-o", "junit", "--fail-on", fail_on])
            .exits(code);
        text(&out.stdout)
    };
    let findings = json(
        &h.cmd()
            .args(["audit", "-o", "json", "--fail-on", "error"])
            .succeeds(),
    );
    let (cases, failures, failed) = report(&junit("warning", 1));
    // Seven per-key rules (six, and duplicate-active) for each of the two keys, and the
    // organization's key limit.
    assert_eq!(cases, 2 * 7 + 1);
    assert_eq!(failures, findings.as_array().unwrap().len());
    let class = format!("{ORG}.{}", forever.key.key_id);
    assert!(
        failed.contains(&(class, "never-expires".to_string())),
        "{failed:?}"
    );
    let other = format!("{ORG}.{}", expiring.key.key_id);
    assert!(!failed.iter().any(|(c, _)| *c == other), "{failed:?}");

    // The same findings below --fail-on pass.
    let (cases, failures, _) = report(&junit("error", 0));
    assert_eq!((cases, failures), (2 * 7 + 1, 0));
}

#[test]
fn a_rotation_left_pending_is_a_failed_case_of_its_own() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let (key, journal) = crate::audit_rotation::interrupted_rotation(&h, dir.path());
    let later = (chrono::Utc::now() + chrono::TimeDelta::days(2)).to_rfc3339();
    let out = h
        .cmd()
        .args(["audit", "-o", "junit", "--as-of", &later, "--journal"])
        .arg(&journal)
        .exits(1);
    let (_, _, failed) = report(&text(&out.stdout));
    let pending = (format!("{ORG}.{key}"), "rotation-pending".to_string());
    assert!(failed.contains(&pending), "{failed:?}");
}
