//! What a scan found: each [`Hit`] (where, and the key's public parts), and the whole
//! [`Scanned`] (what was read, found, skipped and could not be read).

use std::path::{Path, PathBuf};

use whylabs_api_keys::ApiKeySecret;

use super::matcher::Found;

/// A key-shaped string: where it is, its public parts, and the key (for `--verify`; its
/// Debug and Display never show the secret).
#[derive(Clone, Debug)]
pub struct Hit {
    /// `<stdin>` for standard input.
    pub path: PathBuf,
    /// 1-based.
    pub line: u64,
    pub key_id: String,
    /// The `:org-id` suffix, when the key carries one.
    pub org_id: Option<String>,
    /// The SHA-256 of `ID.SECRET` (baselines, SARIF fingerprints).
    pub fingerprint: String,
    /// For a history finding (`--git`): the first commit that added the blob at `path`.
    pub commit: Option<String>,
    pub key: ApiKeySecret,
}

impl Hit {
    /// A key found in `path` (at `commit`, for history).
    pub fn new(path: &Path, commit: Option<&str>, found: Found) -> Self {
        Self {
            path: path.to_path_buf(),
            line: found.line,
            key_id: found.key_id,
            org_id: found.org_id,
            fingerprint: found.fingerprint,
            commit: commit.map(str::to_string),
            key: found.key,
        }
    }
}

/// What a scan read, found and could not read.
#[derive(Debug, Default)]
pub struct Scanned {
    pub hits: Vec<Hit>,
    pub files: u64,
    pub bytes: u64,
    /// Files or directories that could not be read: the scan is incomplete.
    pub unreadable: Vec<String>,
    /// Problems that leave the scan complete (an ignore file with a bad pattern).
    pub warnings: Vec<String>,
    /// Files and directories left out as hidden or ignored (never counting `.git/`).
    pub skipped_files: u64,
    pub skipped_dirs: u64,
    /// Binary files over the size limit, left out.
    pub skipped_binary: u64,
}

impl Scanned {
    /// Adds what reading `path` gave: its hits and bytes, or why it could not be read.
    pub fn add(&mut self, path: &Path, outcome: std::io::Result<(Vec<Hit>, u64)>) {
        match outcome {
            Ok((hits, bytes)) => {
                self.files += 1;
                self.bytes += bytes;
                self.hits.extend(hits);
            }
            Err(error) => self.unreadable.push(format!("{}: {error}", path.display())),
        }
    }
}
