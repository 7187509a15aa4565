//! The command line: global settings and one subcommand (clap derive). Each command's `--help`
//! ends with examples; `whylabs-keys completions SHELL` prints shell completions.

mod jobs;
mod keys;
pub mod scope;
pub mod shared;
mod values;

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

pub use jobs::{AuditArgs, CompletionsArgs, DemoArgs, EmulatorArgs, OffboardArgs, ScanArgs};
pub use keys::{
    CreateArgs, GetArgs, ListArgs, RevokeArgs, RotateArgs, RotateSecretSink, RotationsArgs,
};
pub use shared::{Expiry, SecretSink};

use crate::api::ApiChoice;
use crate::output::Format;

const EXAMPLES: &str = "\
Examples:
  whylabs-keys demo                # try it: a local emulator, no account
  export WHYLABS_API_KEY=...  WHYLABS_DEFAULT_ORG_ID=org-123
  whylabs-keys list
  whylabs-keys create --user user-123 --expires-in 90d --secret-file key.txt
  whylabs-keys audit --org org-123 --org org-456 --fail-on error
  whylabs-keys offboard --user user-123

Exit codes: 0 success, 1 failure or findings (audit, scan), 2 usage error.";

/// Manage WhyLabs API keys: list, create, rotate, revoke, offboard a user, audit an
/// organization against a policy, scan files for leaked keys.
///
/// The API key comes from WHYLABS_API_KEY, --api-key-file or a --profile's key file (never
/// a flag). A system key (:whylabs_system) uses the v0 API and can act on any user; an
/// organization administrator's key uses the v1 API where it has the operation.
#[derive(Debug, Parser)]
#[command(name = "whylabs-keys", version, after_help = EXAMPLES)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// The options every command takes. Those read from the environment or a profile are resolved
/// after parsing (`config::settings`), so a usage line never shows them as if typed.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// Read the API key from this file (its first non-blank line; - reads stdin) instead of
    /// WHYLABS_API_KEY.
    #[arg(long, global = true, value_name = "PATH")]
    pub api_key_file: Option<PathBuf>,

    /// Use this profile of the config file ($XDG_CONFIG_HOME/whylabs-keys/config.toml);
    /// flags and environment variables override its settings [env: WHYLABS_KEYS_PROFILE]
    #[arg(long, global = true, value_name = "NAME", value_parser = values::non_empty)]
    pub profile: Option<String>,

    /// The API's base URL, for a self-hosted deployment [env: WHYLABS_API_ENDPOINT]
    /// [default: https://api.whylabsapp.com]
    // The URL is help text for the terminal, where angle brackets would only be noise.
    #[allow(rustdoc::bare_urls)]
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint: Option<String>,

    /// The organization; repeat (or separate with commas) for list, audit and scan lookups
    /// [env: WHYLABS_DEFAULT_ORG_ID]
    #[arg(long = "org", global = true, value_name = "ORG", value_delimiter = ',', value_parser = values::non_empty)]
    pub orgs: Vec<String>,

    /// The longest one API call may take, retries included (e.g. 30s, 2m).
    #[arg(long, global = true, value_name = "DURATION", default_value = "60s", value_parser = values::positive_duration)]
    pub timeout: Duration,

    /// Which API to use: v0 needs a system key, v1 an organization administrator's key;
    /// auto tries v0 and falls back to v1 when the server answers 403 [env: WHYLABS_KEYS_API]
    /// [default: auto]
    #[arg(long, global = true, value_enum)]
    pub api: Option<ApiChoice>,

    /// Output format: a table for people, json or csv for scripts (field names are stable);
    /// sarif (scan) and junit (audit) for CI.
    #[arg(short, long, global = true, value_enum, default_value_t = Format::Table, env = "WHYLABS_KEYS_OUTPUT")]
    pub output: Format,

    /// Log to stderr: -v what the tool does (API, each call and its outcome), -vv debug,
    /// -vvv trace (never a key or secret).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Allow plain http:// to a host other than loopback (the API key then crosses the
    /// network unencrypted).
    #[arg(long, global = true)]
    pub allow_insecure_http: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check that the configured key is valid (exit 0) or not (exit 1).
    #[command(
        after_help = "Examples:\n  whylabs-keys validate\n  WHYLABS_API_KEY=$(cat key.txt) whylabs-keys validate && echo ok"
    )]
    Validate,
    /// Show which key is configured (id, organization, scopes, API), the endpoint, and
    /// whether the key is valid (exit 0) or not (exit 1). Never the secret.
    #[command(
        after_help = "Examples:\n  whylabs-keys whoami\n  whylabs-keys --profile prod whoami -o json\n  whylabs-keys auth status"
    )]
    Whoami,
    /// Authentication: `auth status` is `whoami`.
    #[command(subcommand)]
    Auth(AuthCommand),
    List(ListArgs),
    Get(GetArgs),
    Create(CreateArgs),
    Revoke(RevokeArgs),
    Rotate(RotateArgs),
    Rotations(RotationsArgs),
    Offboard(OffboardArgs),
    Audit(AuditArgs),
    Scan(ScanArgs),
    Emulator(EmulatorArgs),
    Demo(DemoArgs),
    Completions(CompletionsArgs),
}

/// `auth` subcommands.
#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// The configured key and whether it is valid: the same as `whoami`.
    #[command(
        after_help = "Examples:\n  whylabs-keys auth status\n  whylabs-keys auth status -o json"
    )]
    Status,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    /// Every example line of every command shows as written in an 80-column terminal: a
    /// wrapped example is a broken command when pasted.
    #[test]
    fn examples_are_not_wrapped_at_80_columns() {
        let mut root = Cli::command().term_width(80);
        root.build();
        let mut commands = vec![root.clone()];
        commands.extend(root.get_subcommands().cloned());
        let mut wrapped = Vec::new();
        for mut command in commands {
            let name = command.get_name().to_string();
            let after = command
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            let help = command.render_help().to_string();
            // Examples are the indented lines; prose may be reflowed.
            let examples = after.lines().filter(|line| line.starts_with("  "));
            let lines = examples.filter(|line| !help.contains(line));
            wrapped.extend(lines.map(|line| format!("{name}: {line}")));
        }
        assert!(
            wrapped.is_empty(),
            "wrapped at 80 columns:\n{}",
            wrapped.join("\n")
        );
    }
}
