//! `rotate KEY_ID`: create the replacement (same user, alias, scopes), write its secret, then
//! revoke the old key (v0 only: v1 cannot tell whose key it is). Every failure says which
//! keys are active and where the new secret is.

use whylabs_api_keys::{ApiKey, Error, RotatedApiKey};

use crate::api::Session;
use crate::args::RotateArgs;
use crate::confirm::confirm;
use crate::error::{CliError, CliResult, Status};
use crate::output::{Out, note};
use crate::records::KeyRecord;
use crate::secret_file::Sink;

pub async fn run(args: &RotateArgs, session: &Session, out: &Out) -> CliResult<Status> {
    let org = session.one_org("rotate")?;
    let id = &args.key_id;
    let doing = format!("look up key {id} in {org}");
    let old = session
        .v0_only(&doing, "get", session.client().get_key(org, id))
        .await?
        .ok_or_else(|| {
            CliError::failed(format!(
                "key {id} not found in {org} (unknown or revoked): nothing to rotate"
            ))
        })?;
    let action = format!(
        "Rotate key {id} of {} in {org} (create a replacement, then revoke {id})",
        old.user_id
    );
    if !confirm(&action, args.yes)? {
        out.say("Not confirmed: nothing was changed.")?;
        return Ok(Status::Findings);
    }
    let sink = Sink::prepare(&args.sink, args.force)?;
    let mut request = session.client().rotate_key(&old);
    if let Some(at) = args.expiry.at(session.clock.now()) {
        request = request.expires_at(at);
    }
    match request.await {
        Ok(rotated) => finish(rotated, sink, session, out),
        Err(Error::RotationIncomplete {
            new_key,
            old_key_id,
            source,
            ..
        }) => {
            let new_id = new_key.key.key_id.clone();
            let place = sink.deliver(new_key.secret());
            let secret_at = match &place {
                Ok(place) => format!("its secret is in {place}"),
                Err(e) => format!("but its secret could not be delivered: {}", message(e)),
            };
            Err(CliError::failed(format!(
                "rotation incomplete: BOTH keys are active. New key {new_id} was created \
                 ({secret_at}); revoking old key {old_key_id} failed: {source}. Revoke it with \
                 `whylabs-keys revoke {old_key_id} --user {} --org {org}`",
                old.user_id
            )))
        }
        Err(error) => Err(CliError::failed(format!(
            "rotate {id}: {error}. Old key {id} is still active and unchanged; {}",
            no_new_key(&error)
        ))),
    }
}

fn finish(rotated: RotatedApiKey, sink: Sink, session: &Session, out: &Out) -> CliResult<Status> {
    let new: &ApiKey = &rotated.created.key;
    let old = &rotated.revoked;
    let place = sink.deliver(rotated.created.secret()).map_err(|e| {
        CliError::failed(format!(
            "rotated {} to {}, but the new secret is lost: {}; revoke {} and create a new key",
            old.key_id,
            new.key_id,
            message(&e),
            new.key_id
        ))
    })?;
    let summary = format!(
        "Rotated {}: new key {} is active (secret in {place}), old key {} is revoked.",
        old.key_id, new.key_id, old.key_id
    );
    if place == "stdout" {
        note(summary);
        return Ok(Status::Success);
    }
    let now = session.clock.now();
    let rows = [
        KeyRecord::from_key(new, now, false),
        KeyRecord::from_key(old, now, false),
    ];
    out.records(&rows, now)?;
    out.say(summary)?;
    Ok(Status::Success)
}

/// What the failed create left behind, for the message.
fn no_new_key(error: &Error) -> &'static str {
    match error {
        Error::CreateOutcomeUnknown { .. } => {
            "what became of a replacement the server may have made is said before"
        }
        _ => "no replacement was created",
    }
}

fn message(error: &CliError) -> &str {
    error.message().unwrap_or("closed output")
}
