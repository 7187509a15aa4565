//! What a scan found: each [`Hit`] (where, and the key's public parts), and the whole
//! [`Scanned`] (what was read, found, skipped and could not be read).

use std::path::PathBuf;

/// A key-shaped string: where it is and its public parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// `<stdin>` for standard input.
    pub path: PathBuf,
    /// 1-based.
    pub line: u64,
    pub key_id: String,
    /// The `:org-id` suffix, when the key carries one.
    pub org_id: Option<String>,
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
}
