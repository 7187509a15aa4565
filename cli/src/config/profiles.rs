//! Named profiles in `$XDG_CONFIG_HOME/whylabs-keys/config.toml` (`~/.config/...` when the
//! variable is unset): per profile the endpoint, the path of the key file, default
//! organizations, output and API. Never a key: a file holding anything of the key's shape is
//! refused before it is parsed, and no parse error quotes the file's text.
//!
//! ```toml
//! [profiles.prod]
//! endpoint = "https://api.whylabsapp.com"
//! api_key_file = "~/.config/whylabs-keys/prod.key"
//! orgs = ["org-123"]
//! output = "table"
//! api = "auto"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use whylabs_api_keys::escape_controls;

use crate::api::ApiChoice;
use crate::error::{CliError, CliResult};
use crate::output::Format;

/// One profile's settings; each is optional, and flags and environment variables win.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub endpoint: Option<String>,
    pub api_key_file: Option<PathBuf>,
    #[serde(default)]
    pub orgs: Vec<String>,
    #[serde(default, deserialize_with = "value_enum")]
    pub output: Option<Format>,
    #[serde(default, deserialize_with = "value_enum")]
    pub api: Option<ApiChoice>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    profiles: BTreeMap<String, Profile>,
}

/// The config file's path, from XDG_CONFIG_HOME or HOME.
pub fn path() -> CliResult<PathBuf> {
    let base = match std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => home()?.join(".config"),
    };
    Ok(base.join("whylabs-keys").join("config.toml"))
}

/// The profile `name`; a profile that is not in the file, or a file that is missing, is a
/// usage error. Its `api_key_file` is made absolute (`~/` is the home directory, a relative
/// path is relative to the config file's directory).
pub fn load(name: &str) -> CliResult<Profile> {
    let path = path()?;
    let shown = escape_controls(&path.to_string_lossy()).into_owned();
    let text = std::fs::read_to_string(&path).map_err(|e| {
        CliError::usage(format!(
            "profile {name:?} was asked for, but the config file {shown} cannot be read: {e}"
        ))
    })?;
    refuse_keys(&text, &shown)?;
    let mut file: File = toml::from_str(&text).map_err(|e| parse_error(&e, &text, &shown))?;
    let known: Vec<String> = file.profiles.keys().cloned().collect();
    let mut profile = file.profiles.remove(name).ok_or_else(|| {
        CliError::usage(format!(
            "no profile {name:?} in {shown} (profiles there: {})",
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ))
    })?;
    if let Some(key_file) = profile.api_key_file.take() {
        let dir = path.parent().unwrap_or(Path::new("."));
        profile.api_key_file = Some(absolute(&key_file, dir)?);
    }
    Ok(profile)
}

/// A key in the config file would be readable by whatever reads the config, and would end up
/// in backups and dotfile repositories: the file names key files instead.
fn refuse_keys(text: &str, shown: &str) -> CliResult<()> {
    // Reading from memory cannot fail.
    let found = crate::scan::find_keys(&mut text.as_bytes(), &mut Vec::new())
        .map(|(found, _)| found)
        .unwrap_or_default();
    match found.first() {
        Some(hit) => Err(CliError::usage(format!(
            "{shown} line {} holds what looks like an API key (id {}): a profile names the \
             file that holds its key with api_key_file, never the key itself; move the key to \
             a file of its own (chmod 600) and revoke it if the config file was shared",
            hit.line, hit.key_id
        ))),
        None => Ok(()),
    }
}

/// The parse error's message and line, never the text around it (which may be anything).
fn parse_error(error: &toml::de::Error, text: &str, shown: &str) -> CliError {
    let line = error
        .span()
        .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
    let at = line.map(|l| format!(" line {l}")).unwrap_or_default();
    CliError::usage(format!(
        "{shown}{at}: {} (see `whylabs-keys --help` and cli/README.md for the format)",
        escape_controls(error.message().trim())
    ))
}

fn absolute(path: &Path, dir: &Path) -> CliResult<PathBuf> {
    if let Ok(rest) = path.strip_prefix("~") {
        return Ok(home()?.join(rest));
    }
    Ok(dir.join(path))
}

fn home() -> CliResult<PathBuf> {
    std::env::var_os("HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .ok_or_else(|| CliError::usage("neither XDG_CONFIG_HOME nor HOME is set: no config file"))
}

/// `output = "json"`, `api = "v1"`: the same spellings as the flags.
fn value_enum<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: clap::ValueEnum,
{
    let text = String::deserialize(deserializer)?;
    T::from_str(&text, false).map(Some).map_err(|_| {
        let names: Vec<String> = T::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
            .collect();
        serde::de::Error::custom(format!("{text:?} is not one of {}", names.join(", ")))
    })
}
