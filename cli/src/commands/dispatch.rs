//! [`dispatch`]: the commands that run on a [`Session`], for a real run and for the demo. It
//! is the router, not a command: the one module besides `commands/mod.rs` that imports
//! command modules.

use crate::api::Session;
use crate::args::Command;
use crate::error::{CliResult, Status};
use crate::output::Out;

use super::{audit, create, get, list, offboard, revoke, rotate, scan, validate};

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
        Command::Scan(args) => {
            let verifier = args.verify.then(|| session.verifier());
            scan::run(args, Some(session), verifier, out).await
        }
        Command::Emulator(_)
        | Command::Demo(_)
        | Command::Completions(_)
        | Command::Rotations(_)
        | Command::Whoami
        | Command::Auth(_) => {
            unreachable!("run() handles the commands that need no session, and whoami")
        }
    }
}
