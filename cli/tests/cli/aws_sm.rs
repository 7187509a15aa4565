//! The aws-sm: sink against a real local Secrets Manager, `moto_server` (PyPI `moto[server]`,
//! pinned in .ci/aws-sm.sh, which starts it and sets WHYLABS_KEYS_TEST_MOTO). Without that
//! variable the tests say why they skip; `.ci/run` always runs them. The secret is set up and
//! read back with moto's JSON API through curl.

use std::process::Command as Process;

use serde_json::{Value, json};

use crate::common::*;
use crate::rotation_setup::{Setup, id_of};

const MOTO: &str = "WHYLABS_KEYS_TEST_MOTO";

/// moto's URL; `None` (the test skipped) off CI when it is not running. On CI (`CI` set) a
/// missing moto fails the test: a skipped sink test must not pass for a tested one.
fn moto() -> Option<String> {
    let url = std::env::var(MOTO).ok();
    if url.is_none() {
        let why =
            format!("{MOTO} is not set (`source .ci/moto.sh` starts moto_server and sets it)");
        assert!(std::env::var_os("CI").is_none(), "{why}");
        eprintln!("skipped: {why}");
    }
    url
}

/// One Secrets Manager call (`target` such as `CreateSecret`) with moto's JSON protocol.
fn call(url: &str, target: &str, body: Value) -> Value {
    let out = Process::new("curl")
        .args(["-sS", "-X", "POST", url])
        .args(["-H", &format!("X-Amz-Target: secretsmanager.{target}")])
        .args(["-H", "Content-Type: application/x-amz-json-1.1"])
        .args([
            "-H",
            "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=0",
        ])
        .args(["-d", &body.to_string()])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

/// The value labelled AWSCURRENT, named explicitly: moto 5.2.1's GetSecretValue without a
/// stage keeps answering the version that was current when the secret was put (unlike AWS).
fn current(url: &str, name: &str) -> String {
    let asked = json!({"SecretId": name, "VersionStage": "AWSCURRENT"});
    call(url, "GetSecretValue", asked)["SecretString"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The version stages of the secret, flattened.
fn stages(url: &str, name: &str) -> String {
    call(url, "DescribeSecret", json!({"SecretId": name}))["VersionIdsToStages"].to_string()
}

fn with_aws(cmd: &mut assert_cmd::Command, url: &str) {
    cmd.env("AWS_ENDPOINT_URL", url)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true");
}

fn secret_for(s: &Setup, url: &str) -> String {
    let name = format!("wl/{}", s.old);
    call(
        url,
        "CreateSecret",
        json!({"Name": name, "SecretString": s.old_secret}),
    );
    name
}

#[test]
fn the_new_secret_becomes_awscurrent_only_after_the_check() {
    let Some(url) = moto() else { return };
    let s = Setup::new();
    let name = secret_for(&s, &url);
    let sink = format!("aws-sm:{name}");
    let mut cmd = s.rotate(&["--deliver", &sink, "--check", "true"]);
    with_aws(&mut cmd, &url);
    cmd.succeeds();
    let new = s.new_key();
    assert_eq!(id_of(&current(&url, &name)), new);
    let stages = stages(&url, &name);
    assert!(
        stages.contains("AWSPREVIOUS") && !stages.contains("AWSPENDING"),
        "{stages}"
    );
    s.consistent(&[new]);
}

#[test]
fn a_failed_check_leaves_awscurrent_and_removes_awspending() {
    let Some(url) = moto() else { return };
    let s = Setup::new();
    let name = secret_for(&s, &url);
    let sink = format!("aws-sm:{name}");
    let mut cmd = s.rotate(&["--deliver", &sink, "--check", "exit 1"]);
    with_aws(&mut cmd, &url);
    cmd.exits(1);
    assert_eq!(current(&url, &name), s.old_secret);
    assert!(!stages(&url, &name).contains("AWSPENDING"));
    assert!(!s.h.is_active(&s.new_key()));
    s.consistent(std::slice::from_ref(&s.old));
}

#[test]
fn a_secret_moto_does_not_know_is_refused_before_a_key_is_made() {
    let Some(url) = moto() else { return };
    let s = Setup::new();
    let mut cmd = s.rotate(&["--deliver", "aws-sm:wl/no-such-secret"]);
    with_aws(&mut cmd, &url);
    let out = cmd.exits(2);
    assert!(
        text(&out.stderr).contains("no key was created"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(crate::secret_files::keys_of(&s.h, "alice").len(), 1);
}

#[test]
fn a_crash_with_a_pending_version_is_resumed_by_removing_awspending() {
    let Some(url) = moto() else { return };
    let s = Setup::new();
    let name = secret_for(&s, &url);
    let sink = format!("aws-sm:{name}");
    let mut cmd = s.rotate(&["--deliver", &sink]);
    with_aws(&mut cmd, &url);
    cmd.env("WHYLABS_KEYS_TEST_CRASH_AFTER", "sink-2-delivered")
        .exits(137);
    assert!(stages(&url, &name).contains("AWSPENDING"));
    let mut resume = s.resume();
    with_aws(&mut resume, &url);
    resume.succeeds();
    assert!(!stages(&url, &name).contains("AWSPENDING"));
    assert_eq!(current(&url, &name), s.old_secret);
    s.consistent(std::slice::from_ref(&s.old));
}
