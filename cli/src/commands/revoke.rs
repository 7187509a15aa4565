//! `revoke KEY_ID [KEY_ID...]`: each key's owner is known (`--user`), looked up (a system
//! key), or the caller (v1); the plan names key, owner and organization; then each key is
//! revoked and reported: `revoked` only when the server confirmed it (the library checks that
//! the answer is the key, revoked), `not-found` when the server said it has no such key,
//! `failed` otherwise. Any key not revoked makes the exit code 1, naming it.

use whylabs_api_keys::escape_controls;

use crate::api::{Api, Owner, Session};
use crate::args::RevokeArgs;
use crate::confirm::confirm;
use crate::error::{CliError, CliResult, Status};
use crate::outcome::Outcome;
use crate::output::{Format, Out};
use crate::shell;

/// A key to revoke: its owner, or why it cannot be revoked.
struct Target {
    key_id: String,
    owner: Result<Owner, CliError>,
    /// The organization named on the command line, if one: where a v1 revoke acts.
    org: Option<String>,
}

impl Target {
    /// "key ID of USER in ORG", "key ID of yours in ORG".
    fn describe(&self) -> String {
        let id = &self.key_id;
        let (org, user) = self.where_and_whose();
        let org = org.unwrap_or_else(|| "your key's organization".to_string());
        match (&self.owner, user) {
            (Ok(Owner::Caller), _) => format!("key {id} of yours in {org} (v1)"),
            (_, Some(user)) => format!("key {id} of {} in {org}", escape_controls(&user)),
            (_, None) => format!("key {id} in {org}"),
        }
    }

    /// The organization and owner, as far as they are known.
    fn where_and_whose(&self) -> (Option<String>, Option<String>) {
        match &self.owner {
            Ok(Owner::User { org, user }) => (Some(org.clone()), Some(user.clone())),
            Ok(Owner::Unknown { org }) => (Some(org.clone()), None),
            _ => (self.org.clone(), None),
        }
    }

    fn outcome(&self, result: &'static str, error: Option<String>) -> Outcome {
        let (org_id, user_id) = self.where_and_whose();
        Outcome {
            key_id: self.key_id.clone(),
            org_id,
            user_id,
            result,
            error,
        }
    }

    /// Whether the owner is known, so that the key can be revoked.
    fn is_revocable(&self) -> bool {
        matches!(self.owner, Ok(Owner::User { .. } | Owner::Caller))
    }
}

pub async fn run(args: &RevokeArgs, session: &Session, out: &Out) -> CliResult<Status> {
    let mut targets = Vec::with_capacity(args.key_ids.len());
    for key_id in &args.key_ids {
        let owner = match session.owner_of(key_id, args.user.as_deref()).await {
            // A usage error (no organization) holds for every key: stop before anything.
            Err(error @ CliError::Usage(_)) => return Err(error),
            owner => owner,
        };
        targets.push(Target {
            key_id: key_id.clone(),
            owner,
            org: session.org_list().first().cloned(),
        });
    }
    let plan: Vec<&Target> = targets.iter().filter(|t| t.is_revocable()).collect();
    if args.dry_run {
        return dry_run(&targets, out, session);
    }
    let mut outcomes = Vec::with_capacity(targets.len());
    if !plan.is_empty() {
        let action = match plan.as_slice() {
            [one] => format!("Revoke {}", one.describe()),
            many => format!(
                "Revoke {} keys: {}",
                many.len(),
                many.iter()
                    .map(|t| t.describe())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        if !confirm(&action, args.yes)? {
            out.say("Not confirmed: nothing was revoked.")?;
            return Ok(Status::Findings);
        }
    }
    for target in &targets {
        outcomes.push(revoke(target, session).await);
    }
    report(&targets, &outcomes, out, session)
}

/// What would be revoked; lookups were made, no revoke was sent.
fn dry_run(targets: &[Target], out: &Out, session: &Session) -> CliResult<Status> {
    let mut outcomes = Vec::with_capacity(targets.len());
    for target in targets {
        if target.is_revocable() {
            out.say(format!("Would revoke {}.", target.describe()))?;
            outcomes.push(target.outcome("planned", None));
        } else {
            outcomes.push(unrevoked(target));
        }
    }
    if out.format != Format::Table {
        out.records(&outcomes, session.clock.now())?;
    }
    out.say("Dry run: nothing was revoked.")?;
    finish(&outcomes)
}

/// Revokes one target; never "revoked" unless the server confirmed it.
async fn revoke(target: &Target, session: &Session) -> Outcome {
    let id = target.key_id.as_str();
    let revoked = match &target.owner {
        Ok(Owner::User { org, user }) => session.revoke(Some(org), Some(user), id).await,
        Ok(Owner::Caller) => session.revoke(None, None, id).await,
        _ => return unrevoked(target),
    };
    match revoked {
        Ok(Some(_)) => target.outcome("revoked", None),
        Ok(None) => target.outcome("not-found", Some(not_found(target, session))),
        Err(error) => target.outcome("failed", error.message().map(str::to_string)),
    }
}

/// A target whose owner is not known: the key was not found, or the lookup failed.
fn unrevoked(target: &Target) -> Outcome {
    match &target.owner {
        Ok(Owner::Unknown { org }) => {
            let id = &target.key_id;
            let why = format!(
                "key {id} not found: it is not an active key of {org} (the server does not know \
                 it, or it is already revoked), so nothing was revoked"
            );
            target.outcome("not-found", Some(why))
        }
        Err(error) => target.outcome("failed", error.message().map(str::to_string)),
        Ok(_) => target.outcome("failed", None),
    }
}

/// Why the server's "no such key" means what it means: v1 revokes only the caller's keys.
fn not_found(target: &Target, session: &Session) -> String {
    let id = &target.key_id;
    if session.api() == Api::V1 {
        let org = session.org_list().first().map_or("ORG", String::as_str);
        return format!(
            "key {id} not found: v1 revokes only the caller's own keys, and {id} is not one of \
             yours, so nothing was revoked; revoking another user's key needs a system key: {}",
            shell::command(["revoke", id, "--user", "USER", "--org", org])
        );
    }
    format!(
        "key {id} not found: the server has no such {}, so nothing was revoked",
        target.describe()
    )
}

fn report(
    targets: &[Target],
    outcomes: &[Outcome],
    out: &Out,
    session: &Session,
) -> CliResult<Status> {
    let now = session.clock.now();
    for (target, outcome) in targets.iter().zip(outcomes) {
        if outcome.result == "revoked" {
            out.say(format!("Revoked {}.", target.describe()))?;
        }
    }
    if out.format != Format::Table {
        out.records(outcomes, now)?;
    }
    if outcomes.len() > 1 {
        let count = |result| outcomes.iter().filter(|o| o.result == result).count();
        out.say(format!(
            "{} key(s): {} revoked, {} not found, {} failed.",
            outcomes.len(),
            count("revoked"),
            count("not-found"),
            count("failed")
        ))?;
    }
    finish(outcomes)
}

/// Success when every key is revoked (or planned); otherwise exit 1 with each other key's
/// reason.
fn finish(outcomes: &[Outcome]) -> CliResult<Status> {
    let unrevoked: Vec<String> = outcomes
        .iter()
        .filter(|o| !matches!(o.result, "revoked" | "planned"))
        .map(|o| {
            o.error
                .clone()
                .unwrap_or_else(|| format!("key {} failed", o.key_id))
        })
        .collect();
    match unrevoked.as_slice() {
        [] => Ok(Status::Success),
        [one] => Err(CliError::failed(one.clone())),
        many => Err(CliError::failed(format!(
            "{} key(s) not revoked:\n  {}",
            many.len(),
            many.join("\n  ")
        ))),
    }
}
