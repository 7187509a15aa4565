//! scan's inputs: stdin (`-`), paths that cannot be read (exit 2: the scan is incomplete),
//! keys hidden after escapes and URL-encoding but never inside a longer token, what the
//! filters skipped, and `.git/` never scanned.

use std::path::Path;

use crate::common::*;

const ID: &str = "fh4dUNV3WQ";
const SUFFIX: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0";

fn key() -> String {
    format!("{ID}.{SUFFIX}")
}

/// `scan ... -o json` without an API key: (exit code, rows as (path, line)).
fn found(args: &[&str], dir: &Path, code: i32) -> Vec<(String, u64)> {
    let out = bare_cmd()
        .current_dir(dir)
        .arg("scan")
        .args(args)
        .args(["-o", "json"])
        .exits(code);
    let rows = json(&out);
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["path"].as_str().unwrap().to_string(),
                r["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn stdin_is_scanned() {
    let log = format!("{{\"log\":\"start\"}}\n{{\"log\":\"x\\n{}\"}}\n", key());
    let out = bare_cmd()
        .args(["scan", "-", "-o", "json"])
        .write_stdin(log)
        .exits(1);
    let rows = json(&out);
    assert_eq!(rows.as_array().unwrap().len(), 1, "{rows}");
    assert_eq!(rows[0]["path"], "<stdin>");
    assert_eq!(rows[0]["line"], 2);
    assert_eq!(rows[0]["key_id"], ID);
    assert_eq!(rows[0]["status"], "unknown");
    assert!(!text(&out.stdout).contains(SUFFIX) && !text(&out.stderr).contains(SUFFIX));
    assert!(text(&out.stderr).contains("Scanned 1 file(s), "));

    let out = bare_cmd()
        .args(["scan", "-"])
        .write_stdin("clean\n")
        .succeeds();
    assert!(text(&out.stdout).contains("Scanned 1 file(s), 6 bytes: 0 key(s) found"));
}

#[test]
fn a_path_that_cannot_be_read_makes_the_scan_fail_with_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.env"), format!("KEY={}\n", key())).unwrap();
    std::os::unix::fs::symlink("nowhere", dir.path().join("dangling")).unwrap();
    for missing in ["does-not-exist", "dangling"] {
        let out = bare_cmd()
            .current_dir(dir.path())
            .args(["scan", "app.env", missing, "-o", "json"])
            .exits(2);
        // What could be read is still reported.
        assert_eq!(json(&out)[0]["key_id"], ID);
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(&format!("cannot read {missing}")),
            "{stderr}"
        );
        assert!(
            stderr.contains("the scan is incomplete: 1 path(s) could not be read"),
            "{stderr}"
        );
    }
    // A clean tree next to a missing path is not clean.
    let out = bare_cmd()
        .arg("scan")
        .arg(dir.path().join("does-not-exist"))
        .exits(2);
    assert!(text(&out.stdout).contains("0 key(s) found"));
}

/// Root reads a file whatever its mode, so the assertion is skipped (and says so) there;
/// the missing path and the dangling link above cover exit 2 for every user.
#[test]
fn an_unreadable_file_makes_the_scan_fail_with_2() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.env");
    std::fs::write(&secret, "nothing\n").unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&secret).is_ok() {
        eprintln!("skipped: running as root, which reads a file with mode 000");
        return;
    }
    let out = bare_cmd().arg("scan").arg(dir.path()).exits(2);
    assert!(text(&out.stderr).contains("secret.env: Permission denied"));
}

#[test]
fn keys_hide_after_escapes_and_url_encoding_but_not_inside_longer_tokens() {
    let k = key();
    let lines = [
        format!(r#"{{"log":"x\n{k}"}}"#),
        format!(r#"{{"log":"a\tb\t{k}\t"}}"#),
        format!(r#"{{"log":"key=\"{k}\""}}"#),
        format!(r#"{{"log":"C:\\{k}"}}"#),
        format!("GET /?h=X-API-Key%3A%20{k} HTTP/1.1"),
        format!("q=%22{k}%22"),
        format!("api_key%3D{k}&org=x"),
        format!("WHYLABS_API_KEY={k}"),
        format!("export WHYLABS_API_KEY='{k}'"),
        // Inside longer tokens: none of these is a key.
        format!("X{k}"),
        format!("{k}9"),
        format!("{ID}.{}", &SUFFIX[1..]),
        format!(r"C:\\n{k}"),
        format!("x%2{k}"),
    ];
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("log.json"), lines.join("\n")).unwrap();
    let found: Vec<u64> = found(&["."], dir.path(), 1)
        .into_iter()
        .map(|(_, line)| line)
        .collect();
    assert_eq!(found, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
}

/// A repository: a clean file, a hidden one and an ignored directory with keys, `.git/`
/// with one.
fn repository(root: &Path) {
    let k = key();
    std::fs::write(root.join("main.py"), "print('clean')\n").unwrap();
    std::fs::write(root.join(".env"), format!("WHYLABS_API_KEY={k}\n")).unwrap();
    std::fs::write(root.join(".gitignore"), "build/\n").unwrap();
    std::fs::create_dir_all(root.join("build/deep")).unwrap();
    std::fs::write(root.join("build/app.env"), format!("KEY={k}\n")).unwrap();
    std::fs::write(root.join("build/deep/x.txt"), "x\n").unwrap();
    std::fs::create_dir_all(root.join(".git/refs")).unwrap();
    std::fs::write(root.join(".git/config"), format!("token = {k}\n")).unwrap();
}

#[test]
fn skipped_files_are_counted_and_git_is_never_scanned() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    let skipped = "2 files and 1 directory skipped (hidden or ignored; --no-ignore to include)";

    let out = bare_cmd()
        .arg("scan")
        .arg(dir.path())
        .args(["-o", "json"])
        .succeeds();
    assert_eq!(
        json(&out),
        serde_json::json!([]),
        "stdout holds the JSON only"
    );
    assert!(text(&out.stderr).contains(skipped), "{}", text(&out.stderr));

    let out = bare_cmd().arg("scan").arg(dir.path()).succeeds();
    assert!(text(&out.stdout).contains(skipped), "{}", text(&out.stdout));

    let found = found(&[".", "--no-ignore"], dir.path(), 1);
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["./.env", "./build/app.env"], "never .git/config");

    let out = bare_cmd()
        .arg("scan")
        .arg(dir.path())
        .arg("--no-ignore")
        .exits(1);
    assert!(
        !text(&out.stdout).contains("skipped"),
        "{}",
        text(&out.stdout)
    );
}

/// A binary file over the size limit inside a directory is skipped and said; a text file of
/// that size and a binary file named on the command line are read.
#[test]
fn big_binary_files_are_skipped_counted_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let big = 9 << 20;
    let mut binary = vec![0u8; big];
    let key = key();
    binary[100..100 + key.len()].copy_from_slice(key.as_bytes());
    std::fs::write(dir.path().join("blob.bin"), &binary).unwrap();
    let out = bare_cmd().arg("scan").arg(dir.path()).succeeds();
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("1 binary file(s) over 8 MiB skipped"),
        "{stdout}"
    );
    bare_cmd()
        .arg("scan")
        .arg(dir.path().join("blob.bin"))
        .exits(1);

    let mut textual = "x.y = 1.5\n".repeat(big / 10).into_bytes();
    textual.extend(format!("K={key}\n").bytes());
    std::fs::write(dir.path().join("blob.bin"), &textual).unwrap();
    let out = bare_cmd().arg("scan").arg(dir.path()).exits(1);
    assert!(
        !text(&out.stdout).contains("binary"),
        "{}",
        text(&out.stdout)
    );
}
