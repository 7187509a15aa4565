//! The client's configuration: the API key (WHYLABS_API_KEY, --api-key-file or a profile's
//! key file, never a flag that would land in shell history), endpoint, organizations and
//! timeout, resolved in [`settings`]; [`profiles`] reads the config file, [`key_file`] a key
//! file.

mod key_file;
pub mod profiles;
mod settings;

use std::time::Duration;

use whylabs_api_keys::{ApiKeySecret, Client, ClientBuilder};

use crate::error::{CliError, CliResult};

pub use settings::{KeySource, Settings, resolve};

/// The API key from where the settings say; `None` when no source has one.
pub fn api_key(settings: &Settings) -> CliResult<Option<ApiKeySecret>> {
    let key = match &settings.key {
        KeySource::None => return Ok(None),
        KeySource::Env => {
            let key = std::env::var("WHYLABS_API_KEY").unwrap_or_default();
            ApiKeySecret::from(key.trim())
        }
        KeySource::File(path) => key_file::read(path, "--api-key-file")?,
        KeySource::Profile { name, path } => {
            key_file::read(path, &format!("profile {name}'s api_key_file"))?
        }
    };
    crate::error::set_key_source(&settings.key);
    tracing::info!(key_id = key.key_id().unwrap_or("?"), source = %settings.key, "API key");
    Ok(Some(key))
}

/// The organization a WhyLabs key names in its `:org-id` suffix, if it has one. Only a key
/// of the WhyLabs shape (`id.secret:org`, whose secret holds no colon) is read, and only an
/// org-id-like suffix: nothing of another kind of secret is taken for an organization.
pub fn key_org(key: &ApiKeySecret) -> Option<String> {
    key.key_id()?;
    let (_, org) = key.expose_secret().split_once(':')?;
    whylabs_api_keys::rules::is_key_org_id(org).then(|| org.to_string())
}

/// The API key, required.
pub fn required_api_key(settings: &Settings) -> CliResult<ApiKeySecret> {
    api_key(settings)?.ok_or_else(|| {
        CliError::usage(
            "no API key: set WHYLABS_API_KEY, pass --api-key-file PATH or use a --profile \
             with an api_key_file (or try `whylabs-keys demo`, which needs no account)",
        )
    })
}

/// A client builder with the key and the settings. `--timeout` bounds a whole call; an
/// attempt gets half of it (30 s at most), so a retry, or the reconciliation of a create
/// whose answer never came, still fits in the call.
pub fn client_builder(settings: &Settings, key: ApiKeySecret) -> ClientBuilder {
    let total = settings.timeout;
    let attempt = (total / 2).min(Duration::from_secs(30));
    Client::builder()
        .api_key(key)
        .base_url(settings.endpoint.as_str())
        .allow_insecure_http(settings.allow_insecure_http)
        .total_timeout(total)
        .attempt_timeout(attempt)
        .connect_timeout(attempt.min(Duration::from_secs(10)))
}
