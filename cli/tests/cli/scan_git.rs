//! scan --git and --staged on repositories made in the test: history-only leaks, renames,
//! merges, --since-commit, each distinct blob read once, and only what is staged.

use serde_json::Value;

use crate::common::*;
use crate::git_repo::Repo;

const SUFFIX: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0";

fn key(id: &str) -> String {
    format!("{id}.{SUFFIX}")
}

/// (path, commit, key_id) of each row.
fn places(rows: &Value) -> Vec<(String, String, String)> {
    let rows = rows.as_array().unwrap();
    let field = |r: &Value, f: &str| r[f].as_str().unwrap_or("-").to_string();
    rows.iter()
        .map(|r| (field(r, "path"), field(r, "commit"), field(r, "key_id")))
        .collect()
}

fn scan_git(repo: &Repo, extra: &[&str], code: i32) -> (Value, String) {
    let out = bare_cmd()
        .args(["scan", "--git"])
        .arg(repo.path())
        .args(["-o", "json"])
        .args(extra)
        .exits(code);
    assert!(!text(&out.stdout).contains(SUFFIX) && !text(&out.stderr).contains(SUFFIX));
    (json(&out), text(&out.stderr))
}

#[test]
fn a_key_added_then_removed_is_found_in_history_with_the_commit_that_added_it() {
    let repo = Repo::new();
    repo.write("README.md", "hello\n");
    repo.commit("init");
    repo.write(
        "config/app.env",
        &format!("A=1\nWHYLABS_API_KEY={}\n", key("AAAAAAAAA1")),
    );
    let added = repo.commit("add config");
    repo.write("config/app.env", "A=1\n");
    repo.commit("remove the key");

    bare_cmd().arg("scan").arg(repo.path()).succeeds();
    let (rows, _) = scan_git(&repo, &[], 1);
    assert_eq!(
        places(&rows),
        [("config/app.env".into(), added, "AAAAAAAAA1".into())]
    );
    assert_eq!(rows[0]["line"], 2);
}

#[test]
fn a_renamed_file_is_reported_at_each_path_with_the_commit_that_put_it_there() {
    let repo = Repo::new();
    repo.write("old.env", &format!("KEY={}\n", key("BBBBBBBBB2")));
    let added = repo.commit("add");
    repo.git(&["mv", "old.env", "new.env"]);
    let renamed = repo.commit("rename");
    let (rows, stderr) = scan_git(&repo, &[], 1);
    assert_eq!(
        places(&rows),
        [
            ("new.env".into(), renamed, "BBBBBBBBB2".into()),
            ("old.env".into(), added, "BBBBBBBBB2".into()),
        ]
    );
    // The one blob was read once for both paths.
    assert!(stderr.contains("Scanned 1 blob(s)"), "{stderr}");
}

#[test]
fn each_distinct_blob_is_read_once_however_many_paths_and_commits_hold_it() {
    let repo = Repo::new();
    let leaked = format!("KEY={}\n", key("CCCCCCCCC3"));
    repo.write("a.env", &leaked);
    repo.write("b.txt", "unrelated\n");
    repo.commit("one");
    repo.write("copy/a.env", &leaked);
    repo.commit("copy");
    repo.write("b.txt", "changed\n");
    repo.git(&["rm", "-q", "a.env"]);
    repo.commit("two");
    repo.write("a.env", &leaked);
    repo.commit("back again");
    let (rows, stderr) = scan_git(&repo, &[], 1);
    assert_eq!(rows.as_array().unwrap().len(), 2, "{rows}");
    let blobs = repo.blob_count();
    assert_eq!(blobs, 3);
    assert!(
        stderr.contains(&format!("Scanned {blobs} blob(s)")),
        "{stderr}"
    );
}

#[test]
fn a_key_from_a_merged_branch_names_the_branch_commit_and_a_merge_resolution_the_merge() {
    let repo = Repo::new();
    repo.write("app.env", "A=0\n");
    repo.commit("init");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("feature.env", &format!("KEY={}\n", key("DDDDDDDDD4")));
    let on_branch = repo.commit("feature key");
    repo.write("app.env", "A=feature\n");
    repo.commit("feature edit");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("app.env", "A=main\n");
    repo.commit("main edit");
    // A conflict, resolved with a key that no parent has.
    let merge = std::process::Command::new("git")
        .arg("-C")
        .arg(repo.path())
        .args([
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@t",
            "merge",
            "-q",
            "feature",
        ])
        .output()
        .unwrap();
    assert!(!merge.status.success(), "the merge conflicts");
    repo.write("app.env", &format!("A={}\n", key("EEEEEEEEE5")));
    let merged = repo.commit("merge feature");
    repo.git(&["branch", "-q", "-D", "feature"]);
    let (rows, _) = scan_git(&repo, &[], 1);
    assert_eq!(
        places(&rows),
        [
            ("app.env".into(), merged, "EEEEEEEEE5".into()),
            ("feature.env".into(), on_branch, "DDDDDDDDD4".into()),
        ]
    );
}

#[test]
fn since_commit_scans_only_the_commits_after_it() {
    let repo = Repo::new();
    repo.write("old.env", &format!("KEY={}\n", key("FFFFFFFFF6")));
    let base = repo.commit("old leak");
    repo.write("new.env", &format!("KEY={}\n", key("GGGGGGGGG7")));
    let new = repo.commit("new leak");
    let (rows, _) = scan_git(&repo, &["--since-commit", &base], 1);
    assert_eq!(
        places(&rows),
        [("new.env".into(), new, "GGGGGGGGG7".into())]
    );
    let (rows, _) = scan_git(&repo, &["--since-commit", "HEAD"], 0);
    assert!(rows.as_array().unwrap().is_empty());
}

#[test]
fn staged_scans_only_what_is_staged() {
    let repo = Repo::new();
    repo.write("committed.env", &format!("KEY={}\n", key("HHHHHHHHH8")));
    repo.commit("an old leak, not this commit's business");
    // Staged with a key, then the key removed from the working tree only: still committed.
    repo.write("staged.env", &format!("KEY={}\n", key("IIIIIIIII9")));
    repo.git(&["add", "staged.env"]);
    repo.write("staged.env", "KEY=\n");
    // A key in the working tree that is not staged.
    repo.write("unstaged.env", &format!("KEY={}\n", key("JJJJJJJJJ0")));
    let staged = |code| {
        let out = bare_cmd()
            .current_dir(repo.path())
            .args(["scan", "--staged", "-o", "json"])
            .exits(code);
        json(&out)
    };
    let rows = staged(1);
    assert_eq!(
        places(&rows),
        [("staged.env".into(), "-".into(), "IIIIIIIII9".into())]
    );
    repo.git(&["add", "staged.env"]);
    assert!(staged(0).as_array().unwrap().is_empty());
}

#[test]
fn a_directory_that_is_no_repository_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = bare_cmd().args(["scan", "--git"]).arg(dir.path()).exits(2);
    assert!(
        text(&out.stderr).contains("cannot scan git"),
        "{}",
        text(&out.stderr)
    );
    bare_cmd()
        .args(["scan", "--since-commit", "HEAD", "."])
        .exits(2);
    bare_cmd().args(["scan", "--staged", "."]).exits(2);
}

#[test]
fn a_key_kept_through_later_edits_is_reported_once_per_path_with_its_first_commit() {
    let repo = Repo::new();
    repo.write("app.env", &format!("A=1\nKEY={}\n", key("NNNNNNNNN1")));
    let added = repo.commit("leak");
    for n in 2..5 {
        repo.write(
            "app.env",
            &format!("A={n}\nB={n}\nKEY={}\n", key("NNNNNNNNN1")),
        );
        repo.commit("edit around the key");
    }
    let (rows, stderr) = scan_git(&repo, &[], 1);
    assert_eq!(
        places(&rows),
        [("app.env".into(), added, "NNNNNNNNN1".into())]
    );
    assert!(stderr.contains("Scanned 4 blob(s)"), "{stderr}");
}
