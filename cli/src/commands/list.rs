//! `list`: the keys that are not revoked (expired ones included) of one or more
//! organizations, or all keys of one user; filtered, sorted, as a table, JSON, CSV or ids.

mod filter;

use futures_util::future::try_join_all;

use crate::api::{Api, Session, v1};
use crate::args::ListArgs;
use crate::error::{CliResult, Status};
use crate::output::{Out, note};
use crate::records::KeyRecord;

use filter::Filter;

pub async fn run(args: &ListArgs, session: &Session, out: &Out) -> CliResult<Status> {
    let filter = Filter::of(args)?;
    let listed = fetch(args.user.as_deref(), session).await?;
    let count = listed.len();
    let mut rows: Vec<KeyRecord> = listed.into_iter().filter(|k| filter.keeps(k)).collect();
    if let Some(by) = args.sort_by {
        filter::sort(&mut rows, by)?;
    }
    let empty = match (rows.is_empty(), filter.is_set()) {
        (false, _) => None,
        (true, false) => Some("No keys.".to_string()),
        (true, true) => Some(format!("No keys match the filters ({count} listed).")),
    };
    if args.quiet {
        out.values(rows.iter().map(|k| k.key_id.as_str()))?;
        if let Some(empty) = empty {
            note(empty);
        }
        return Ok(Status::Success);
    }
    let out = if args.no_headers {
        out.without_headers()
    } else {
        out.clone()
    };
    out.records(&rows, session.clock.now())?;
    if let Some(empty) = empty {
        out.say(empty)?;
    }
    Ok(Status::Success)
}

/// The keys of every organization given, fetched concurrently, in organization order.
pub async fn fetch(user: Option<&str>, session: &Session) -> CliResult<Vec<KeyRecord>> {
    let own_org = session.org_list().is_empty() && user.is_none() && session.api() == Api::V1;
    let orgs: Vec<Option<&str>> = if own_org {
        // v1 needs no organization: it lists the key's own.
        vec![None]
    } else {
        session
            .orgs("list")?
            .iter()
            .map(|o| Some(o.as_str()))
            .collect()
    };
    let lists = try_join_all(orgs.into_iter().map(|org| fetch_org(org, user, session))).await?;
    Ok(lists.into_iter().flatten().collect())
}

async fn fetch_org(
    org: Option<&str>,
    user: Option<&str>,
    session: &Session,
) -> CliResult<Vec<KeyRecord>> {
    let now = session.clock.now();
    let client = session.client();
    if let Some(user) = user {
        let org = org.unwrap_or_default();
        let doing = format!("list the keys of {user} in {org}");
        // The server leaves lastUsedTime out of a user's list: usage unknown.
        let keys = session
            .v0_only(&doing, "per-user list", client.list_keys(org).user(user))
            .await?;
        return Ok(keys
            .iter()
            .map(|k| KeyRecord::from_key(k, now, false))
            .collect());
    }
    let v0 = async {
        // Only v1 runs without an organization (see `fetch`).
        let keys = client.list_keys(org.unwrap_or_default()).await?;
        Ok(keys
            .iter()
            .map(|k| KeyRecord::from_key(k, now, true))
            .collect())
    };
    let doing = format!("list the keys of {}", org.unwrap_or("your organization"));
    session.either(&doing, v0, v1::list(session, org)).await
}
