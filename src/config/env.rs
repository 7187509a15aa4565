//! Reading the client's settings from environment variables.

use crate::error::{Error, Result};

/// An environment variable: `None` when unset, an error when set but empty or not Unicode.
pub(crate) fn env_var(name: &'static str) -> Result<Option<String>> {
    match std::env::var(name) {
        Ok(value) if value.trim().is_empty() => Err(Error::config(name, "is set but empty")),
        Ok(value) => Ok(Some(value.trim().to_string())),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::config(name, "is not valid Unicode")),
    }
}
