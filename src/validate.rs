//! Checks on caller input, run before anything is sent.

use crate::error::{Error, Result};
use crate::models::Scope;

// The limits are API rules of this client, defined once in `rules`.
use crate::rules::{MAX_ALIAS_CHARS, MAX_ID_CHARS, MAX_SCOPE_CHARS, MAX_SCOPES};

/// An id used in a path or query: not blank, not longer than [`MAX_ID_CHARS`], not a dot
/// segment (which URL normalisation would turn into path traversal), no backslash (which URL
/// parsers read as `/`), no control characters.
pub(crate) fn id(field: &'static str, value: &str) -> Result<()> {
    let reason = if value.trim().is_empty() {
        "is empty or blank"
    } else if value.chars().count() > MAX_ID_CHARS {
        return Err(too_long(field, MAX_ID_CHARS));
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

/// An alias: at most [`MAX_ALIAS_CHARS`] characters, no control characters.
pub(crate) fn alias(value: &str) -> Result<()> {
    if value.chars().count() > MAX_ALIAS_CHARS {
        return Err(too_long("alias", MAX_ALIAS_CHARS));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::invalid("alias", "cannot contain control characters"));
    }
    Ok(())
}

/// A key's scopes: at most [`MAX_SCOPES`], each at most [`MAX_SCOPE_CHARS`] characters. (A
/// blank or unknown scope is sent: the server answers it with its own 400.)
pub(crate) fn scopes(scopes: &[Scope]) -> Result<()> {
    if scopes.len() > MAX_SCOPES {
        let reason = format!(
            "{} scopes given, at most {MAX_SCOPES} are sent",
            scopes.len()
        );
        return Err(Error::invalid("scopes", reason));
    }
    for scope in scopes {
        if scope.as_str().chars().count() > MAX_SCOPE_CHARS {
            return Err(too_long("scopes", MAX_SCOPE_CHARS));
        }
    }
    Ok(())
}

fn too_long(field: &'static str, max: usize) -> Error {
    Error::invalid(field, format!("is longer than {max} characters"))
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
        id("org_id", &"é".repeat(MAX_ID_CHARS)).unwrap();
        let long = id("org_id", &"a".repeat(MAX_ID_CHARS + 1)).unwrap_err();
        assert_eq!(
            long.to_string(),
            "invalid org_id: is longer than 256 characters"
        );
    }

    #[test]
    fn aliases_and_scopes_beyond_the_limits_are_rejected() {
        alias(&"a".repeat(MAX_ALIAS_CHARS)).unwrap();
        assert!(alias(&"a".repeat(MAX_ALIAS_CHARS + 1)).is_err());
        assert!(alias("two\nlines").is_err());
        scopes(&[Scope::User, Scope::WriteData]).unwrap();
        let many = vec![Scope::User; MAX_SCOPES + 1];
        assert!(matches!(
            scopes(&many),
            Err(Error::InvalidInput {
                field: "scopes",
                ..
            })
        ));
        assert!(scopes(&[Scope::from("x".repeat(MAX_SCOPE_CHARS + 1))]).is_err());
    }
}
