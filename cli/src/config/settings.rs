//! The settings a run uses, each from the first place that has it: a flag, then its
//! environment variable, then the profile (`--profile` / WHYLABS_KEYS_PROFILE), then the
//! default. Resolved here, after parsing, rather than by clap's `env`, so that a usage line
//! never shows a variable's value as a typed option; and so that each setting knows where it
//! came from, which errors name.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use clap::parser::ValueSource;
use clap::{ArgMatches, ValueEnum};

use crate::api::ApiChoice;
use crate::args::Global;
use crate::config::profiles::{self, Profile};
use crate::error::{CliError, CliResult};
use crate::output::Format;

/// Where the API key comes from, for messages (never the key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeySource {
    None,
    Env,
    File(PathBuf),
    Profile { name: String, path: PathBuf },
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |path: &PathBuf| {
            whylabs_api_keys::escape_controls(&path.to_string_lossy()).into_owned()
        };
        match self {
            KeySource::None => f.write_str("nowhere"),
            KeySource::Env => f.write_str("WHYLABS_API_KEY"),
            KeySource::File(path) if path.as_os_str() == "-" => {
                f.write_str("--api-key-file - (stdin)")
            }
            KeySource::File(path) => write!(f, "--api-key-file {}", shown(path)),
            KeySource::Profile { name, path } => {
                write!(f, "profile {name}'s api_key_file {}", shown(path))
            }
        }
    }
}

/// Everything a command needs from the command line, the environment and the profile.
#[derive(Clone, Debug)]
pub struct Settings {
    pub key: KeySource,
    pub endpoint: String,
    /// Where the endpoint came from: `--endpoint`, `WHYLABS_API_ENDPOINT`, a profile, or the
    /// default.
    pub endpoint_source: String,
    pub orgs: Vec<String>,
    pub api: ApiChoice,
    pub output: Format,
    pub timeout: Duration,
    pub allow_insecure_http: bool,
    pub profile: Option<String>,
}

/// Resolves the settings of a run; a bad variable or profile is a usage error.
pub fn resolve(global: &Global, matches: &ArgMatches) -> CliResult<Settings> {
    let profile_name = global.profile.clone().or(env_text("WHYLABS_KEYS_PROFILE"));
    let profile = match &profile_name {
        Some(name) => profiles::load(name)?,
        None => Profile::default(),
    };
    let from_profile = |field: &str| match &profile_name {
        Some(name) => format!("profile {name}'s {field}"),
        None => String::new(),
    };
    let (endpoint, endpoint_source) = match (&global.endpoint, env_text("WHYLABS_API_ENDPOINT")) {
        (Some(url), _) => (url.clone(), "--endpoint".to_string()),
        (None, Some(url)) => (url, "WHYLABS_API_ENDPOINT".to_string()),
        (None, None) => match &profile.endpoint {
            Some(url) => (url.clone(), from_profile("endpoint")),
            None => (
                whylabs_api_keys::DEFAULT_BASE_URL.to_string(),
                "the default endpoint".to_string(),
            ),
        },
    };
    let key = match (&global.api_key_file, env_text("WHYLABS_API_KEY")) {
        (Some(path), _) => KeySource::File(path.clone()),
        (None, Some(_)) => KeySource::Env,
        (None, None) => match (&profile_name, &profile.api_key_file) {
            (Some(name), Some(path)) => KeySource::Profile {
                name: name.clone(),
                path: path.clone(),
            },
            _ => KeySource::None,
        },
    };
    let orgs = if !global.orgs.is_empty() {
        global.orgs.clone()
    } else if let Some(list) = env_text("WHYLABS_DEFAULT_ORG_ID") {
        org_list(&list)?
    } else {
        profile.orgs.clone()
    };
    let api = match (global.api, env_text("WHYLABS_KEYS_API")) {
        (Some(api), _) => api,
        (None, Some(text)) => ApiChoice::from_str(&text, true).map_err(|_| {
            CliError::usage(format!(
                "WHYLABS_KEYS_API={text:?} is not one of auto, v0, v1"
            ))
        })?,
        (None, None) => profile.api.unwrap_or(ApiChoice::Auto),
    };
    let output_given = matches
        .value_source("output")
        .is_some_and(|s| s != ValueSource::DefaultValue);
    let output = match profile.output {
        Some(format) if !output_given => format,
        _ => global.output,
    };
    Ok(Settings {
        key,
        endpoint,
        endpoint_source,
        orgs,
        api,
        output,
        timeout: global.timeout,
        allow_insecure_http: global.allow_insecure_http,
        profile: profile_name,
    })
}

/// A variable's value; unset and blank are alike.
fn env_text(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// WHYLABS_DEFAULT_ORG_ID: one organization, or several separated by commas.
fn org_list(text: &str) -> CliResult<Vec<String>> {
    let orgs: Vec<String> = text.split(',').map(|o| o.trim().to_string()).collect();
    if orgs.iter().any(String::is_empty) {
        return Err(CliError::usage(format!(
            "WHYLABS_DEFAULT_ORG_ID={text:?} has an empty organization"
        )));
    }
    Ok(orgs)
}
