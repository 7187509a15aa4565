//! The setup of the rotation tests: a key `alice` uses from a secret file and a `.env` file,
//! the commands that rotate and resume it, and the check that after any ending every sink
//! holds an active key and every active key is held by a sink.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use crate::common::*;
use crate::secret_files::keys_of;

/// A key `alice` uses from two places: a secret file and a `.env` file among other lines.
pub struct Setup {
    pub h: Harness,
    pub dir: tempfile::TempDir,
    pub old: String,
    pub old_secret: String,
}

pub const ENV_BEFORE: &str = "# app settings\nA=1\nWHYLABS_API_KEY=";

impl Setup {
    pub fn new() -> Self {
        let h = Harness::new();
        let created = h.key("alice");
        let old_secret = created.secret().expose_secret().to_string();
        let dir = tempfile::tempdir().unwrap();
        let setup = Self {
            h,
            dir,
            old: created.key.key_id.clone(),
            old_secret,
        };
        std::fs::write(setup.file(), format!("{}\n", setup.old_secret)).unwrap();
        std::fs::write(
            setup.env(),
            format!("{ENV_BEFORE}{}\nB=2\n", setup.old_secret),
        )
        .unwrap();
        std::fs::set_permissions(setup.env(), std::fs::Permissions::from_mode(0o640)).unwrap();
        setup
    }

    pub fn file(&self) -> PathBuf {
        self.dir.path().join("app.key")
    }

    pub fn env(&self) -> PathBuf {
        self.dir.path().join(".env")
    }

    pub fn journal(&self) -> PathBuf {
        self.dir.path().join("journal")
    }

    /// `rotate OLD --yes --journal J` with the file and .env sinks, then `extra`.
    pub fn rotate(&self, extra: &[&str]) -> assert_cmd::Command {
        let mut cmd = self.h.cmd();
        cmd.args(["rotate", &self.old, "--yes", "--journal"])
            .arg(self.journal())
            .arg("--deliver")
            .arg(format!("file:{}", self.file().display()))
            .arg("--deliver")
            .arg(format!("dotenv:{}", self.env().display()))
            .args(extra);
        cmd
    }

    pub fn resume(&self) -> assert_cmd::Command {
        let mut cmd = self.h.cmd();
        cmd.args(["rotate", "--resume", "--journal"])
            .arg(self.journal());
        cmd
    }

    /// The key id each sink holds: the file's, the .env line's.
    pub fn held(&self) -> Vec<String> {
        let file = std::fs::read_to_string(self.file()).unwrap();
        let env = std::fs::read_to_string(self.env()).unwrap();
        let line = env
            .lines()
            .find_map(|l| l.strip_prefix("WHYLABS_API_KEY="))
            .expect("the .env line");
        [file.trim_end(), line].iter().map(|s| id_of(s)).collect()
    }

    /// Every sink holds an active key, and every active key of alice is held by a sink.
    pub fn consistent(&self, extra_held: &[String]) {
        let mut held = self.held();
        held.extend(extra_held.iter().cloned());
        let active: Vec<String> = keys_of(&self.h, "alice")
            .into_iter()
            .filter(|(_, revoked)| !revoked)
            .map(|(id, _)| id)
            .collect();
        for id in &held {
            assert!(active.contains(id), "a sink holds inactive key {id}");
        }
        for id in &active {
            assert!(held.contains(id), "active key {id} is held by no sink");
        }
        let env = std::fs::read_to_string(self.env()).unwrap();
        assert!(
            env.starts_with(ENV_BEFORE) && env.ends_with("\nB=2\n"),
            "{env}"
        );
        let mode = std::fs::metadata(self.env()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        let leftovers: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains("whylabs-keys") || name.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    /// The journal's text, which must hold no secret of alice's.
    pub fn journal_text(&self) -> String {
        let mut text = String::new();
        for entry in std::fs::read_dir(self.journal()).unwrap() {
            text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
        let secret_part = |s: &str| s.split_once('.').unwrap().1.to_string();
        assert!(!text.contains(&secret_part(&self.old_secret)));
        let now = std::fs::read_to_string(self.file()).unwrap();
        assert!(!text.contains(&secret_part(now.trim_end())));
        text
    }

    /// The new key's id, from the journal.
    pub fn new_key(&self) -> String {
        let text = self.journal_text();
        let record: serde_json::Value = serde_json::from_str(&text).unwrap();
        record["new_key"].as_str().unwrap().to_string()
    }
}

pub fn id_of(secret: &str) -> String {
    secret.split_once('.').unwrap().0.to_string()
}
