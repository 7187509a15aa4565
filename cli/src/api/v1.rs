//! The v1 paths: what an organization administrator's key can do (validate, list the
//! organization's key metadata, generate a key for oneself, delete one's own key).
//!
//! The v1 facade is landing in the library; until it does these report that plainly.

use whylabs_api_keys::{ApiKey, CreatedApiKey};

use crate::api::Session;
use crate::args::CreateArgs;
use crate::error::{CliError, CliResult};
use crate::records::KeyRecord;

fn pending(what: &str) -> CliError {
    CliError::failed(format!(
        "{what} needs the v1 API, which this build of whylabs-keys does not have yet"
    ))
}

/// Whether the configured key is valid (`Ok(false)` for 401/403).
pub async fn validate(_session: &Session) -> CliResult<bool> {
    Err(pending("validate"))
}

/// The organization's active keys' metadata (no user, creation or last use).
pub async fn list(_session: &Session, _org: Option<&str>) -> CliResult<Vec<KeyRecord>> {
    Err(pending("listing keys with an administrator's key"))
}

/// A key for the caller.
pub async fn generate(_session: &Session, _args: &CreateArgs) -> CliResult<CreatedApiKey> {
    Err(pending("creating a key for yourself"))
}

/// Deletes one of the caller's keys; `Ok(None)` when the server says it has no such key of
/// the caller.
pub async fn delete(_session: &Session, _key_id: &str) -> CliResult<Option<ApiKey>> {
    Err(pending("revoking with an administrator's key"))
}
