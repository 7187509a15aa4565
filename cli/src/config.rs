//! The client's configuration: the API key (WHYLABS_API_KEY or --api-key-file, never a flag
//! that would land in shell history), endpoint, organizations and timeout.

use std::fs;
use std::time::Duration;

use whylabs_api_keys::{ApiKeySecret, Client, ClientBuilder};

use crate::args::Global;
use crate::error::{CliError, CliResult};

/// The API key, from `--api-key-file` (first line) or `WHYLABS_API_KEY`; `None` when neither
/// is given.
pub fn api_key(global: &Global) -> CliResult<Option<ApiKeySecret>> {
    if let Some(path) = &global.api_key_file {
        let text = fs::read_to_string(path).map_err(|e| {
            CliError::usage(format!(
                "cannot read --api-key-file {}: {e}",
                path.display()
            ))
        })?;
        let key = text.lines().next().unwrap_or("").trim();
        if key.is_empty() {
            return Err(CliError::usage(format!(
                "--api-key-file {} is empty",
                path.display()
            )));
        }
        return Ok(Some(ApiKeySecret::from(key)));
    }
    match std::env::var("WHYLABS_API_KEY") {
        Ok(key) if !key.trim().is_empty() => Ok(Some(ApiKeySecret::from(key.trim()))),
        _ => Ok(None),
    }
}

/// The API key, required.
pub fn required_api_key(global: &Global) -> CliResult<ApiKeySecret> {
    api_key(global)?.ok_or_else(|| {
        CliError::usage(
            "no API key: set WHYLABS_API_KEY or pass --api-key-file PATH \
             (or try `whylabs-keys demo`, which needs no account)",
        )
    })
}

/// A client builder with the key and the global settings. `--timeout` bounds a whole call;
/// an attempt gets half of it (30 s at most), so a retry, or the reconciliation of a create
/// whose answer never came, still fits in the call.
pub fn client_builder(global: &Global, key: ApiKeySecret) -> ClientBuilder {
    let total = global.timeout;
    let attempt = (total / 2).min(Duration::from_secs(30));
    Client::builder()
        .api_key(key)
        .base_url(global.endpoint.as_str())
        .allow_insecure_http(global.allow_insecure_http)
        .total_timeout(total)
        .attempt_timeout(attempt)
        .connect_timeout(attempt.min(Duration::from_secs(10)))
}

/// Builds a client, turning a configuration problem into a usage error (exit 2).
pub fn build(builder: ClientBuilder) -> CliResult<Client> {
    builder
        .build()
        .map_err(|e| CliError::usage(format!("cannot configure the client: {e}")))
}
