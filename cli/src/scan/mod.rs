//! Finding leaked keys: [`scan`] reads stdin (`-`) and walks files and directories in
//! parallel (`ignore`, respecting .gitignore, never `.git/`), and [`matcher`] finds the
//! key-shaped strings; a hit keeps the file, line, key id and org id, never the secret.
//! [`Verdict`] is what the server says of a key found.

mod matcher;
mod verdict;
mod walk;

use std::path::PathBuf;

pub use matcher::find_keys;
pub use verdict::Verdict;
pub use walk::scan;

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
