//! `revoke KEY_ID`: a key the server says does not exist is reported as such; every other
//! failure (a bare 404 from a wrong endpoint included: `Error::EndpointNotFound`, for which
//! `is_not_found` does not hold) is an error. Neither ever reads "revoked".

use crate::api::Session;
use crate::args::{ApiChoice, RevokeArgs};
use crate::confirm::confirm;
use crate::error::{CliError, CliResult, Status};
use crate::output::Out;
use crate::records::KeyRecord;

pub async fn run(args: &RevokeArgs, session: &Session, out: &Out) -> CliResult<Status> {
    let id = &args.key_id;
    let whose = args
        .user
        .as_deref()
        .map_or_else(|| "of yours".to_string(), |user| format!("of {user}"));
    if args.user.is_none() && session.choice() == ApiChoice::V0 {
        return Err(CliError::usage(
            "revoke needs --user USER (the key's owner) with v0; an administrator's key \
             revokes its own keys with --api v1 and no --user",
        ));
    }
    let org = match &args.user {
        Some(_) => Some(session.one_org("revoke")?),
        None => None,
    };
    if !confirm(&format!("Revoke key {id} {whose}"), args.yes)? {
        out.say("Not confirmed: nothing was revoked.")?;
        return Ok(Status::Findings);
    }
    let revoked = session.revoke(org, args.user.as_deref(), id).await?;
    let Some(key) = revoked else {
        return Err(CliError::failed(format!(
            "key {id} not found: the server has no such key {whose}, so nothing was revoked"
        )));
    };
    out.records(
        &[KeyRecord::from_key(&key, session.clock.now(), false)],
        session.clock.now(),
    )?;
    out.say(format!(
        "Revoked key {} of {} in {}.",
        key.key_id, key.user_id, key.org_id
    ))?;
    Ok(Status::Success)
}
