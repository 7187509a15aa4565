//! rotate --resume after a crash (`kill -9` simulated by the test-only crash hook, exit 137)
//! between steps, rotate --overlap then --finish, and the rotations list: after each, every
//! sink holds an active key and no active key is held by no sink.

use std::time::Duration;

use crate::common::*;
use crate::rotation_setup::Setup;

const CRASH: &str = "WHYLABS_KEYS_TEST_CRASH_AFTER";

fn rotations(s: &Setup) -> serde_json::Value {
    let out = bare_cmd()
        .args(["rotations", "-o", "json", "--journal"])
        .arg(s.journal())
        .succeeds();
    json(&out)
}

#[test]
fn a_crash_before_the_check_passed_is_resumed_backwards() {
    for step in [
        "created",
        "verified",
        "sink-0-delivering",
        "sink-0-delivered",
        "sink-1-delivered",
        "checking",
    ] {
        let s = Setup::new();
        s.rotate(&["--check", "true"]).env(CRASH, step).exits(137);
        let listed = rotations(&s);
        let journaled = if step.starts_with("sink-") {
            "delivering"
        } else {
            step
        };
        assert_eq!(listed[0]["step"], journaled, "{step}");
        let new = s.new_key();
        let out = s.resume().succeeds();
        assert!(
            text(&out.stdout).contains(&format!("new key {new} revoked")),
            "{step}"
        );
        assert_eq!(s.held(), [s.old.clone(), s.old.clone()], "{step}");
        s.consistent(&[]);
        assert!(rotations(&s).as_array().unwrap().is_empty(), "{step}");
    }
}

#[test]
fn a_crash_after_the_check_passed_is_resumed_forwards() {
    for step in ["checked", "committing", "sink-0-committed", "revoking"] {
        let s = Setup::new();
        s.rotate(&["--check", "true"]).env(CRASH, step).exits(137);
        let new = s.new_key();
        s.resume().succeeds();
        assert_eq!(s.held(), [new.clone(), new.clone()], "{step}");
        assert!(!s.h.is_active(&s.old), "{step}");
        s.consistent(&[]);
    }
}

#[test]
fn a_crash_while_creating_revokes_the_replacement_no_sink_holds() {
    let s = Setup::new();
    s.rotate(&[]).env(CRASH, "created").exits(137);
    // As if killed after the server made the key but before the journal named it.
    let path = std::fs::read_dir(s.journal())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let new = record["new_key"].as_str().unwrap().to_string();
    record["new_key"] = serde_json::Value::Null;
    record["step"] = "creating".into();
    std::fs::write(&path, record.to_string()).unwrap();
    assert!(s.h.is_active(&new));
    let out = s.resume().succeeds();
    assert!(text(&out.stdout).contains(&new), "{}", text(&out.stdout));
    assert!(!s.h.is_active(&new) && s.h.is_active(&s.old));
    s.consistent(&[]);
}

#[test]
fn an_overlap_keeps_both_keys_until_finish() {
    let s = Setup::new();
    let out = s.rotate(&["--overlap", "1s"]).succeeds();
    let new = s.new_key();
    assert!(
        text(&out.stdout).contains("--finish"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(s.held(), [new.clone(), new.clone()]);
    assert!(s.h.is_active(&s.old) && s.h.is_active(&new));
    assert_eq!(rotations(&s)[0]["step"], "overlap");
    std::thread::sleep(Duration::from_millis(1100));
    let finish = || {
        let mut cmd = s.h.cmd();
        cmd.args(["rotate", "--finish", "--journal"])
            .arg(s.journal());
        cmd
    };
    let out = finish().succeeds();
    assert!(text(&out.stdout).contains(&format!("old key {} revoked", s.old)));
    assert!(!s.h.is_active(&s.old));
    s.consistent(&[]);
    let out = finish().succeeds();
    assert!(text(&out.stdout).contains("No rotation whose overlap has ended"));
}
