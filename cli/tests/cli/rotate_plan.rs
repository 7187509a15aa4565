//! rotate --plan: keys by id or by user and alias, --due, a failing entry, one line per key.

use std::time::Duration;

use crate::common::*;

fn plan_cmd(h: &Harness, plan: &str, dir: &std::path::Path, extra: &[&str]) -> assert_cmd::Command {
    let path = dir.join("rotations.toml");
    std::fs::write(&path, plan).unwrap();
    let mut cmd = h.cmd();
    cmd.args(["rotate", "--yes", "--plan"])
        .arg(&path)
        .arg("--journal")
        .arg(dir.join("journal"))
        .args(extra);
    cmd
}

fn held(path: &std::path::Path) -> String {
    let secret = std::fs::read_to_string(path).unwrap();
    secret.split_once('.').unwrap().0.to_string()
}

#[test]
fn a_plan_rotates_keys_by_id_and_by_user_and_alias() {
    let h = Harness::new();
    let by_id = h.key("alice");
    let by_alias =
        h.rt.block_on(
            h.client()
                .create_key(ORG, "svc-ingest")
                .alias("ingest")
                .scopes([":user"])
                .send(),
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.key"), dir.path().join(".env"));
    let plan = format!(
        "[[key]]\nid = \"{}\"\ndeliver = [\"file:{}\"]\n\n\
         [[key]]\nuser = \"svc-ingest\"\nalias = \"ingest\"\ndeliver = [\"dotenv:{}\"]\ncheck = \"true\"\n",
        by_id.key.key_id,
        a.display(),
        b.display()
    );
    let out = plan_cmd(&h, &plan, dir.path(), &[]).succeeds();
    let lines = text(&out.stdout);
    assert_eq!(lines.lines().count(), 2, "{lines}");
    assert!(
        lines.starts_with(&format!("{}: Rotated", by_id.key.key_id)),
        "{lines}"
    );
    assert!(
        lines.contains(&format!("{ORG}/svc-ingest/ingest: Rotated")),
        "{lines}"
    );
    let new_a = held(&a);
    let env = std::fs::read_to_string(&b).unwrap();
    let new_b = env
        .trim_start_matches("WHYLABS_API_KEY=")
        .split_once('.')
        .unwrap()
        .0;
    assert!(h.is_active(&new_a) && h.is_active(new_b));
    assert!(!h.is_active(&by_id.key.key_id) && !h.is_active(&by_alias.key.key_id));
    // An entry naming the alias, not the id, rotates the replacement next time.
    let alias_only = &plan[plan.rfind("[[key]]").unwrap()..];
    plan_cmd(&h, alias_only, dir.path(), &[]).succeeds();
    assert!(!h.is_active(new_b));
}

#[test]
fn due_rotates_only_keys_older_than_their_max_age_and_a_failure_is_exit_1() {
    let h = Harness::new();
    let old = h.key("alice");
    std::thread::sleep(Duration::from_millis(1100));
    let young = h.key("bob");
    let dir = tempfile::tempdir().unwrap();
    let plan = format!(
        "[[key]]\nid = \"{}\"\nmax_age = \"1s\"\ndeliver = [\"file:{}\"]\n\n\
         [[key]]\nid = \"{}\"\nmax_age = \"1h\"\ndeliver = [\"file:{}\"]\n\n\
         [[key]]\nid = \"nosuchkey0\"\nmax_age = \"1s\"\ndeliver = [\"file:{}\"]\n",
        old.key.key_id,
        dir.path().join("old.key").display(),
        young.key.key_id,
        dir.path().join("young.key").display(),
        dir.path().join("none.key").display(),
    );
    let out = plan_cmd(&h, &plan, dir.path(), &["--due"]).exits(1);
    let lines = text(&out.stdout);
    assert!(
        lines.contains(&format!("{}: Rotated", old.key.key_id)),
        "{lines}"
    );
    assert!(
        lines.contains(&format!("{}: skipped, not due", young.key.key_id)),
        "{lines}"
    );
    assert!(lines.contains("nosuchkey0: FAILED"), "{lines}");
    assert!(text(&out.stderr).contains("1 of 3 rotation(s) did not complete"));
    assert!(!h.is_active(&old.key.key_id) && h.is_active(&young.key.key_id));
    assert!(!dir.path().join("young.key").exists());
}
