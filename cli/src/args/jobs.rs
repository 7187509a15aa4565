//! The arguments of the commands on whole users, organizations and trees: offboard, audit,
//! scan; and of the emulator, the demo and shell completions.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use clap::Args;
use whylabs_api_keys_emulator::Fault;

use crate::audit::Severity;

/// Revoke every active key of a user, with bounded concurrency; running it again is a no-op.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whylabs-keys offboard --user user-123 --org org-123 --dry-run
  whylabs-keys offboard --user user-123 --org org-123 --yes")]
pub struct OffboardArgs {
    /// The departing user.
    #[arg(long, value_name = "USER")]
    pub user: String,

    /// Show the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Do not ask for confirmation (required when not on a terminal).
    #[arg(short, long)]
    pub yes: bool,

    /// How many revokes run at once.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
}

/// Check the organization's keys (those not revoked, expired ones included) against a policy:
/// one finding per key and rule.
#[derive(Debug, Default, Args)]
#[command(after_help = "\
Examples:
  whylabs-keys audit --org org-123
  whylabs-keys audit --org org-123 --org org-456 --max-age 90d --fail-on error
  whylabs-keys audit --policy .whylabs-keys.toml --output json
  whylabs-keys audit --as-of 2026-01-31          # what will fail by then

Rules: expired, max-age, never-expires, expiring-soon, unused, never-used, privileged-scope,
near-key-limit. An expired key that is not revoked gets only the expired finding. Exit 1 when a finding reaches --fail-on. lastUsedTime is updated by the
server in batches about every 15 minutes, so the most recent use may not show yet.
JSON/CSV fields: org_id key_id user_id rule severity message")]
pub struct AuditArgs {
    /// Keys older than this are findings (CIS and AWS Config use 90 days).
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub max_age: Option<Duration>,

    /// Keys not used for this long (or never used and older than it) are findings.
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub unused_for: Option<Duration>,

    /// Keys expiring within this window are findings.
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub expiring_within: Option<Duration>,

    /// Exit 1 when a finding has this severity or a higher one [default: warning].
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<Severity>,

    /// A TOML policy file; flags override its values.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// Judge ages and expiries as of this time instead of now, e.g. 2026-01-31 to see what
    /// will fail by then.
    #[arg(long, value_name = "DATE", value_parser = crate::args::shared::parse_date)]
    pub as_of: Option<DateTime<Utc>>,

    /// The rotation journal to check for rotations left pending and overlaps
    /// [default: $XDG_STATE_HOME/whylabs-keys/rotations]
    #[arg(long, value_name = "PATH")]
    pub journal: Option<PathBuf>,
}

/// Find leaked WhyLabs keys in files (respecting .gitignore), stdin, git history or what is
/// staged, and report file, line and key id, never the secret. With an API key, look each id
/// up; exit 1 when a key is active or unknown.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whylabs-keys scan .
  whylabs-keys scan src/ config/ --output json
  kubectl logs deploy/app | whylabs-keys scan -
  whylabs-keys scan --git -o sarif > keys.sarif   # every blob of every ref
  whylabs-keys scan --git --since-commit origin/main   # CI on a branch
  whylabs-keys scan --staged                           # pre-commit
  whylabs-keys scan . --write-baseline .whylabs-keys-ignore.toml
  whylabs-keys scan . --org org-123 --revoke --yes      # leaked-key response

Verdicts: active, inactive (revoked, expired or unknown to the server), unknown (not looked
up: no API key, an error, a malformed answer). Exit 1 when a key is active or unknown, 0 when
all are inactive or none was found, 2 when a path could not be read. .git/ is never scanned.
A baseline (.whylabs-keys-ignore.toml in the scanned root, or --baseline) lists accepted keys
by fingerprint; it never hides an active key.
JSON/CSV fields: path line commit key_id org_id fingerprint status user_id revoke error")]
pub struct ScanArgs {
    /// Files and directories to scan; - reads stdin.
    #[arg(required_unless_present_any = ["git", "staged"], value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Scan the history of the repository REPO (default: the current directory): every blob
    /// reachable from any ref, each distinct blob once.
    #[arg(long, value_name = "REPO", num_args = 0..=1, default_missing_value = ".",
          conflicts_with_all = ["paths", "staged"])]
    pub git: Option<PathBuf>,

    /// With --git: only commits after REV (not reachable from it), e.g. origin/main.
    #[arg(long, value_name = "REV", requires = "git")]
    pub since_commit: Option<String>,

    /// Scan only what is staged in the index of the repository here (for pre-commit).
    #[arg(long, conflicts_with = "paths")]
    pub staged: bool,

    /// The baseline of accepted keys (default: .whylabs-keys-ignore.toml in the scanned
    /// root, when there is one).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Write a baseline listing every key found (each with a placeholder reason) to FILE.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Ask the API's validate with each key found, the key itself (opt-in: it uses the
    /// leaked credential, only with the configured endpoint): active, inactive (401/403) or
    /// unknown (any error). Needs no API key of your own.
    #[arg(long, conflicts_with = "revoke")]
    pub verify: bool,

    /// Revoke the live keys found (after confirmation).
    #[arg(long)]
    pub revoke: bool,

    /// Do not ask for confirmation (required with --revoke when not on a terminal).
    #[arg(short, long)]
    pub yes: bool,

    /// Also scan files that .gitignore and similar files exclude, and hidden files.
    #[arg(long)]
    pub no_ignore: bool,
}

/// Run the local emulator of the WhyLabs API-key server until Ctrl-C.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whylabs-keys emulator --port 8080
  whylabs-keys emulator --port 8080 --paid-org org-123 > emulator.env &
  export $(head -2 emulator.env)  # sets WHYLABS_API_ENDPOINT, WHYLABS_API_KEY

Prints WHYLABS_API_ENDPOINT=... and WHYLABS_API_KEY=... (a system key, :whylabs_system),
one per line. v0 needs a system key; v1 generate, delete and list need an :administrator key,
which the system key can create: whylabs-keys create --user me --scope :administrator ...")]
pub struct EmulatorArgs {
    /// The port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,

    /// The bootstrap key (default: a random one).
    #[arg(long, value_name = "KEY")]
    pub admin_key: Option<String>,

    /// Non-revoked keys a free organization may hold (default 25).
    #[arg(long, value_name = "N")]
    pub max_active_keys: Option<usize>,

    /// Put ORG on a paid tier: no key limit, v1 generate allowed (repeatable).
    #[arg(long = "paid-org", value_name = "ORG")]
    pub paid_orgs: Vec<String>,

    /// Keys of PARENT may act on CHILD with X-WHYLABS-ORGANIZATION (repeatable).
    #[arg(long = "managed-org", value_name = "PARENT=CHILD", value_parser = parse_pair)]
    pub managed_orgs: Vec<(String, String)>,

    /// Inject a fault from the start (repeatable), e.g. 'status=503,times=2,operation=create_api_key'
    /// or 'delay_ms=300'; keys: status or delay_ms, times, operation, retry_after, body.
    #[arg(long = "fault", value_name = "SPEC")]
    pub faults: Vec<Fault>,
}

fn parse_pair(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((parent, child)) if !parent.is_empty() && !child.is_empty() => {
            Ok((parent.to_string(), child.to_string()))
        }
        _ => Err(format!("{text:?} is not PARENT=CHILD")),
    }
}

/// Try the tool without an account: a local emulator with a seeded organization, then
/// list → audit → rotate → offboard → audit, as you would run them.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whylabs-keys demo
  cargo run -p whylabs-keys -- demo")]
pub struct DemoArgs {}

/// Print shell completions.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whylabs-keys completions bash > /etc/bash_completion.d/whylabs-keys
  whylabs-keys completions zsh > \"${fpath[1]}/_whylabs-keys\"")]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
