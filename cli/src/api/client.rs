//! Building a client. The library names its own settings (`base_url`,
//! `allow_insecure_http(true)`); a user of the tool set them with flags and variables, so a
//! configuration problem becomes a usage error (exit 2) that names those.

use whylabs_api_keys::{Client, ClientBuilder, Error};

use crate::error::{CliError, CliResult};

/// Where an endpoint comes from, for a client built after the run's own (v1 clients for a
/// managed organization, the demo's).
pub(super) const ENDPOINT_SETTINGS: &str = "--endpoint or WHYLABS_API_ENDPOINT";

/// Builds a client; a bad endpoint is named by `endpoint_source`, where it came from (such
/// as `--endpoint` or a profile's endpoint).
pub fn build(builder: ClientBuilder, endpoint_source: &str) -> CliResult<Client> {
    builder
        .build()
        .map_err(|e| CliError::usage(configuration_error(&e, endpoint_source)))
}

fn configuration_error(error: &Error, endpoint_source: &str) -> String {
    match error {
        Error::Config {
            name: "base_url",
            reason,
        } => {
            let reason = reason.replace("allow_insecure_http(true)", "--allow-insecure-http");
            format!("the endpoint ({endpoint_source}) is not usable: {reason}")
        }
        Error::InvalidInput {
            field: "api_key",
            reason,
        } => {
            format!("the API key {reason} (check WHYLABS_API_KEY or the --api-key-file)")
        }
        other => format!("cannot configure the client: {other}"),
    }
}
