//! `list`: the keys that are not revoked (expired ones included) of one or more
//! organizations, or all keys of one user; filtered, sorted, as a table, JSON, CSV or ids.

mod filter;

use crate::api::Session;
use crate::args::ListArgs;
use crate::error::{CliResult, Status};
use crate::output::{Out, note};
use crate::records::KeyRecord;

use filter::Filter;

pub async fn run(args: &ListArgs, session: &Session, out: &Out) -> CliResult<Status> {
    let filter = Filter::of(args)?;
    let listed = session.list_keys(args.user.as_deref()).await?;
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
