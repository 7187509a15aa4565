//! `create`: a new key. The secret's destination is opened first, so a bad path fails before
//! any key exists; the secret then goes there (or alone to stdout) and nowhere else.

use whylabs_api_keys::CreatedApiKey;

use crate::api::{Api, Session, v1};
use crate::args::{ApiChoice, CreateArgs};
use crate::error::{CliError, CliResult, Status};
use crate::output::{Out, note};
use crate::records::KeyRecord;
use crate::secret_file::Sink;
use crate::shell;

/// What a key gets when no --scope is given: the dashboard's default (the server itself gives
/// a key without scopes only the AUTHENTICATED role).
const DEFAULT_SCOPE: &str = ":user";

pub async fn run(args: &CreateArgs, session: &Session, out: &Out) -> CliResult<Status> {
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
    let delivered = sink.deliver(created.secret());
    let summary = format!(
        "Created key {} for {} in {}",
        key.key_id, key.user_id, key.org_id
    );
    let place = delivered.map_err(|e| {
        CliError::failed(format!(
            "{summary}, but {}; revoke it with `{}`",
            e.message().unwrap_or("its secret was lost"),
            shell::command([
                "revoke",
                &key.key_id,
                "--user",
                &key.user_id,
                "--org",
                &key.org_id
            ])
        ))
    })?;
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
    if let Some(at) = args.expiry.at(session.clock.now()) {
        request = request.expires_at(at);
    }
    let doing = format!("create a key for {user} in {org}");
    session
        .v0_only(
            &doing,
            "way to create a key for another user",
            request.send(),
        )
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
