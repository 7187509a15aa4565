//! One module per command; [`run`] picks it. Commands that call the API get a [`Session`];
//! the demo builds one on its emulator and runs the same commands through [`dispatch`].

mod audit;
mod completions;
pub mod create;
mod emulator;
mod get;
mod list;
mod offboard;
mod revoke;
mod rotate;
mod scan;
mod validate;
mod whoami;

pub use list::fetch as fetch_keys;

use whylabs_api_keys::ApiKeySecret;

use crate::api::Session;
use crate::args::{AuthCommand, Command};
use crate::clock::Clock;
use crate::config::{self, Settings};
use crate::error::{CliResult, Status};
use crate::output::Out;

pub async fn run(command: &Command, settings: &Settings) -> CliResult<Status> {
    let out = Out::new(settings.output);
    match command {
        Command::Emulator(args) => emulator::run(args).await,
        Command::Demo(_) => crate::demo::run(&out).await,
        Command::Completions(args) => completions::run(args),
        // scan works without an API key: it then only reports what it finds.
        Command::Scan(args) => {
            let session = match config::api_key(settings)? {
                Some(key) => Some(session(settings, key)?),
                None => None,
            };
            scan::run(args, session.as_ref(), &out).await
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
    let client = config::build_for(settings, builder.clone())?;
    Ok(Session::with_client(
        builder,
        client,
        settings.api,
        settings.orgs.clone(),
        Clock::default(),
    )
    .with_key_org(key_org))
}

/// Runs a command that calls the API.
pub async fn dispatch(command: &Command, session: &Session, out: &Out) -> CliResult<Status> {
    match command {
        Command::Validate => validate::run(session, out).await,
        Command::List(args) => list::run(args, session, out).await,
        Command::Get(args) => get::run(args, session, out).await,
        Command::Create(args) => create::run(args, session, out).await,
        Command::Revoke(args) => revoke::run(args, session, out).await,
        Command::Rotate(args) => rotate::run(args, session, out).await,
        Command::Offboard(args) => offboard::run(args, session, out).await,
        Command::Audit(args) => audit::run(args, session, out).await,
        Command::Scan(args) => scan::run(args, Some(session), out).await,
        Command::Emulator(_)
        | Command::Demo(_)
        | Command::Completions(_)
        | Command::Whoami
        | Command::Auth(_) => {
            unreachable!("run() handles the commands that need no session, and whoami")
        }
    }
}
