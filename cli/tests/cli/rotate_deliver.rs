//! rotate --deliver: the order create → verify → deliver → check → commit → revoke, and at
//! every failure: each sink holds an active key, no active key is held by no sink, the report
//! is true, the exit code right.

use std::os::unix::fs::PermissionsExt;
use std::process::Output;

use whylabs_api_keys::Operation;

use crate::common::*;
use crate::rotation_setup::{Setup, id_of};
use crate::secret_files::keys_of;

fn stderr(out: &Output) -> String {
    text(&out.stderr)
}

#[test]
fn every_sink_gets_the_new_key_then_the_old_one_is_revoked() {
    let s = Setup::new();
    let seen = s.dir.path().join("seen");
    let exec = format!("exec:cat > {}", seen.display());
    let check = r#"read line; [ "$line" = "$WHYLABS_API_KEY" ] && grep -q "$line" .env"#;
    let out = s
        .rotate(&["--deliver", &exec, "--check", check])
        .current_dir(s.dir.path())
        .succeeds();
    let new = s.new_key();
    assert_eq!(s.held(), [new.clone(), new.clone()]);
    let exec_held = std::fs::read_to_string(&seen).unwrap();
    assert_eq!(id_of(exec_held.trim_end()), new);
    std::fs::remove_file(&seen).unwrap();
    s.consistent(&[]);
    assert!(!s.h.is_active(&s.old));
    let said = text(&out.stdout);
    assert!(said.contains(&new) && said.contains("old key"), "{said}");
    let mode = std::fs::metadata(s.file()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn a_replacement_the_server_does_not_validate_is_revoked_before_any_sink_is_touched() {
    let s = Setup::new();
    s.h.fail(Operation::Validate, 500);
    let out = s.rotate(&[]).exits(1);
    s.h.emulator.clear_faults();
    let new = s.new_key();
    assert!(stderr(&out).contains("aborted") && stderr(&out).contains(&new));
    assert_eq!(s.held(), [s.old.clone(), s.old.clone()]);
    s.consistent(&[]);
}

#[test]
fn a_failed_create_changes_nothing() {
    let s = Setup::new();
    s.h.fail(Operation::Create, 400);
    let out = s.rotate(&[]).exits(1);
    s.h.emulator.clear_faults();
    assert!(
        stderr(&out).contains("no replacement was created"),
        "{}",
        stderr(&out)
    );
    assert_eq!(s.held(), [s.old.clone(), s.old.clone()]);
    s.consistent(&[]);
}

#[test]
fn a_failing_sink_restores_the_ones_before_it_and_revokes_the_new_key() {
    let s = Setup::new();
    let out = s
        .rotate(&["--deliver", "exec:cat >/dev/null; exit 3"])
        .exits(1);
    let new = s.new_key();
    let said = stderr(&out);
    assert!(
        said.contains("exited 3") && said.contains(&format!("New key {new} was revoked")),
        "{said}"
    );
    assert_eq!(s.held(), [s.old.clone(), s.old.clone()]);
    s.consistent(&[]);
}

#[test]
fn a_failing_or_slow_check_rolls_back() {
    for (check, said) in [
        ("exit 1", "exited 1"),
        ("sleep 30", "did not finish within"),
    ] {
        let s = Setup::new();
        let out = s
            .rotate(&["--check", check, "--check-timeout", "300ms"])
            .exits(1);
        assert!(stderr(&out).contains(said), "{}", stderr(&out));
        assert!(!s.h.is_active(&s.new_key()));
        assert_eq!(s.held(), [s.old.clone(), s.old.clone()]);
        s.consistent(&[]);
    }
}

#[test]
fn a_sink_that_cannot_be_restored_keeps_the_new_key_active_and_is_named() {
    let s = Setup::new();
    let taken = s.dir.path().join("taken");
    let seen = s.dir.path().join("seen");
    // The command takes the secret, then puts a directory where the next sink's file goes
    // (hostile even to root, whom a read-only directory does not stop).
    let exec = format!("exec:cat > {}; mkdir {}", seen.display(), taken.display());
    let last = format!("file:{}", taken.display());
    let out = s.rotate(&["--deliver", &exec, "--deliver", &last]).exits(1);
    std::fs::remove_dir(&taken).unwrap();
    let new = s.new_key();
    let said = stderr(&out);
    assert!(said.contains("BOTH keys are active"), "{said}");
    assert!(said.contains(&format!("{exec} holds key {new}")), "{said}");
    assert!(said.contains(&format!("revoke {new}")), "{said}");
    assert_eq!(s.held(), [s.old.clone(), s.old.clone()]);
    let exec_held = std::fs::read_to_string(&seen).unwrap();
    std::fs::remove_file(&seen).unwrap();
    s.consistent(&[id_of(exec_held.trim_end())]);
}

#[test]
fn a_failed_revoke_leaves_the_new_key_everywhere_and_resume_finishes() {
    let s = Setup::new();
    s.h.fail(Operation::Revoke, 500);
    let out = s.rotate(&[]).exits(1);
    s.h.emulator.clear_faults();
    let new = s.new_key();
    assert!(
        stderr(&out).contains("BOTH keys are active"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("rotate --resume"), "{}", stderr(&out));
    assert_eq!(s.held(), [new.clone(), new.clone()]);
    assert!(s.h.is_active(&s.old));
    s.resume().succeeds();
    assert!(!s.h.is_active(&s.old));
    s.consistent(&[]);
}

#[test]
fn a_sink_that_cannot_take_a_file_is_refused_before_anything_is_created() {
    let s = Setup::new();
    let missing = format!("file:{}", s.dir.path().join("no-such-dir/k").display());
    let dir = format!("dotenv:{}", s.dir.path().display());
    for sink in [missing, dir] {
        let out = s.rotate(&["--deliver", &sink]).exits(2);
        assert!(
            stderr(&out).contains("no key was created"),
            "{}",
            stderr(&out)
        );
        assert_eq!(keys_of(&s.h, "alice").len(), 1);
    }
}

#[test]
fn a_failed_abort_says_both_keys_are_active_and_resume_revokes_the_new_one() {
    let s = Setup::new();
    s.h.fail(Operation::Revoke, 500);
    let out = s.rotate(&["--check", "exit 1"]).exits(1);
    s.h.emulator.clear_faults();
    let new = s.new_key();
    let said = stderr(&out);
    assert!(
        said.contains("BOTH keys are active") && said.contains(&format!("revoke {new}")),
        "{said}"
    );
    assert_eq!(s.held(), [s.old.clone(), s.old.clone()]);
    assert!(s.h.is_active(&new));
    let out = s.resume().succeeds();
    assert!(text(&out.stdout).contains(&format!("new key {new} revoked")));
    s.consistent(&[]);
}

#[test]
fn a_dry_run_names_the_sinks_and_no_sink_is_a_usage_error() {
    let s = Setup::new();
    let out = s.rotate(&["--dry-run", "--check", "true"]).succeeds();
    let said = text(&out.stdout);
    let file = format!("file:{}", s.file().display());
    assert!(
        said.contains(&file) && said.contains("run the check `true`"),
        "{said}"
    );
    let out = s.h.cmd().args(["rotate", &s.old, "--yes"]).exits(2);
    assert!(stderr(&out).contains("--deliver SINK"), "{}", stderr(&out));
    assert_eq!(keys_of(&s.h, "alice").len(), 1);
    assert_eq!(s.held(), [s.old.clone(), s.old.clone()]);
    assert!(!s.journal().exists());
}
