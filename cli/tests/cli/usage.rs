//! Usage: errors name the tool's flags and variables, not the library's methods; empty values,
//! a zero timeout and a colon-less scope exit 2 before anything is sent; help puts global
//! options under their own heading; usage lines do not show variables as typed options; -v
//! says what the tool does.

use predicates::prelude::*;

use crate::common::*;

#[test]
fn configuration_errors_name_the_flags_and_variables() {
    let h = Harness::new();
    let out = h
        .cmd()
        .args(["--endpoint", "http://example.com", "validate"])
        .exits(2);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("the endpoint (--endpoint) is not usable"),
        "{stderr}"
    );
    assert!(
        stderr.contains("use https or --allow-insecure-http"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("allow_insecure_http(true)") && !stderr.contains("base_url"),
        "{stderr}"
    );

    let out = h
        .cmd()
        .env("WHYLABS_API_ENDPOINT", "api.example.com")
        .arg("validate")
        .exits(2);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("the endpoint (WHYLABS_API_ENDPOINT) is not usable"),
        "{stderr}"
    );
    assert!(stderr.contains("has no scheme"), "{stderr}");
    assert!(!stderr.contains("base_url"), "{stderr}");
}

#[test]
fn empty_values_and_a_zero_timeout_are_usage_errors() {
    let h = Harness::new();
    for args in [
        vec!["list", "--org", ""],
        vec!["get", ""],
        vec!["--timeout", "0s", "list"],
    ] {
        h.cmd().args(&args).assert().code(2);
    }
    h.cmd()
        .env("WHYLABS_DEFAULT_ORG_ID", "org-a,")
        .arg("list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("WHYLABS_DEFAULT_ORG_ID"));
    h.cmd()
        .env("WHYLABS_KEYS_API", "v2")
        .arg("list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "WHYLABS_KEYS_API=\"v2\" is not one of auto, v0, v1",
        ));
}

#[test]
fn a_scope_without_its_colon_is_refused_before_anything_is_sent() {
    let h = Harness::new();
    h.cmd()
        .args([
            "create",
            "--user",
            "bob",
            "--scope",
            "write_data",
            "--print-secret",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "a scope starts with a colon: write :write_data",
        ));
    let keys = h.rt.block_on(h.client().list_keys(ORG).send()).unwrap();
    assert!(keys.is_empty(), "no key was created");
}

#[test]
fn global_options_have_their_own_heading() {
    let out = bare_cmd().args(["get", "--help"]).succeeds();
    let help = text(&out.stdout);
    let (own, global) = help
        .split_once("Global options:")
        .expect("a Global options heading");
    assert!(
        !own.contains("--endpoint") && !own.contains("--timeout"),
        "{own}"
    );
    for option in [
        "--endpoint",
        "--org",
        "--profile",
        "--api-key-file",
        "--timeout",
        "--api ",
    ] {
        assert!(global.contains(option), "{option} in {global}");
    }
    assert!(global.contains("WHYLABS_API_ENDPOINT]"), "{global}");
}

#[test]
fn usage_lines_do_not_show_environment_variables_as_typed_options() {
    let h = Harness::new();
    let out = h
        .cmd()
        .env("WHYLABS_KEYS_API", "v1")
        .arg("completions")
        .exits(2);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("Usage: whylabs-keys completions <SHELL>"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("--endpoint") && !stderr.contains("--org"),
        "{stderr}"
    );
}

#[test]
fn one_v_says_which_api_each_call_and_its_outcome() {
    let h = Harness::new();
    h.key("alice");
    let secret = h.emulator.admin_key().expose_secret().to_string();
    let out = h.cmd().args(["-v", "list", "-o", "json"]).succeeds();
    let stderr = text(&out.stderr);
    assert!(stderr.contains("INFO"), "{stderr}");
    assert!(stderr.contains("source=WHYLABS_API_KEY"), "{stderr}");
    assert!(stderr.contains("api=Auto"), "{stderr}");
    assert!(stderr.contains("using the v0 API"), "{stderr}");
    assert!(
        stderr.contains("operation=\"list_api_keys\"") && stderr.contains("status=200"),
        "{stderr}"
    );
    assert!(
        !stderr.contains(secret.split_once('.').unwrap().1),
        "the key leaked"
    );
    assert!(!stderr.contains("DEBUG"), "-v is info only: {stderr}");
}
