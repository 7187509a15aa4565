//! `demo`: the tool without an account. It starts the in-process emulator, seeds an
//! organization whose keys have real ages, expiries and last uses, then runs the commands a
//! platform engineer would, through the same code paths as the real commands:
//! list → audit → rotate the stalest key → offboard a departing user → audit again.
//! It is a command beside the others: it runs them through the router ([`dispatch`]), never
//! by importing them.

mod seed;

use std::path::Path;
use std::time::Duration;

use whylabs_api_keys_emulator::Emulator;

use crate::api::{ApiChoice, Session};
use crate::args::{AuditArgs, Command, Expiry, ListArgs, OffboardArgs, RotateArgs, SecretSink};
use crate::error::{CliError, CliResult, Status};
use crate::output::Out;
use crate::records::KeyRecord;

use super::dispatch::dispatch;

pub async fn run(out: &Out) -> CliResult<Status> {
    if std::env::var_os("WHYLABS_API_KEY").is_some() {
        out.say("(WHYLABS_API_KEY is set, but the demo never touches an account: it runs on a local emulator.)")?;
    }
    let emulator = Emulator::builder()
        .start()
        .await
        .map_err(|e| CliError::failed(format!("cannot start the local emulator: {e}")))?;
    out.say(format!(
        "Local emulator at {} (no account, no network). Seeding {}: 6 users, {} keys over six months...",
        emulator.base_url(),
        seed::ORG,
        seed::KEYS
    ))?;
    let seeded = seed::seed(&emulator).await?;
    let session = Session::new(
        emulator.client_builder(),
        ApiChoice::V0,
        vec![seed::ORG.to_string()],
        seeded.clock,
    )?;
    let secrets = tempfile::tempdir()
        .map_err(|e| CliError::failed(format!("cannot make a temporary directory: {e}")))?;
    let secret_path = secrets.path().join("ci-nightly.key");

    step(out, "list", "Who holds which key?")?;
    dispatch(&Command::List(ListArgs::default()), &session, out).await?;

    step(
        out,
        "audit",
        "Which keys break the policy? (exit 1: findings)",
    )?;
    dispatch(&Command::Audit(AuditArgs::default()), &session, out).await?;

    let stalest = stalest(&session).await?;
    let rotate = format!(
        "rotate {} --secret-file {} --expires-in 90d --yes",
        stalest.key_id,
        secret_path.display()
    );
    step(
        out,
        &rotate,
        "Replace the stalest key; its secret goes to a 0600 file",
    )?;
    let rotate = RotateArgs {
        key_id: stalest.key_id.clone(),
        sink: SecretSink {
            secret_file: Some(secret_path.clone()),
            print_secret: false,
        },
        expiry: Expiry {
            expires_in: Some(Duration::from_secs(90 * 86_400)),
            expires_at: None,
        },
        force: false,
        yes: true,
        dry_run: false,
    };
    dispatch(&Command::Rotate(rotate), &session, out).await?;
    say_mode(out, &secret_path)?;

    let offboard = format!("offboard --user {} --yes", seed::DEPARTING);
    step(out, &offboard, "Dave leaves: revoke all his keys")?;
    let offboard = OffboardArgs {
        user: seed::DEPARTING.into(),
        dry_run: false,
        yes: true,
        concurrency: 8,
    };
    dispatch(&Command::Offboard(offboard), &session, out).await?;

    step(out, "audit", "The findings fall")?;
    dispatch(&Command::Audit(AuditArgs::default()), &session, out).await?;

    out.say("")?;
    out.say(
        "That was the demo. Against your account: export WHYLABS_API_KEY and \
         WHYLABS_DEFAULT_ORG_ID, then `whylabs-keys list`; `whylabs-keys --help` for the rest.",
    )?;
    Ok(Status::Success)
}

/// The oldest key still in use: the one a rotation helps most.
async fn stalest(session: &Session) -> CliResult<KeyRecord> {
    let keys = session.list_keys(None).await?;
    keys.into_iter()
        .filter(|k| k.last_used.is_some())
        .min_by_key(|k| k.created)
        .ok_or_else(|| CliError::failed("the demo organization has no used key"))
}

/// The secret file's mode, which only its owner may read.
#[cfg(unix)]
fn say_mode(out: &Out, path: &Path) -> CliResult<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0);
    out.say(format!(
        "  {} has mode {mode:o}: only you can read it.",
        path.display()
    ))
}

/// On Windows a file has no mode to show: the line is left out.
#[cfg(not(unix))]
fn say_mode(_out: &Out, _path: &Path) -> CliResult<()> {
    Ok(())
}

/// A blank line, the step's purpose and its command: one `say` per line, since `say` shows a
/// newline escaped.
fn step(out: &Out, command: &str, why: &str) -> CliResult<()> {
    out.say("")?;
    out.say(format!("# {why}"))?;
    out.say(format!("$ whylabs-keys {command}"))
}
