//! `scan --revoke`: revokes the active keys found, after one confirmation for all of them. A
//! failed revoke leaves that key active with its error and the others are still attempted,
//! as `offboard` does.

use std::collections::BTreeMap;

use crate::api::Session;
use crate::confirm::confirm;
use crate::error::CliResult;
use crate::output::Out;
use crate::scan::Verdict;
use crate::shell;

use super::lookup::Lookup;

/// What `--revoke` did to one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Revoke {
    Revoked,
    /// The server no longer knows the key: revoked meanwhile, which is the goal.
    Gone,
    Failed,
}

impl Revoke {
    pub fn as_str(self) -> &'static str {
        match self {
            Revoke::Revoked => "revoked",
            Revoke::Gone => "not-found",
            Revoke::Failed => "failed",
        }
    }
}

/// A key found, by id and `:org-id` suffix, with its lookup and what `--revoke` did.
pub type Checked = BTreeMap<(String, Option<String>), (Lookup, Option<Revoke>)>;

/// Revokes every active key in `checked`, recording each outcome; `Ok` even when some
/// failed (their verdict stays `active`).
pub async fn revoke_live(
    checked: &mut Checked,
    yes: bool,
    session: &Session,
    out: &Out,
) -> CliResult<()> {
    let live: Vec<&str> = checked
        .iter()
        .filter(|(_, (l, _))| l.verdict == Verdict::Active)
        .map(|((id, _), _)| id.as_str())
        .collect();
    if live.is_empty() {
        return Ok(());
    }
    let action = format!(
        "Revoke the {} live key(s) found: {}",
        live.len(),
        live.join(", ")
    );
    if !confirm(&action, yes)? {
        out.say("Not confirmed: nothing was revoked.")?;
        return Ok(());
    }
    for ((id, _), (lookup, revoke)) in checked.iter_mut() {
        if lookup.verdict != Verdict::Active {
            continue;
        }
        let done = session
            .revoke(lookup.org_id.as_deref(), lookup.user_id.as_deref(), id)
            .await;
        *revoke = Some(match done {
            Ok(Some(_)) => Revoke::Revoked,
            Ok(None) => Revoke::Gone,
            Err(error) => {
                lookup.error = error.message().map(str::to_string);
                Revoke::Failed
            }
        });
        if *revoke != Some(Revoke::Failed) {
            lookup.verdict = Verdict::Inactive;
        }
    }
    Ok(())
}

/// The commands that retry the failed revokes, one per key.
pub fn retry_commands(checked: &Checked) -> Vec<String> {
    checked
        .iter()
        .filter(|(_, (_, revoke))| *revoke == Some(Revoke::Failed))
        .map(|((id, _), (lookup, _))| {
            let mut args = vec!["revoke", id.as_str()];
            if let Some(user) = &lookup.user_id {
                args.extend(["--user", user.as_str()]);
            }
            if let Some(org) = &lookup.org_id {
                args.extend(["--org", org.as_str()]);
            }
            shell::command(args)
        })
        .collect()
}
