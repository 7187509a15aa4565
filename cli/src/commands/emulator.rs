//! `emulator`: the local emulator (crate `whylabs-api-keys-emulator`) as a standalone server,
//! printing the two lines a shell exports (as that crate's `emulator` example does), then
//! serving until Ctrl-C.

use std::io::Write;

use whylabs_api_keys_emulator::Emulator;

use crate::args::EmulatorArgs;
use crate::error::{CliError, CliResult, Status};
use crate::output::note;

pub async fn run(args: &EmulatorArgs) -> CliResult<Status> {
    let mut builder = Emulator::builder().port(args.port);
    if let Some(key) = &args.admin_key {
        builder = builder.admin_key(key.as_str());
    }
    if let Some(limit) = args.max_active_keys {
        builder = builder.max_active_keys(limit);
    }
    for org in &args.paid_orgs {
        builder = builder.paid_org(org);
    }
    for (parent, child) in &args.managed_orgs {
        builder = builder.managed_org(parent, child);
    }
    for fault in &args.faults {
        builder = builder.fault(fault.clone());
    }
    let emulator = builder
        .start()
        .await
        .map_err(|e| CliError::failed(format!("cannot start the emulator: {e}")))?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "WHYLABS_API_ENDPOINT={}", emulator.base_url())?;
    writeln!(
        stdout,
        "WHYLABS_API_KEY={}",
        emulator.admin_key().expose_secret()
    )?;
    // At once, so a shell reading the two lines does not wait for the server to stop.
    stdout.flush()?;
    drop(stdout);
    note("# serving the WhyLabs API-key endpoints on 127.0.0.1 until Ctrl-C");
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| CliError::failed(format!("cannot wait for Ctrl-C: {e}")))?;
    Ok(Status::Success)
}
