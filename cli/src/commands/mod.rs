//! One module per command; [`run`] picks it. Commands that call the API get a [`Session`] and
//! go through [`dispatch()`]; the demo builds a session on its emulator and runs the same
//! commands through it. No command imports another: what two share lives in a lower module
//! (`api`, `records`, `outcome`, ...).

mod audit;
mod completions;
mod create;
mod demo;
mod dispatch;
mod emulator;
mod get;
mod list;
mod offboard;
mod revoke;
mod rotate;
mod rotations;
mod scan;
mod validate;
mod whoami;

use whylabs_api_keys::ApiKeySecret;

use crate::api::{self, Session, Verifier};
use crate::args::{AuthCommand, Command};
use crate::clock::Clock;
use crate::config::{self, Settings};
use crate::error::{CliError, CliResult, Status};
use crate::output::Out;

use dispatch::dispatch;

pub async fn run(command: &Command, settings: &Settings) -> CliResult<Status> {
    let out = Out::new(settings.output);
    if let Some(only) = settings.output.only_for()
        && command_name(command) != only
    {
        return Err(CliError::usage(format!(
            "--output {}: only {only} writes this format",
            format!("{:?}", settings.output).to_lowercase()
        )));
    }
    match command {
        Command::Emulator(args) => emulator::run(args).await,
        Command::Demo(_) => demo::run(&out).await,
        Command::Completions(args) => completions::run(args),
        Command::Rotations(args) => rotations::run(args, &out),
        // scan works without an API key: it then only reports what it finds.
        Command::Scan(args) => {
            let session = match config::api_key(settings)? {
                Some(key) => Some(session(settings, key)?),
                None => None,
            };
            // --verify needs no API key of one's own: each found key is sent in its place.
            let verifier = args.verify.then(|| {
                let placeholder = ApiKeySecret::from("replaced-by-each-key-verified");
                Verifier::new(config::client_builder(settings, placeholder))
            });
            scan::run(args, session.as_ref(), verifier, &out).await
        }
        Command::Whoami | Command::Auth(AuthCommand::Status) => {
            let key = config::required_api_key(settings)?;
            whoami::run(&key, settings, &session(settings, key.clone())?, &out).await
        }
        command => {
            let key = config::required_api_key(settings)?;
            dispatch(command, &session(settings, key)?, &out).await
        }
    }
}

/// The name of the command that formats its own output (scan, audit); `-` for the others.
fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Scan(_) => "scan",
        Command::Audit(_) => "audit",
        _ => "-",
    }
}

fn session(settings: &Settings, key: ApiKeySecret) -> CliResult<Session> {
    let key_org = config::key_org(&key);
    tracing::info!(
        endpoint = %settings.endpoint,
        api = ?settings.api,
        orgs = ?settings.orgs,
        key_org = key_org.as_deref().unwrap_or("-"),
        "settings"
    );
    let builder = config::client_builder(settings, key);
    let client = api::build(builder.clone(), &settings.endpoint_source)?;
    Ok(Session::with_client(
        builder,
        client,
        settings.api,
        settings.orgs.clone(),
        Clock::default(),
    )
    .with_key_org(key_org))
}
