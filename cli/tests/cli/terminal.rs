//! On a pseudo-terminal (util-linux `script`, part of every Debian system): the confirmation
//! prompt is shown and answered, and offboarding draws its progress bar. Skipped, saying so,
//! where `script` is missing.

use std::io::{Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::*;

/// Runs the binary on a terminal, answers `answer` once the prompt shows, and returns the
/// screen's text and the exit status; `None` without `script`.
pub(crate) fn on_terminal(
    h: &Harness,
    args: &[&str],
    answer: &str,
) -> Option<(String, ExitStatus)> {
    let bin = assert_cmd::cargo::cargo_bin!("whylabs-keys");
    let line: Vec<String> = std::iter::once(bin.display().to_string())
        .chain(args.iter().map(|a| a.to_string()))
        .map(|word| format!("'{word}'"))
        .collect();
    let mut child = Command::new("script")
        .args(["-qec", &line.join(" "), "/dev/null"])
        .env("WHYLABS_API_ENDPOINT", h.emulator.base_url())
        .env("WHYLABS_API_KEY", h.emulator.admin_key().expose_secret())
        .env("WHYLABS_DEFAULT_ORG_ID", ORG)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let screen = Arc::new(Mutex::new(Vec::new()));
    let mut stdout = child.stdout.take().unwrap();
    let reader = {
        let screen = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            while let Ok(n @ 1..) = stdout.read(&mut chunk) {
                screen.lock().unwrap().extend_from_slice(&chunk[..n]);
            }
        })
    };
    let started = Instant::now();
    while !text(&screen.lock().unwrap()).contains("[y/N]") {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no prompt: {}",
            text(&screen.lock().unwrap())
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child
        .stdin
        .take()
        .unwrap()
        .write_all(answer.as_bytes())
        .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(30) {
            child.kill().unwrap();
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    reader.join().unwrap();
    let screen = text(&screen.lock().unwrap());
    Some((screen, status))
}

pub(crate) fn script_available() -> bool {
    let found = Command::new("script").arg("--version").output().is_ok();
    if !found {
        eprintln!("skipped: util-linux `script` is not installed");
    }
    found
}

#[test]
fn the_prompt_revokes_on_yes_and_nothing_on_no() {
    if !script_available() {
        return;
    }
    let h = Harness::new();
    let id = h.key("alice").key.key_id;
    let (screen, status) = on_terminal(&h, &["revoke", &id, "--user", "alice"], "n").unwrap();
    assert!(
        screen.contains(&format!("Revoke key {id} of alice in org-test? [y/N]")),
        "{screen}"
    );
    assert!(
        screen.contains("Not confirmed") && status.code() == Some(1),
        "{status:?} {screen}"
    );
    assert!(h.is_active(&id));
    let (screen, status) = on_terminal(&h, &["revoke", &id, "--user", "alice"], "y").unwrap();
    assert!(
        status.success() && screen.contains("Revoked key"),
        "{status:?} {screen}"
    );
    assert!(!h.is_active(&id));
}

#[test]
fn offboarding_on_a_terminal_draws_a_progress_bar() {
    if !script_available() {
        return;
    }
    let h = Harness::new();
    for _ in 0..3 {
        h.key("dave");
    }
    let (screen, status) = on_terminal(&h, &["offboard", "--user", "dave"], "y").unwrap();
    assert!(status.success(), "{screen}");
    // indicatif throttles its redraws, so which counts show depends on timing.
    assert!(screen.contains("/3 revoked"), "{screen}");
    assert!(screen.contains("Offboarded dave"), "{screen}");
}

/// A long scan shows its progress on a terminal (and nothing of it off one: scan_inputs.rs).
#[test]
fn a_long_scan_on_a_terminal_shows_progress() {
    if !script_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let filler = "self.a.b(1.5, x.y)\n".repeat(50_000);
    for i in 0..40 {
        std::fs::write(dir.path().join(format!("f{i}.py")), &filler).unwrap();
    }
    let bin = assert_cmd::cargo::cargo_bin!("whylabs-keys");
    let line = format!("'{}' scan '{}'", bin.display(), dir.path().display());
    let out = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env_remove("WHYLABS_API_KEY")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let screen = text(&out.stdout);
    assert!(out.status.success(), "{screen}");
    assert!(screen.contains("scanning:"), "{screen}");
    assert!(screen.contains("Scanned 40 file(s)"), "{screen}");
}
