//! Help and completions, a closed pipe, colors, logging, the emulator command and the demo.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::Duration;

use predicates::prelude::*;

use crate::common::*;

const COMMANDS: &[&str] = &[
    "validate",
    "list",
    "get",
    "create",
    "revoke",
    "rotate",
    "offboard",
    "audit",
    "scan",
    "emulator",
    "demo",
    "completions",
];

#[test]
fn every_command_has_help_with_examples() {
    bare_cmd()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes"));
    for command in COMMANDS {
        bare_cmd()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Examples:"));
    }
    bare_cmd()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("whylabs-keys"));
    bare_cmd().assert().code(2);
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let h = Harness::new();
    for _ in 0..25 {
        h.key("alice");
    }
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("whylabs-keys"))
        .args(["list", "--org", ORG])
        .env("WHYLABS_API_ENDPOINT", h.emulator.base_url())
        .env("WHYLABS_API_KEY", h.emulator.admin_key().expose_secret())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    drop(stdout); // as `head -1` does
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(first.contains("KEY ID"));
    assert!(status.success(), "{status:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn verbose_logs_go_to_stderr_without_the_key() {
    let h = Harness::new();
    let out = h.cmd().args(["list", "-vv"]).succeeds();
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("DEBUG") || stderr.contains("INFO"),
        "{stderr}"
    );
    let admin = h.emulator.admin_key().expose_secret();
    let (_, secret_part) = admin.split_once('.').unwrap_or(("", admin));
    assert!(!stderr.contains(secret_part) && !text(&out.stdout).contains(secret_part));
}

#[test]
fn the_emulator_command_prints_the_settings_to_export() {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("whylabs-keys"))
        .args(["emulator", "--port", "0", "--paid-org", "org-paid"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let (mut endpoint, mut key) = (String::new(), String::new());
    stdout.read_line(&mut endpoint).unwrap();
    stdout.read_line(&mut key).unwrap();
    let endpoint = endpoint
        .trim()
        .strip_prefix("WHYLABS_API_ENDPOINT=")
        .unwrap()
        .to_string();
    let key = key
        .trim()
        .strip_prefix("WHYLABS_API_KEY=")
        .unwrap()
        .to_string();
    let listed = bare_cmd()
        .args(["list", "--org", "org-paid"])
        .env("WHYLABS_API_ENDPOINT", &endpoint)
        .env("WHYLABS_API_KEY", &key)
        .timeout(Duration::from_secs(20))
        .assert();
    child.kill().unwrap();
    child.wait().unwrap();
    listed.success().stdout(predicate::str::contains("No keys"));
}

#[test]
fn the_demo_runs_offline_and_shows_no_secret() {
    let out = bare_cmd().arg("demo").succeeds();
    let stdout = text(&out.stdout);
    for step in [
        "$ whylabs-keys list",
        "$ whylabs-keys audit",
        "$ whylabs-keys rotate",
        "$ whylabs-keys offboard --user dave",
        "The findings fall",
        "has mode 600",
    ] {
        assert!(stdout.contains(step), "{step} missing from:\n{stdout}");
    }
    let secret_shape = regex::Regex::new(r"[A-Za-z0-9]{10}\.[A-Za-z0-9]{53}").unwrap();
    assert!(!secret_shape.is_match(&stdout) && !secret_shape.is_match(&text(&out.stderr)));
}
