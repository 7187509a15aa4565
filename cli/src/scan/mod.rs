//! Finding leaked keys: [`scan`] reads stdin (`-`) and walks files and directories in
//! parallel (`ignore`, respecting .gitignore, never `.git/`), and [`matcher`] finds the
//! key-shaped strings; a hit keeps the file, line, key id and org id, never the secret.
//! [`Verdict`] is what the server says of a key found.

mod matcher;
mod scanned;
mod verdict;
mod walk;

pub use matcher::find_keys;
pub use scanned::{Hit, Scanned};
pub use verdict::Verdict;
pub use walk::scan;
