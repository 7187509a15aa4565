//! The arguments of the commands on single keys: list, get, create, revoke, rotate.

use clap::Args;

use super::shared::{Expiry, SecretSink};
use crate::records::{KeyStatus, SortKey};

/// List the organization's keys that are not revoked (expired ones included), or all keys of
/// one user (revoked ones included).
#[derive(Debug, Default, Args)]
#[command(after_help = "\
Examples:
  whylabs-keys list --org org-123
  whylabs-keys list --org org-123 --org org-456 --output csv > keys.csv
  whylabs-keys list --expired --sort-by expires     # expired, not revoked
  whylabs-keys list --scope :administrator --alias 'ci-*'
  whylabs-keys list --user user-123 --status revoked -q
  whylabs-keys list --user user-123 -o json | jq -r '.[].key_id'

Filters combine (all must hold); --scope may be repeated (the key holds every one).
JSON/CSV fields: key_id org_id user_id alias scopes status created expires last_used resource_id")]
pub struct ListArgs {
    /// Only this user's keys, revoked ones included (v0: needs a system key).
    #[arg(long, value_name = "USER")]
    pub user: Option<String>,

    /// Only keys of this status (revoked keys are only in a user's list: --user).
    #[arg(long, value_enum, value_name = "STATUS")]
    pub status: Option<KeyStatus>,

    /// Only expired keys (the same as --status expired).
    #[arg(long, conflicts_with = "status")]
    pub expired: bool,

    /// Only keys holding this scope, e.g. :administrator (repeat: keys holding all of them).
    #[arg(long = "scope", value_name = "SCOPE")]
    pub scopes: Vec<String>,

    /// Only keys whose alias matches this glob (`*`, `?`, `[abc]`), e.g. 'ci-*'.
    #[arg(long, value_name = "GLOB")]
    pub alias: Option<String>,

    /// Sort by this time, oldest first; keys without it come last.
    #[arg(long, value_enum, value_name = "FIELD")]
    pub sort_by: Option<SortKey>,

    /// Print the key ids only, one per line (for xargs), whatever --output says.
    #[arg(short, long)]
    pub quiet: bool,

    /// Leave out the header line of the table and of CSV.
    #[arg(long)]
    pub no_headers: bool,
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

    /// Replace the secret file when it exists (a symlink there is replaced, not followed).
    #[arg(long)]
    pub force: bool,
}

/// Revoke keys. Each is reported revoked only when the server confirmed it; a key the server
/// does not know is reported as such; exit 1 names every key not revoked.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whylabs-keys revoke fh4dUNV3WQ --org org-123     # the owner is looked up
  whylabs-keys revoke fh4dUNV3WQ HMiFAgQeNb --user user-123 --yes  # in scripts
  whylabs-keys revoke fh4dUNV3WQ --dry-run         # what would be revoked
  whylabs-keys revoke fh4dUNV3WQ --api v1 --yes    # one of your own keys (v1)

JSON/CSV fields: key_id org_id user_id result error (result: planned, revoked, not-found, failed)")]
pub struct RevokeArgs {
    /// The ids of the keys to revoke.
    #[arg(required = true, value_name = "KEY_ID")]
    pub key_ids: Vec<String>,

    /// The keys' owner (v0). Without it a system key looks each key's owner up in the
    /// organization; an administrator's key (v1) revokes only its own keys.
    #[arg(long, value_name = "USER")]
    pub user: Option<String>,

    /// Say what would be revoked (owners are looked up) and revoke nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Do not ask for confirmation (required when not on a terminal).
    #[arg(short, long)]
    pub yes: bool,
}

/// Replace a key: create its successor (same user, alias and scopes), verify it, deliver the
/// new secret, check the consumer, then revoke the old key (v0: needs a system key).
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whylabs-keys rotate fh4dUNV3WQ --secret-file ./nightly.key --force \\
      --expires-in 90d
  whylabs-keys rotate fh4dUNV3WQ --print-secret --yes > new.key
  whylabs-keys rotate fh4dUNV3WQ --deliver dotenv:app/.env#WHYLABS_API_KEY \\
      --deliver 'exec:gh secret set WHYLABS_API_KEY' \\
      --check './smoke-test.sh' --overlap 1h --yes
  whylabs-keys rotate --finish      # cron: revoke old keys whose overlap ended
  whylabs-keys rotate --resume      # end rotations a crash interrupted
  whylabs-keys rotate --plan rotations.toml --due --yes   # what is due

Sinks: file:PATH (the secret alone, 0600), dotenv:PATH#VAR (one line of a .env file;
VAR defaults to WHYLABS_API_KEY), exec:COMMAND (sh -c, the secret on stdin).
Without --expires-in/--expires-at the new key gets the old key's lifetime.
The old key is revoked only after every sink holds the new secret, the server validated
it and the check passed; before that, a failure restores every sink it can and revokes the
new key (kept when a sink that cannot be restored holds it). Exit 1 names every key and
where it is.")]
pub struct RotateArgs {
    /// The id of the key to replace.
    #[arg(required_unless_present_any = ["resume", "finish", "plan"])]
    pub key_id: Option<String>,

    #[command(flatten)]
    pub sink: RotateSecretSink,

    /// Deliver the new secret here (repeatable): file:PATH, dotenv:PATH#VAR, exec:COMMAND.
    #[arg(long, value_name = "SINK", value_parser = crate::deliver::SinkSpec::parse)]
    pub deliver: Vec<crate::deliver::SinkSpec>,

    /// A command (sh -c) that proves the consumer works with the new secret, given in
    /// WHYLABS_API_KEY and on stdin; exit 0 means it works.
    #[arg(long, value_name = "COMMAND", requires = "deliver")]
    pub check: Option<String>,

    /// The longest the check (and each exec: sink) may run before it counts as failed.
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = super::values::positive_duration)]
    pub check_timeout: std::time::Duration,

    /// Keep the old key active this long after the sinks are committed; `rotate --finish`
    /// then revokes it (e.g. 1h).
    #[arg(long, value_name = "DURATION", requires = "deliver", value_parser = humantime::parse_duration)]
    pub overlap: Option<std::time::Duration>,

    /// The rotation journal's directory [default: $XDG_STATE_HOME/whylabs-keys/rotations]
    #[arg(long, value_name = "PATH")]
    pub journal: Option<std::path::PathBuf>,

    /// End every rotation of the journal that a crash interrupted (forward when every sink
    /// holds the new secret and the check passed, else back).
    #[arg(long, conflicts_with_all = ["key_id", "finish", "deliver", "dry_run"])]
    pub resume: bool,

    /// Revoke every old key of the journal whose overlap has ended (for cron).
    #[arg(long, conflicts_with_all = ["key_id", "deliver", "dry_run", "plan"])]
    pub finish: bool,

    /// Rotate every key of this plan (TOML: keys by id or by org, user and alias, with their
    /// sinks, check, overlap, max_age, expires_in), one summary line per key.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["key_id", "deliver", "resume", "check", "overlap"])]
    pub plan: Option<std::path::PathBuf>,

    /// With --plan: rotate only the keys older than their max_age.
    #[arg(long, requires = "plan")]
    pub due: bool,

    /// With --plan: how many rotations run at once.
    #[arg(long, value_name = "N", default_value_t = 4, requires = "plan")]
    pub concurrency: usize,

    #[command(flatten)]
    pub expiry: Expiry,

    /// Replace the secret file when it exists (a symlink there is replaced, not followed).
    #[arg(long)]
    pub force: bool,

    /// Do not ask for confirmation (required when not on a terminal).
    #[arg(short, long)]
    pub yes: bool,

    /// Say what would be created, delivered and revoked, and change nothing (only the key is
    /// looked up).
    #[arg(long)]
    pub dry_run: bool,
}

/// rotate's --secret-file / --print-secret: as create's, but optional (--deliver replaces
/// them).
#[derive(Debug, Clone, Args)]
#[group(multiple = false, conflicts_with = "deliver")]
pub struct RotateSecretSink {
    /// Write the secret to this file (mode 0600; written to a temporary file in the same
    /// directory, then renamed into place). `-` means stdout, as --print-secret.
    #[arg(long, value_name = "PATH")]
    pub secret_file: Option<std::path::PathBuf>,

    /// Print the secret alone on stdout (everything else goes to stderr).
    #[arg(long)]
    pub print_secret: bool,
}

impl RotateSecretSink {
    /// As create's [`SecretSink`]; `None` when neither flag was given.
    pub fn given(&self) -> Option<SecretSink> {
        (self.secret_file.is_some() || self.print_secret).then(|| SecretSink {
            secret_file: self.secret_file.clone(),
            print_secret: self.print_secret,
        })
    }
}

/// List the journal's rotations that are not over: interrupted ones (`rotate --resume`) and
/// those in their overlap (`rotate --finish`). Needs no API key.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whylabs-keys rotations
  whylabs-keys rotations --all -o json

JSON/CSV fields: id org_id user_id old_key new_key step overlap_until updated sinks")]
pub struct RotationsArgs {
    /// The rotation journal's directory [default: $XDG_STATE_HOME/whylabs-keys/rotations]
    #[arg(long, value_name = "PATH")]
    pub journal: Option<std::path::PathBuf>,

    /// Also list the rotations that are over (done, aborted, split).
    #[arg(long)]
    pub all: bool,
}
