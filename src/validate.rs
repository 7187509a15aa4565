//! Checks on caller input, run before anything is sent.

use crate::error::{Error, Result};

/// An id used in a path or query: not blank, not a dot segment (which URL normalisation
/// would turn into path traversal), no backslash (which URL parsers read as `/`), no
/// control characters.
pub(crate) fn id(field: &'static str, value: &str) -> Result<()> {
    let reason = if value.trim().is_empty() {
        "is empty or blank"
    } else if value == "." || value == ".." {
        "cannot be a dot segment"
    } else if value.contains('\\') {
        "cannot contain a backslash"
    } else if value.chars().any(char::is_control) {
        "cannot contain control characters"
    } else {
        return Ok(());
    };
    Err(Error::invalid(field, reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_would_escape_their_path_segment_are_rejected() {
        for bad in ["", "  ", ".", "..", "a\\b", "a\nb", "\u{0}"] {
            let error = id("key_id", bad).unwrap_err();
            assert!(
                matches!(
                    error,
                    Error::InvalidInput {
                        field: "key_id",
                        ..
                    }
                ),
                "{bad:?}"
            );
        }
        for good in ["fh4dUNV3WQ", "org 1/2", "user+x@y.com", "a..b", "é"] {
            id("key_id", good).unwrap();
        }
    }
}
