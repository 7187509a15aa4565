//! `create`: a new key. The secret's destination is prepared first, so a bad path fails before
//! any key exists; the secret then goes there (or alone to stdout) and nowhere else. When it
//! cannot be written after all, the key is revoked: no key is left whose secret nobody has.

use whylabs_api_keys::CreatedApiKey;

use crate::api::{CreateRequest, Session};
use crate::args::CreateArgs;
use crate::error::{CliError, CliResult, Status};
use crate::output::{Out, note};
use crate::records::KeyRecord;
use crate::secret_file::{OWNER_ONLY, Sink, Undelivered, refuse_records_on_stdout};
use crate::shell;

pub async fn run(args: &CreateArgs, session: &Session, out: &Out) -> CliResult<Status> {
    refuse_records_on_stdout(args.sink.to_stdout(), out)?;
    args.expiry.check(session.clock.now())?;
    let sink = Sink::prepare(args.sink.file(), args.force)?;
    let request = CreateRequest {
        user: args.user.as_deref(),
        scopes: &args.scopes,
        alias: args.alias.as_deref(),
        expiry: args.expiry.requested(),
    };
    let created = session.create(&request).await?;
    let key = &created.key;
    let summary = format!(
        "Created key {} for {} in {}",
        key.key_id, key.user_id, key.org_id
    );
    let place = match sink.deliver(created.secret()) {
        Ok(place) => place,
        Err(undelivered) => return Err(lost(&created, args, session, &summary, undelivered).await),
    };
    if place == "stdout" {
        // stdout carries the secret alone.
        note(format!("{summary} (secret on stdout)."));
    } else {
        out.records(
            &[KeyRecord::from_key(key, session.clock.now(), true)],
            session.clock.now(),
        )?;
        out.say(format!("{summary}; secret written to {place}{OWNER_ONLY}."))?;
    }
    Ok(Status::Success)
}

/// The secret could not be written: revokes the key (by the API that made it) and says
/// whether anything is left active.
async fn lost(
    created: &CreatedApiKey,
    args: &CreateArgs,
    session: &Session,
    summary: &str,
    Undelivered(why): Undelivered,
) -> CliError {
    let key = &created.key;
    let (org, user) = match &args.user {
        Some(_) => (Some(key.org_id.as_str()), Some(key.user_id.as_str())),
        None => (None, None),
    };
    match session.revoke(org, user, &key.key_id).await {
        Ok(_) => CliError::failed(format!(
            "{summary}, but its secret could not be written ({why}), so the key was revoked: \
             no new key is active"
        )),
        Err(error) => {
            let mut revoke = vec!["revoke", key.key_id.as_str()];
            match (org, user) {
                (Some(org), Some(user)) => revoke.extend(["--user", user, "--org", org]),
                _ => revoke.extend(["--api", "v1"]),
            }
            CliError::failed(format!(
                "{summary}, but its secret could not be written ({why}), and revoking it failed \
                 ({}): key {} is ACTIVE and its secret is lost; revoke it with `{}`",
                error.message().unwrap_or("no answer"),
                key.key_id,
                shell::command(revoke)
            ))
        }
    }
}
