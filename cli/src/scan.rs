//! Finding strings of the WhyLabs key shape in files: a 10-character id of `[A-Za-z0-9]`, a
//! dot, 53 characters of the alphabet the server parses (`[A-Za-z0-9+\-^!$&@]`), an optional
//! `:org-id`. Directories are walked in parallel by `ignore` (respecting .gitignore) and
//! matched by `regex`; a hit keeps the file, line, key id and org id, never the secret.

use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex, PoisonError};

use ignore::{WalkBuilder, WalkState};
use regex::bytes::Regex;

static KEY_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([A-Za-z0-9]{10})\.[A-Za-z0-9+\-^!$&@]{53}(?::([A-Za-z0-9][A-Za-z0-9_\-]{0,63}))?")
        .expect("the key pattern is valid")
});

/// A key-shaped string: where it is and its public parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub path: PathBuf,
    /// 1-based.
    pub line: u64,
    pub key_id: String,
    /// The `:org-id` suffix, when the key carries one.
    pub org_id: Option<String>,
}

#[derive(Debug, Default)]
pub struct Scanned {
    pub hits: Vec<Hit>,
    pub files: u64,
    pub bytes: u64,
    /// Files or directories that could not be read.
    pub errors: Vec<String>,
}

fn is_key_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"+-^!$&@".contains(&byte)
}

/// The keys in `text`, in order. A match glued to more key characters (a longer token) is not
/// a key.
pub fn find_keys(path: &Path, text: &[u8]) -> Vec<Hit> {
    let mut hits = Vec::new();
    let (mut line, mut counted) = (1u64, 0usize);
    for captures in KEY_SHAPE.captures_iter(text) {
        let whole = captures.get(0).expect("group 0 is the match");
        let glued_before = whole.start() > 0 && text[whole.start() - 1].is_ascii_alphanumeric();
        let glued_after =
            captures.get(2).is_none() && text.get(whole.end()).copied().is_some_and(is_key_char);
        if glued_before || glued_after {
            continue;
        }
        line += text[counted..whole.start()]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        counted = whole.start();
        let text_of =
            |m: regex::bytes::Match<'_>| String::from_utf8_lossy(m.as_bytes()).into_owned();
        hits.push(Hit {
            path: path.to_path_buf(),
            line,
            key_id: text_of(captures.get(1).expect("group 1 is the id")),
            org_id: captures.get(2).map(text_of),
        });
    }
    hits
}

/// Scans files and directories, `.gitignore` respected unless `no_ignore`.
pub fn scan(paths: &[PathBuf], no_ignore: bool) -> Scanned {
    let Some((first, rest)) = paths.split_first() else {
        return Scanned::default();
    };
    let mut walk = WalkBuilder::new(first);
    for path in rest {
        walk.add(path);
    }
    walk.standard_filters(!no_ignore)
        // A repository's .gitignore counts even outside a git checkout (an unpacked archive).
        .require_git(false);
    let found = Mutex::new(Scanned::default());
    walk.build_parallel().run(|| {
        let found = &found;
        Box::new(move |entry| {
            let outcome = match entry {
                Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                    scan_file(entry.path())
                }
                Ok(_) => return WalkState::Continue,
                Err(error) => Err(error.to_string()),
            };
            let mut found = found.lock().unwrap_or_else(PoisonError::into_inner);
            match outcome {
                Ok((hits, bytes)) => {
                    found.files += 1;
                    found.bytes += bytes;
                    found.hits.extend(hits);
                }
                Err(error) => found.errors.push(error),
            }
            WalkState::Continue
        })
    });
    let mut found = found.into_inner().unwrap_or_else(PoisonError::into_inner);
    found
        .hits
        .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    found.errors.sort();
    found
}

fn scan_file(path: &Path) -> Result<(Vec<Hit>, u64), String> {
    let text = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((find_keys(path, &text), text.len() as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUFFIX: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0";

    #[test]
    fn keys_are_found_with_line_id_and_org_but_never_the_secret() {
        let text = format!("a\nkey = \"fh4dUNV3WQ.{SUFFIX}:org-123\"\nb HMiFAgQeNb.{SUFFIX}\n");
        let hits = find_keys(Path::new("f"), text.as_bytes());
        let found: Vec<_> = hits
            .iter()
            .map(|h| (h.line, h.key_id.as_str(), h.org_id.as_deref()))
            .collect();
        assert_eq!(
            found,
            [(2, "fh4dUNV3WQ", Some("org-123")), (3, "HMiFAgQeNb", None)]
        );
        assert!(!format!("{hits:?}").contains(SUFFIX));
    }

    #[test]
    fn longer_tokens_are_not_keys() {
        let longer_id = format!("Xfh4dUNV3WQ.{SUFFIX}");
        let longer_secret = format!("fh4dUNV3WQ.{SUFFIX}9");
        let short = format!("fh4dUNV3WQ.{}", &SUFFIX[1..]);
        for text in [longer_id, longer_secret, short] {
            assert!(
                find_keys(Path::new("f"), text.as_bytes()).is_empty(),
                "{text}"
            );
        }
    }
}
