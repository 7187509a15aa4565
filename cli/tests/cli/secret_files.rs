//! Secret files: what is at the path is checked before a key is made (no FIFO opened, no
//! symlink followed), the file is written to a temporary file and renamed into place (0600),
//! `-` means stdout, a stdout that is closed is refused, and a secret that cannot be written
//! makes the tool revoke the key it just created.

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::Output;
use std::time::Duration;

use crate::common::*;

/// The binary run by `sh -c`: `setup` first (say `ulimit -f 0`), then the binary with `args`
/// and `redirect` (say `>&-`), with the harness's environment.
pub fn via_sh(h: &Harness, setup: &str, redirect: &str, args: &[&str]) -> Output {
    let script = format!("{setup}\nexec \"$0\" \"$@\" {redirect}");
    let mut cmd = assert_cmd::Command::new("sh");
    cmd.arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_whylabs-keys"))
        .args(args)
        .env_remove("WHYLABS_KEYS_API")
        .env("NO_COLOR", "1")
        .env("WHYLABS_API_ENDPOINT", h.emulator.base_url())
        .env("WHYLABS_API_KEY", h.emulator.admin_key().expose_secret())
        .env("WHYLABS_DEFAULT_ORG_ID", ORG)
        .timeout(Duration::from_secs(60));
    cmd.output().unwrap()
}

/// All keys of `user`, revoked ones included: `(key_id, revoked)`.
pub fn keys_of(h: &Harness, user: &str) -> Vec<(String, bool)> {
    let keys =
        h.rt.block_on(h.client().list_keys(ORG).user(user).send())
            .unwrap();
    keys.into_iter().map(|k| (k.key_id, k.revoked)).collect()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The names in `dir`, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn create(h: &Harness, path: &Path, force: bool) -> assert_cmd::Command {
    let mut cmd = h.cmd();
    cmd.args(["create", "--user", "alice", "--secret-file"])
        .arg(path);
    if force {
        cmd.arg("--force");
    }
    cmd
}

#[test]
fn a_dangling_symlink_is_replaced_and_nothing_is_made_at_its_target() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("alice.key");
    symlink(dir.path().join("nowhere"), &link).unwrap();
    create(&h, &link, true).succeeds();
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(
        meta.file_type().is_file(),
        "the link was replaced by the file"
    );
    assert_eq!(mode(&link), 0o600);
    assert_eq!(
        names(dir.path()),
        ["alice.key"],
        "no `nowhere`, no temporary file"
    );
}

#[test]
fn force_replaces_a_symlink_without_touching_its_target() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target");
    std::fs::write(&target, "keep me\n").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
    let link = dir.path().join("alice.key");
    symlink(&target, &link).unwrap();
    create(&h, &link, true).succeeds();
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me\n");
    assert_eq!(mode(&target), 0o644, "the target's mode is not changed");
    assert!(std::fs::read_to_string(&link).unwrap().contains('.'));
    assert_eq!(mode(&link), 0o600);
}

#[test]
fn a_fifo_is_refused_at_once_and_no_key_is_made() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("alice.key");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for force in [true, false] {
        let out = create(&h, &fifo, force)
            .timeout(Duration::from_secs(20))
            .exits(2);
        assert!(text(&out.stderr).contains("not a regular file"), "{out:?}");
    }
    assert!(keys_of(&h, "alice").is_empty());
    assert_eq!(names(dir.path()), ["alice.key"]);
}

#[test]
fn an_existing_file_is_kept_without_force_and_replaced_whole_with_it() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alice.key");
    let old = "an old secret that is longer than any new one, to catch a write in place\n";
    std::fs::write(&path, old).unwrap();
    let out = create(&h, &path, false).exits(2);
    assert!(text(&out.stderr).contains("--force"), "{out:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), old);
    assert!(keys_of(&h, "alice").is_empty());

    create(&h, &path, true).succeeds();
    let secret = std::fs::read_to_string(&path).unwrap();
    assert_eq!(secret.lines().count(), 1, "{secret:?}");
    let (id, _) = secret.split_once('.').unwrap();
    assert!(h.is_active(id));
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn a_dash_means_stdout() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let out = h
        .cmd()
        .current_dir(dir.path())
        .args(["create", "--user", "alice", "--secret-file", "-"])
        .succeeds();
    let secret = text(&out.stdout);
    let (id, _) = secret.trim_end().split_once('.').unwrap();
    assert!(h.is_active(id));
    assert!(names(dir.path()).is_empty(), "no file named `-`");
}

#[test]
fn a_secret_that_cannot_be_written_makes_the_tool_revoke_its_key() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alice.key");
    // A write of any size fails (EFBIG: the tool ignores SIGXFSZ rather than dying of it).
    let args = [
        "create",
        "--user",
        "alice",
        "--secret-file",
        path.to_str().unwrap(),
    ];
    let out = via_sh(&h, "ulimit -f 0", "", &args);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("was revoked: no new key is active"),
        "{stderr}"
    );
    let keys = keys_of(&h, "alice");
    assert_eq!(keys.len(), 1);
    assert!(keys[0].1, "the key is revoked");
    assert!(stderr.contains(&keys[0].0), "{stderr}");
    assert!(
        names(dir.path()).is_empty(),
        "no file, no temporary file: {stderr}"
    );
}

#[test]
fn a_closed_stdout_is_refused_before_any_key_is_made() {
    let h = Harness::new();
    let out = via_sh(
        &h,
        "",
        ">&-",
        &["create", "--user", "alice", "--print-secret"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("no key was created"));
    assert!(keys_of(&h, "alice").is_empty());
}

#[test]
fn a_full_stdout_makes_the_tool_revoke_its_key() {
    let h = Harness::new();
    let out = via_sh(
        &h,
        "",
        ">/dev/full",
        &["create", "--user", "alice", "--print-secret"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let keys = keys_of(&h, "alice");
    assert_eq!(keys.len(), 1);
    assert!(keys[0].1, "the key is revoked");
}

#[test]
fn json_records_and_a_secret_on_stdout_are_refused_together() {
    let h = Harness::new();
    for sink in [["--print-secret", ""], ["--secret-file", "-"]] {
        let sink = sink.iter().filter(|a| !a.is_empty());
        let out = h
            .cmd()
            .args(["create", "--user", "alice", "-o", "json"])
            .args(sink)
            .exits(2);
        assert_eq!(text(&out.stdout), "");
        assert!(text(&out.stderr).contains("--secret-file PATH"), "{out:?}");
    }
    assert!(keys_of(&h, "alice").is_empty());
}
