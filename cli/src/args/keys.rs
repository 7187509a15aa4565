//! The arguments of the commands on single keys: list, get, create, revoke, rotate.

use clap::Args;

use super::shared::{Expiry, SecretSink};

/// List the organization's active keys, or all keys of one user (revoked ones included).
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whylabs-keys list --org org-123
  whylabs-keys list --org org-123 --org org-456 --output csv > keys.csv
  whylabs-keys list --user user-123 -o json | jq -r '.[].key_id'

JSON/CSV fields: key_id org_id user_id alias scopes status created expires last_used resource_id")]
pub struct ListArgs {
    /// Only this user's keys, revoked ones included (v0: needs a system key).
    #[arg(long, value_name = "USER")]
    pub user: Option<String>,
}

/// Show one key's metadata (v0: needs a system key).
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whylabs-keys get fh4dUNV3WQ --org org-123
  whylabs-keys get fh4dUNV3WQ --output json")]
pub struct GetArgs {
    /// The key's 10-character id, the part before the dot.
    #[arg(value_parser = super::values::non_empty)]
    pub key_id: String,
}

/// Create a key. The secret goes to a 0600 file or, with --print-secret, alone to stdout;
/// never into a table, a log or stderr.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whylabs-keys create --user user-123 --scope :user --scope :write_data \\
      --alias nightly-upload --expires-in 90d --secret-file ./nightly.key
  whylabs-keys create --user user-123 --expires-at 2026-01-31 --print-secret \\
      | vault kv put secret/wl key=-
  whylabs-keys create --api v1 --scope :read_resource --print-secret  # yours")]
pub struct CreateArgs {
    /// The key's owner (v0, a system key). Omit it with an administrator's key: v1 creates
    /// keys for the caller only.
    #[arg(long, value_name = "USER")]
    pub user: Option<String>,

    /// A scope such as :user, :write_data, :read_resource (repeat for several; default :user).
    #[arg(long = "scope", value_name = "SCOPE", value_parser = super::scope::parse)]
    pub scopes: Vec<String>,

    /// A human-friendly name for the key.
    #[arg(long, value_name = "ALIAS")]
    pub alias: Option<String>,

    #[command(flatten)]
    pub expiry: Expiry,

    #[command(flatten)]
    pub sink: SecretSink,

    /// Overwrite the secret file when it exists (its mode is set to 0600).
    #[arg(long)]
    pub force: bool,
}

/// Revoke a key. A key the server does not know is reported as such (exit 1); any other
/// failure is an error, never "revoked".
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whylabs-keys revoke fh4dUNV3WQ --user user-123 --org org-123
  whylabs-keys revoke fh4dUNV3WQ --user user-123 --yes      # in scripts and CI
  whylabs-keys revoke fh4dUNV3WQ --api v1 --yes   # one of your own keys (v1)")]
pub struct RevokeArgs {
    /// The id of the key to revoke.
    pub key_id: String,

    /// The key's owner (v0). With an administrator's key (v1), omit it: only your own keys.
    #[arg(long, value_name = "USER")]
    pub user: Option<String>,

    /// Do not ask for confirmation (required when not on a terminal).
    #[arg(short, long)]
    pub yes: bool,
}

/// Replace a key: create its successor (same user, alias and scopes), write the new secret,
/// then revoke the old key (v0: needs a system key).
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whylabs-keys rotate fh4dUNV3WQ --secret-file ./nightly.key --force \\
      --expires-in 90d
  whylabs-keys rotate fh4dUNV3WQ --print-secret --yes > new.key

Without --expires-in/--expires-at the new key gets the old key's lifetime.
On a failure it says which keys are active and where the new secret is.")]
pub struct RotateArgs {
    /// The id of the key to replace.
    pub key_id: String,

    #[command(flatten)]
    pub sink: SecretSink,

    #[command(flatten)]
    pub expiry: Expiry,

    /// Overwrite the secret file when it exists (its mode is set to 0600).
    #[arg(long)]
    pub force: bool,

    /// Do not ask for confirmation (required when not on a terminal).
    #[arg(short, long)]
    pub yes: bool,
}
