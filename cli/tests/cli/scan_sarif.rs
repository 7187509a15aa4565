//! scan -o sarif: every shape the tool writes (each verdict, none, history findings, baseline
//! notifications) validates against the official SARIF 2.1.0 schema (vendored in
//! tests/fixtures, as CI has no network); fingerprints are the key's SHA-256, and no output
//! holds a secret.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use crate::common::*;
use crate::git_repo::Repo;

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string("tests/fixtures/sarif-schema-2.1.0.json").unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

/// The SARIF on stdout, asserted valid and free of every secret in `secrets`.
fn sarif(out: &Output, secrets: &[&str]) -> Value {
    let log = json(out);
    let errors: Vec<String> = validator()
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?} in {log}");
    for secret in secrets {
        let (_, suffix) = secret.split_once('.').unwrap();
        for stream in [&out.stdout, &out.stderr] {
            assert!(!text(stream).contains(suffix), "a secret in the output");
        }
    }
    log
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().unwrap()
}

/// `printf %s "${KEY%%:*}" | sha256sum`: the key without its `:org` suffix.
fn sha256(key: &str) -> String {
    let key = key.split(':').next().unwrap();
    let mut child = Command::new("sha256sum")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(key.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    text(&out.stdout).split(' ').next().unwrap().to_string()
}

fn scan_sarif(cmd: &mut assert_cmd::Command, path: &Path, code: i32) -> Output {
    cmd.arg("scan").arg(path).args(["-o", "sarif"]).exits(code)
}

#[test]
fn each_verdict_is_a_rule_and_each_result_carries_the_keys_fingerprint() {
    let h = Harness::new();
    let (live, revoked) = (h.key("alice"), h.key("bob"));
    h.rt.block_on(h.client().revoke_key(ORG, "bob", &revoked.key.key_id))
        .unwrap();
    let (live, revoked) = (
        live.secret().expose_secret(),
        revoked.secret().expose_secret(),
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("live.env"), format!("KEY={live}\n")).unwrap();
    std::fs::write(dir.path().join("dead.env"), format!("\n\nKEY={revoked}\n")).unwrap();

    let log = sarif(&scan_sarif(&mut h.cmd(), dir.path(), 1), &[live, revoked]);
    let run = &log["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "whylabs-key/active",
            "whylabs-key/unknown",
            "whylabs-key/inactive"
        ]
    );
    let found: Vec<(&str, &str, u64)> = results(&log)
        .iter()
        .map(|r| {
            let location = &r["locations"][0]["physicalLocation"];
            let uri = location["artifactLocation"]["uri"].as_str().unwrap();
            let line = location["region"]["startLine"].as_u64().unwrap();
            (
                r["ruleId"].as_str().unwrap(),
                uri.rsplit('/').next().unwrap(),
                line,
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("whylabs-key/inactive", "dead.env", 3),
            ("whylabs-key/active", "live.env", 1)
        ]
    );
    let fingerprint = |r: &Value| r["partialFingerprints"]["whylabsKeySha256/v1"].clone();
    assert_eq!(fingerprint(&results(&log)[1]), sha256(live));
    assert_eq!(fingerprint(&results(&log)[0]), sha256(revoked));
    assert_eq!(results(&log)[1]["level"], "error");
    assert_eq!(results(&log)[0]["level"], "note");

    // Without an API key: unknown; a key without its :org suffix has the same fingerprint.
    assert!(revoked.ends_with(&format!(":{ORG}")));
    let bare = revoked.split(':').next().unwrap();
    std::fs::write(dir.path().join("dead.env"), format!("{bare}\n")).unwrap();
    let log = sarif(
        &scan_sarif(&mut bare_cmd(), dir.path(), 1),
        &[live, revoked],
    );
    assert!(
        results(&log)
            .iter()
            .all(|r| r["ruleId"] == "whylabs-key/unknown")
    );
    assert_eq!(fingerprint(&results(&log)[0]), sha256(revoked));
}

#[test]
fn no_findings_history_findings_and_notifications_are_valid_sarif() {
    let empty = tempfile::tempdir().unwrap();
    let log = sarif(&scan_sarif(&mut bare_cmd(), empty.path(), 0), &[]);
    assert!(results(&log).is_empty());
    // The validator does refuse what is not SARIF: a log without its version.
    let mut broken = log.clone();
    broken.as_object_mut().unwrap().remove("version");
    assert!(!validator().is_valid(&broken));

    let key = "KKKKKKKKK1.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0";
    let repo = Repo::new();
    repo.write("dir with space/app.env", &format!("KEY={key}\n"));
    let added = repo.commit("leak");
    repo.write("dir with space/app.env", "KEY=\n");
    repo.commit("remove");
    let stale = format!(
        "[[ignore]]\nfingerprint = \"{}\"\nreason = \"gone\"\n",
        "0".repeat(64)
    );
    repo.write(".whylabs-keys-ignore.toml", &stale);
    let out = bare_cmd()
        .args(["scan", "--git"])
        .arg(repo.path())
        .args(["-o", "sarif"])
        .exits(1);
    let log = sarif(&out, &[key]);
    let result = &results(&log)[0];
    assert_eq!(result["properties"]["commit"], added.as_str());
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "dir%20with%20space/app.env"
    );
    let notes = &log["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert!(
        notes[0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("stale"),
        "{notes}"
    );
}

#[test]
fn sarif_and_junit_are_refused_by_the_commands_that_do_not_write_them() {
    let out = bare_cmd().args(["list", "-o", "sarif"]).exits(2);
    assert!(
        text(&out.stderr).contains("only scan writes"),
        "{}",
        text(&out.stderr)
    );
    bare_cmd().args(["scan", ".", "-o", "junit"]).exits(2);
}
