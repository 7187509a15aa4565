//! The whole key lifecycle in one command: create → list → get → rotate → revoke.
//!
//! ```sh
//! cargo run --example quickstart
//! ```
//!
//! Without `WHYLABS_API_KEY` it starts the local emulator in-process and uses the demo
//! organization `org-demo` and user `user-demo`: no account, no network. With
//! `WHYLABS_API_KEY` set it uses your account through `Client::from_env()`, for the
//! organization in `WHYLABS_DEFAULT_ORG_ID` and the user given by `--user <id>` or
//! `WHYLABS_USER_ID`; every key it creates there it also revokes.

use std::fmt::Display;
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use whylabs_api_keys::{ApiKey, Client, Scope};
use whylabs_api_keys_emulator::Emulator;

const DEMO_ORG: &str = "org-demo";
const DEMO_USER: &str = "user-demo";
const USAGE: &str = "usage: quickstart [--user USER_ID]";

/// The lifetime of the key the quickstart creates; it revokes it within seconds anyway.
const LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// Where the lifecycle runs. (`pub` items here are used by tests/client/quickstart.rs; the
/// client tests include this file.)
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// No `WHYLABS_API_KEY`: an in-process emulator, organization `org-demo`.
    Emulator { user_id: String },
    /// `WHYLABS_API_KEY` set: the account `Client::from_env()` reaches.
    Account { org_id: String, user_id: String },
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!(
            "{USAGE}\n(set WHYLABS_API_KEY to run against your account, else a local emulator runs)"
        );
        return ExitCode::SUCCESS;
    }
    match run(&args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("quickstart: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: &[String]) -> Result<(), String> {
    let target = target(args, |name| std::env::var(name).ok())?;
    let mut out = std::io::stdout();
    match target {
        Target::Emulator { user_id } => {
            let emulator = Emulator::builder()
                .start()
                .await
                .map_err(|e| format!("cannot start the local emulator: {e}"))?;
            let note = format!(
                "No WHYLABS_API_KEY set: using a local emulator at {} (no account, no network).",
                emulator.base_url()
            );
            say(&mut out, note);
            lifecycle(&emulator.client(), DEMO_ORG, &user_id, &mut out).await
        }
        Target::Account { org_id, user_id } => {
            let client = Client::from_env().map_err(|e| e.to_string())?;
            say(
                &mut out,
                format!("Using WHYLABS_API_KEY at {}.", client.base_url()),
            );
            lifecycle(&client, &org_id, &user_id, &mut out).await
        }
    }
}

/// Picks the target from the arguments and the environment (`env` looks a variable up); a
/// missing setting is a one-line message naming it.
pub fn target(args: &[String], env: impl Fn(&str) -> Option<String>) -> Result<Target, String> {
    let user_flag = user_argument(args)?;
    if env("WHYLABS_API_KEY").is_none() {
        let user_id = user_flag.unwrap_or_else(|| DEMO_USER.to_string());
        return Ok(Target::Emulator { user_id });
    }
    let org_id = env("WHYLABS_DEFAULT_ORG_ID").ok_or(
        "WHYLABS_API_KEY is set, so your account is used: set WHYLABS_DEFAULT_ORG_ID to its \
         organization id (or unset WHYLABS_API_KEY to use the local emulator)",
    )?;
    let user_id = user_flag.or_else(|| env("WHYLABS_USER_ID")).ok_or(
        "pass --user <id> or set WHYLABS_USER_ID: the user whose key the quickstart creates \
         and revokes",
    )?;
    Ok(Target::Account { org_id, user_id })
}

/// The value of `--user <id>` or `--user=<id>`, if given; anything else is a usage error.
fn user_argument(args: &[String]) -> Result<Option<String>, String> {
    match args {
        [] => Ok(None),
        [flag, user] if flag == "--user" => Ok(Some(user.clone())),
        [arg] => match arg.strip_prefix("--user=") {
            Some(user) => Ok(Some(user.to_string())),
            None if arg == "--user" => Err(format!("--user needs a value; {USAGE}")),
            None => Err(format!("unknown argument {arg:?}; {USAGE}")),
        },
        _ => Err(format!("unexpected arguments {args:?}; {USAGE}")),
    }
}

/// Runs create → list → get → rotate → revoke for `user_id` in `org_id`, reporting each step
/// on `out`, and leaves no key of its own active. The first secret is printed once; every
/// other secret only masked (`ApiKeySecret`'s `Display`).
pub async fn lifecycle(
    client: &Client,
    org_id: &str,
    user_id: &str,
    out: &mut impl Write,
) -> Result<(), String> {
    say(out, format!("Key lifecycle of {user_id} in {org_id}:"));

    let created = client
        .create_key(org_id, user_id)
        .alias("quickstart")
        .scopes([Scope::User])
        .expires_in(LIFETIME)
        .await
        .map_err(|e| format!("create failed: {e}"))?;
    let old = &created.key;
    say(out, format!("1. create  {}", describe(old)));
    say(
        out,
        format!("           secret {}", created.secret().expose_secret()),
    );
    say(
        out,
        "           ^ shown this once: the server never returns it again, store it now",
    );
    let still_active = |step: &str, e: &dyn Display| {
        format!(
            "{step} failed: {e} (the quickstart's key {} may still be active)",
            old.key_id
        )
    };

    let listed = client
        .list_keys(org_id)
        .user(user_id)
        .await
        .map_err(|e| still_active("list", &e))?;
    if !listed.iter().any(|k| k.key_id == old.key_id) {
        return Err(still_active("list", &"the new key is not listed"));
    }
    let active = listed.iter().filter(|k| !k.revoked).count();
    let count = listed.len();
    say(
        out,
        format!(
            "2. list    {user_id} has {count} key(s), {active} active, {} among them",
            old.key_id
        ),
    );

    let fetched = client
        .get_key(org_id, &old.key_id)
        .await
        .map_err(|e| still_active("get", &e))?
        .ok_or_else(|| still_active("get", &"the new key is unknown"))?;
    let created_at = fetched.creation_time.format("%Y-%m-%d %H:%M:%S UTC");
    say(
        out,
        format!(
            "3. get     {} {}, created {created_at}",
            fetched.key_id,
            state(&fetched)
        ),
    );

    // A failed revoke here is Error::RotationIncomplete, whose message names both keys.
    let rotated = client
        .rotate_key(old)
        .await
        .map_err(|e| format!("rotate failed: {e}"))?;
    let new = &rotated.created.key;
    say(
        out,
        format!(
            "4. rotate  {}, secret {}",
            describe(new),
            rotated.created.secret()
        ),
    );
    let old_state = state(&rotated.revoked);
    say(
        out,
        format!(
            "           replaces {} (same user, alias, scopes and lifetime), now {old_state}",
            old.key_id
        ),
    );

    let revoked = client
        .revoke_key(org_id, user_id, &new.key_id)
        .await
        .map_err(|e| {
            format!(
                "revoke failed: {e} (the replacement {} is still active)",
                new.key_id
            )
        })?;
    say(
        out,
        format!("5. revoke  {} {}", revoked.key_id, state(&revoked)),
    );
    say(out, "Done: no key of this run is left active.");
    Ok(())
}

/// A key's id, alias, scopes and expiration.
fn describe(key: &ApiKey) -> String {
    let scopes: Vec<&str> = key.scopes.iter().map(Scope::as_str).collect();
    let expires = key.expiration_time.map_or("never".to_string(), |t| {
        t.format("%Y-%m-%d %H:%M UTC").to_string()
    });
    format!(
        "{} alias \"{}\", scopes {}, expires {expires}",
        key.key_id,
        key.alias.as_deref().unwrap_or(""),
        scopes.join(" "),
    )
}

fn state(key: &ApiKey) -> &'static str {
    if key.revoked { "revoked" } else { "active" }
}

/// Writes one line; a closed stdout is not worth a panic or an error.
fn say(out: &mut impl Write, line: impl Display) {
    let _ = writeln!(out, "{line}");
}
