//! Finding leaked keys: [`scan`] reads stdin (`-`) and walks files and directories in
//! parallel (`ignore`, respecting .gitignore, never `.git/`), [`history`] and [`staged`] read
//! a git repository's blobs, and [`matcher`] finds the key-shaped strings; a hit keeps the
//! file, line, key id, org id and fingerprint, never the secret. [`Verdict`] is what the
//! server says of a key found; a [`Baseline`] lists the keys accepted.

pub mod baseline;
mod fingerprint;
mod git;
mod matcher;
mod progress;
mod scanned;
mod verdict;
mod walk;

pub use baseline::{Baseline, Judgement};
pub use git::{history, staged};
pub use matcher::find_keys;
pub use scanned::{Hit, Scanned};
pub use verdict::Verdict;
pub use walk::{BINARY_LIMIT, scan};
