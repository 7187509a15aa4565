//! The quickstart example: which target it picks, and its lifecycle against the emulator.

use whylabs_api_keys::Operation;
use whylabs_api_keys_emulator::{Emulator, Fault};

use crate::quickstart_example::{Target, lifecycle, target};

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// An environment holding exactly `vars`.
fn env(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
    move |name| {
        vars.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.to_string())
    }
}

#[test]
fn without_an_api_key_the_emulator_and_the_demo_user_are_used() {
    let picked = target(&[], env(&[("WHYLABS_DEFAULT_ORG_ID", "org-real")]));
    let demo = Target::Emulator {
        user_id: "user-demo".to_string(),
    };
    assert_eq!(picked, Ok(demo));
    let picked = target(&args(&["--user", "alice"]), env(&[]));
    let alice = Target::Emulator {
        user_id: "alice".to_string(),
    };
    assert_eq!(picked, Ok(alice));
}

#[test]
fn with_an_api_key_the_account_org_and_user_are_required() {
    const KEY: (&str, &str) = ("WHYLABS_API_KEY", "id.secret");
    const ORG: (&str, &str) = ("WHYLABS_DEFAULT_ORG_ID", "org-real");
    let account = |user: &str| {
        Ok(Target::Account {
            org_id: "org-real".to_string(),
            user_id: user.to_string(),
        })
    };
    let from_env = env(&[KEY, ORG, ("WHYLABS_USER_ID", "bob")]);
    assert_eq!(target(&[], &from_env), account("bob"));
    assert_eq!(
        target(&args(&["--user=carol"]), &from_env),
        account("carol")
    );

    let no_org = target(&args(&["--user", "bob"]), env(&[KEY])).unwrap_err();
    assert!(no_org.starts_with(
        "WHYLABS_API_KEY is set, so your account is used: set WHYLABS_DEFAULT_ORG_ID"
    ));
    let no_user = target(&[], env(&[KEY, ORG])).unwrap_err();
    assert!(
        no_user.starts_with("pass --user <id> or set WHYLABS_USER_ID"),
        "{no_user}"
    );
}

#[test]
fn bad_arguments_are_one_line_usage_errors() {
    for given in [&["--user"][..], &["--verbose"], &["--user", "a", "b"]] {
        let error = target(&args(given), env(&[])).unwrap_err();
        assert!(
            error.ends_with("usage: quickstart [--user USER_ID]"),
            "{error}"
        );
        assert!(!error.contains('\n'), "{error}");
    }
}

#[tokio::test]
async fn the_lifecycle_runs_and_leaves_no_key_active() {
    let emulator = Emulator::start().await;
    let client = emulator.client();
    let mut out = Vec::new();
    lifecycle(&client, "org-demo", "user-demo", &mut out)
        .await
        .unwrap();
    let out = String::from_utf8(out).unwrap();

    let steps: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    for step in ["1.", "2.", "3.", "4.", "5."] {
        assert!(steps.contains(&step), "{step} missing in:\n{out}");
    }
    let keys = client
        .list_keys("org-demo")
        .user("user-demo")
        .await
        .unwrap();
    assert_eq!(keys.len(), 2, "created and its replacement:\n{out}");
    assert!(keys.iter().all(|k| k.revoked), "{keys:?}");
    assert!(client.list_keys("org-demo").await.unwrap().is_empty());

    // The first secret is printed once, in full; the replacement's only masked.
    let (first, second) = (&keys[0].key_id, &keys[1].key_id);
    assert_eq!(out.matches(&format!("{first}.")).count(), 1, "{out}");
    assert!(out.contains(&format!("secret {second}.****")), "{out}");
    assert!(
        out.lines()
            .any(|l| l.contains("secret") && l.ends_with(":org-demo")),
        "{out}"
    );
}

#[tokio::test]
async fn a_failing_step_is_a_one_line_error_naming_the_key_left_active() {
    let emulator = Emulator::start().await;
    emulator.inject(Fault::status(500).operation(Operation::Get).times(4));
    let mut out = Vec::new();
    let error = lifecycle(&emulator.client(), "org-demo", "user-demo", &mut out)
        .await
        .unwrap_err();
    assert!(
        error.starts_with("get failed: get_api_key: HTTP 500"),
        "{error}"
    );
    assert!(error.ends_with("may still be active)"), "{error}");
    assert!(!error.contains('\n'), "{error}");

    let emulator = Emulator::start().await;
    emulator.inject(Fault::status(503).operation(Operation::Revoke).times(4));
    let error = lifecycle(&emulator.client(), "org-demo", "user-demo", &mut Vec::new())
        .await
        .unwrap_err();
    assert!(
        error.starts_with("rotate failed: rotation incomplete"),
        "{error}"
    );
}
