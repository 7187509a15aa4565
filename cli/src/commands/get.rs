//! `get KEY_ID`: one key's metadata (v0 only: v1 has no get).

use crate::api::Session;
use crate::args::GetArgs;
use crate::error::{CliError, CliResult, Status};
use crate::output::Out;
use crate::records::KeyRecord;

pub async fn run(args: &GetArgs, session: &Session, out: &Out) -> CliResult<Status> {
    let org = session.one_org("get")?;
    let doing = format!("get key {} in {org}", args.key_id);
    let found = session.get_key(org, &args.key_id, &doing).await?;
    let key = found.ok_or_else(|| {
        CliError::failed(format!(
            "key {} not found in {org}: the server does not know it, or it is revoked \
             (it answers both alike)",
            args.key_id
        ))
    })?;
    out.records(
        &[KeyRecord::from_key(&key, session.clock.now(), true)],
        session.clock.now(),
    )?;
    Ok(Status::Success)
}
