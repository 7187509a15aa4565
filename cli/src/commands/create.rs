//! `create`: a new key. The secret's destination is prepared first, so a bad path fails before
//! any key exists; the secret then goes there (or alone to stdout) and nowhere else. When it
//! cannot be written after all, the key is revoked: no key is left whose secret nobody has.

use whylabs_api_keys::CreatedApiKey;

use crate::api::{Api, Session, v1};
use crate::args::{ApiChoice, CreateArgs};
use crate::error::{CliError, CliResult, Status};
use crate::output::{Out, note};
use crate::records::KeyRecord;
use crate::secret_file::{Sink, Undelivered, refuse_records_on_stdout};
use crate::shell;

/// What a key gets when no --scope is given: the dashboard's default (the server itself gives
/// a key without scopes only the AUTHENTICATED role).
const DEFAULT_SCOPE: &str = ":user";

pub async fn run(args: &CreateArgs, session: &Session, out: &Out) -> CliResult<Status> {
    refuse_records_on_stdout(&args.sink, out)?;
    args.expiry.check(session.clock.now())?;
    let sink = Sink::prepare(&args.sink, args.force)?;
    let created = match &args.user {
        Some(user) => create_for(user, args, session).await?,
        None if session.choice() == ApiChoice::V0 => {
            return Err(CliError::usage(
                "create needs --user USER (the key's owner); an administrator's key creates \
                 keys for itself with --api v1 and no --user",
            ));
        }
        None => v1::generate(session, args).await?,
    };
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
        out.say(format!("{summary}; secret written to {place} (mode 0600)."))?;
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

/// A v0 create for another user (a system key).
async fn create_for(user: &str, args: &CreateArgs, session: &Session) -> CliResult<CreatedApiKey> {
    if session.api() == Api::V1 {
        return Err(CliError::usage(
            "v1 creates keys for the caller only: omit --user, or use a system key (v0)",
        ));
    }
    let org = session.one_org("create")?;
    let mut request = session
        .client()
        .create_key(org, user)
        .scopes(scopes(&args.scopes));
    if let Some(alias) = &args.alias {
        request = request.alias(alias);
    }
    let request = args.expiry.apply(request);
    let doing = format!("create a key for {user} in {org}");
    session
        .v0_only(&doing, "way to create a key for another user", request)
        .await
}

/// The scopes asked for, or the default.
pub fn scopes(asked: &[String]) -> Vec<String> {
    if asked.is_empty() {
        vec![DEFAULT_SCOPE.to_string()]
    } else {
        asked.to_vec()
    }
}
