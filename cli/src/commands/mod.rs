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

pub use list::fetch as fetch_keys;

use crate::api::Session;
use crate::args::{Cli, Command, Global};
use crate::clock::Clock;
use crate::config;
use crate::error::{CliResult, Status};
use crate::output::Out;

pub async fn run(cli: Cli) -> CliResult<Status> {
    let out = Out::new(cli.global.output);
    match &cli.command {
        Command::Emulator(args) => emulator::run(args).await,
        Command::Demo(_) => crate::demo::run(&out).await,
        Command::Completions(args) => completions::run(args),
        // scan works without an API key: it then only reports what it finds.
        Command::Scan(args) => {
            let session = match config::api_key(&cli.global)? {
                Some(key) => Some(session(&cli.global, key)?),
                None => None,
            };
            scan::run(args, session.as_ref(), &out).await
        }
        command => {
            let key = config::required_api_key(&cli.global)?;
            dispatch(command, &session(&cli.global, key)?, &out).await
        }
    }
}

fn session(global: &Global, key: whylabs_api_keys::ApiKeySecret) -> CliResult<Session> {
    Session::new(
        config::client_builder(global, key),
        global.api,
        global.orgs.clone(),
        Clock::default(),
    )
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
        Command::Emulator(_) | Command::Demo(_) | Command::Completions(_) => {
            unreachable!("run() handles the commands that need no session")
        }
    }
}
