//! Named profiles in `$XDG_CONFIG_HOME/whylabs-keys/config.toml`: endpoint, key file, orgs,
//! output and API per profile; flags and environment variables win; never a key in the file.

use std::fs;
use std::path::Path;

use predicates::prelude::*;

use crate::common::*;

/// Writes `config` as the config file under `dir` and the system key to `dir/whylabs-keys/k.key`.
fn config_dir(h: &Harness, config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("whylabs-keys");
    fs::create_dir_all(&app).unwrap();
    fs::write(app.join("config.toml"), config).unwrap();
    fs::write(app.join("k.key"), h.emulator.admin_key().expose_secret()).unwrap();
    set_mode(&app.join("k.key"), 0o600);
    dir
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

fn profile(h: &Harness, output: &str) -> String {
    format!(
        "[profiles.test]\nendpoint = \"{}\"\napi_key_file = \"k.key\"\norgs = [\"{ORG}\"]\noutput = \"{output}\"\napi = \"v0\"\n",
        h.emulator.base_url()
    )
}

#[test]
fn a_profile_supplies_endpoint_key_file_orgs_output_and_api() {
    let h = Harness::new();
    let key = h.key("alice").key.key_id;
    let dir = config_dir(&h, &profile(&h, "json"));
    for how in ["flag", "env"] {
        let mut cmd = bare_cmd();
        cmd.env("XDG_CONFIG_HOME", dir.path()).arg("list");
        match how {
            "flag" => cmd.args(["--profile", "test"]),
            _ => cmd.env("WHYLABS_KEYS_PROFILE", "test"),
        };
        let out = cmd.succeeds();
        assert_eq!(column(&json(&out), "key_id"), [key.as_str()], "{how}");
    }
    let out = bare_cmd()
        .env("XDG_CONFIG_HOME", dir.path())
        .args(["--profile", "test", "whoami"])
        .succeeds();
    let report = &json(&out)[0];
    assert_eq!(report["profile"], "test");
    let key_file = dir.path().join("whylabs-keys/k.key");
    assert_eq!(
        report["key_source"],
        format!("profile test's api_key_file {}", key_file.display())
    );
}

#[test]
fn flags_and_environment_variables_override_the_profile() {
    let h = Harness::new();
    h.key("alice");
    let config = "[profiles.test]\nendpoint = \"http://127.0.0.1:9\"\napi_key_file = \"missing.key\"\norgs = [\"org-elsewhere\"]\noutput = \"json\"\n";
    let dir = config_dir(&h, config);
    let out = h
        .cmd()
        .env("XDG_CONFIG_HOME", dir.path())
        .args(["--profile", "test", "list", "-o", "csv"])
        .succeeds();
    let csv = text(&out.stdout);
    assert!(csv.starts_with("key_id,org_id,"), "{csv}");
    assert!(csv.contains(ORG) && !csv.contains("org-elsewhere"), "{csv}");
}

#[test]
fn an_unknown_profile_or_a_missing_file_is_a_usage_error() {
    let h = Harness::new();
    let dir = config_dir(&h, &profile(&h, "json"));
    bare_cmd()
        .env("XDG_CONFIG_HOME", dir.path())
        .args(["--profile", "prod", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no profile \"prod\""))
        .stderr(predicate::str::contains("profiles there: test"));
    let empty = tempfile::tempdir().unwrap();
    bare_cmd()
        .env("XDG_CONFIG_HOME", empty.path())
        .env("WHYLABS_KEYS_PROFILE", "test")
        .arg("list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("config.toml cannot be read"));
    // Without XDG_CONFIG_HOME the file is ~/.config/whylabs-keys/config.toml.
    let home = tempfile::tempdir().unwrap();
    fs::create_dir_all(home.path().join(".config")).unwrap();
    fs::rename(
        dir.path().join("whylabs-keys"),
        home.path().join(".config/whylabs-keys"),
    )
    .unwrap();
    let out = bare_cmd()
        .env_remove("XDG_CONFIG_HOME")
        .env("HOME", home.path())
        .args(["--profile", "test", "validate"])
        .succeeds();
    assert!(text(&out.stderr).contains("valid"), "{}", text(&out.stderr));
}

#[test]
fn a_config_file_holding_a_key_is_refused_without_printing_it() {
    let h = Harness::new();
    let secret = h.key("alice").secret().expose_secret().to_string();
    let (_, hidden) = secret.split_once('.').unwrap();
    let hidden = hidden.split(':').next().unwrap();
    for config in [
        format!("[profiles.test]\nendpoint = \"{secret}\"\n"),
        format!("[profiles.test]\napi_key = \"{secret}\"\n"),
        format!("[profiles.test]\nnot toml at all {secret}\n"),
    ] {
        let dir = config_dir(&h, &config);
        let out = bare_cmd()
            .env("XDG_CONFIG_HOME", dir.path())
            .args(["--profile", "test", "list"])
            .exits(2);
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("line 2 holds what looks like an API key"),
            "{stderr}"
        );
        assert!(!stderr.contains(hidden), "the secret leaked: {stderr}");
    }
    // A field that is not a setting is refused by name, its value not quoted.
    let dir = config_dir(&h, "[profiles.test]\napi_key = \"s3cr3t-value\"\n");
    let out = bare_cmd()
        .env("XDG_CONFIG_HOME", dir.path())
        .args(["--profile", "test", "list"])
        .exits(2);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("line 2") && stderr.contains("api_key"),
        "{stderr}"
    );
    assert!(!stderr.contains("s3cr3t-value"), "{stderr}");
}
