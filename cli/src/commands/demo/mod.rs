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
use crate::args::{
    AuditArgs, Command, Expiry, ListArgs, OffboardArgs, RotateArgs, RotateSecretSink,
};
use crate::deliver::SinkSpec;
use crate::error::{CliError, CliResult, Status};
use crate::output::Out;
use crate::records::KeyRecord;
use crate::shell;

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
    let env_path = secrets.path().join(".env");
    write_env(&env_path)?;

    step(out, "list", "Who holds which key?")?;
    dispatch(&Command::List(ListArgs::default()), &session, out).await?;

    step(
        out,
        "audit",
        "Which keys break the policy? (exit 1: findings)",
    )?;
    dispatch(&Command::Audit(AuditArgs::default()), &session, out).await?;

    let stalest = stalest(&session).await?;
    // The consumer's check: the tool itself validating the key it is given, on the emulator.
    let exe = std::env::current_exe()
        .map_err(|e| CliError::failed(format!("cannot find this program: {e}")))?;
    let check = format!(
        "{} --endpoint {} validate",
        shell::quote(&exe.to_string_lossy()),
        emulator.base_url()
    );
    let rotate = format!(
        "rotate {} --deliver dotenv:{} --check 'whylabs-keys validate' --expires-in 90d --yes",
        stalest.key_id,
        env_path.display()
    );
    step(
        out,
        &rotate,
        "Replace the stalest key: verified, written into the app's .env, checked, then the old \
         one revoked",
    )?;
    let rotate = RotateArgs {
        key_id: Some(stalest.key_id.clone()),
        sink: RotateSecretSink {
            secret_file: None,
            print_secret: false,
        },
        deliver: vec![SinkSpec::Dotenv {
            path: env_path.clone(),
            var: "WHYLABS_API_KEY".to_string(),
        }],
        check: Some(check),
        check_timeout: Duration::from_secs(60),
        overlap: None,
        journal: Some(secrets.path().join("journal")),
        resume: false,
        finish: false,
        plan: None,
        due: false,
        concurrency: 4,
        expiry: Expiry {
            expires_in: Some(Duration::from_secs(90 * 86_400)),
            expires_at: None,
        },
        force: false,
        yes: true,
        dry_run: false,
    };
    dispatch(&Command::Rotate(rotate), &session, out).await?;
    say_mode(out, &env_path)?;

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

/// The app's `.env` before the rotation: settings around a key line (the old key's secret is
/// not known to the demo, so the line holds a placeholder), mode 0600.
fn write_env(path: &Path) -> CliResult<()> {
    let text = "# ingest service\nINGEST_BATCH=500\nWHYLABS_API_KEY=replace-me\nLOG_LEVEL=info\n";
    std::fs::write(path, text)
        .and_then(|()| owner_only(path))
        .map_err(|e| CliError::failed(format!("cannot write {}: {e}", path.display())))
}

#[cfg(unix)]
fn owner_only(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}

/// On Windows a file has no mode.
#[cfg(not(unix))]
fn owner_only(_path: &Path) -> std::io::Result<()> {
    Ok(())
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
