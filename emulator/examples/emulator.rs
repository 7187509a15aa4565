//! Runs the WhyLabs API-key emulator as a standalone server on 127.0.0.1.
//!
//! ```sh
//! cargo run -p whylabs-api-keys-emulator --example emulator -- --port 8080 --paid-org org-123 \
//!     --fault 'status=503,times=2,operation=create_api_key'
//! ```
//!
//! The first two lines on stdout are `WHYLABS_API_ENDPOINT=...` and `WHYLABS_API_KEY=...`,
//! ready to export; it then serves until Ctrl-C. `--help` describes every flag.

use std::io::Write;
use std::process::ExitCode;

use whylabs_api_keys_emulator::{Emulator, EmulatorBuilder, Fault};

const USAGE: &str = "usage: emulator [--port PORT] [--admin-key KEY] [--paid-org ORG]... \
[--managed-org PARENT=CHILD]... [--max-active-keys N] [--fault SPEC]...";

const HELP: &str = "\
Serves the WhyLabs API-key API (v0 and v1) from memory on 127.0.0.1 until Ctrl-C. The first two
lines on stdout are WHYLABS_API_ENDPOINT=... and WHYLABS_API_KEY=..., ready to export.

Options (each also as --flag=value):
  --port PORT               port on 127.0.0.1; 0 picks a free one (default 8080)
  --admin-key KEY           the bootstrap key, a system key (:whylabs_system) that may call v0 on
                            every organization and the /__emulator/ endpoints (default: random)
  --paid-org ORG            put ORG on a paid tier: no key limit, v1 generate allowed
                            (repeatable; every other organization is on the free tier)
  --managed-org PARENT=CHILD  keys of PARENT may act on CHILD with X-WHYLABS-ORGANIZATION
                            (repeatable)
  --max-active-keys N       active keys a free organization may hold (default 25)
  --fault SPEC              inject a fault from the start (repeatable), such as
                            'status=503,times=2,operation=create_api_key' or 'delay_ms=300';
                            keys: status or delay_ms, times, operation, retry_after, body (last)
  -h, --help                this text

Keys: v0 (/v0/organizations/{org_id}/api-key) needs a system key, such as the bootstrap key;
v1 (/v1/api-key) generate, delete and list need an :administrator or :account_administrator
key, which the bootstrap key can create with v0 (scopes=:administrator).

Faults over HTTP, with X-API-Key set to the bootstrap key:
  POST   /__emulator/faults  {\"status\": 503, \"times\": 2, \"operation\": \"create_api_key\"}
  GET    /__emulator/faults  how many are pending
  DELETE /__emulator/faults  clear them
  POST   /__emulator/clock   {\"advance_ms\": 60000}  move the clock forward";

/// The port used when none is given, the one the README's commands use.
const DEFAULT_PORT: u16 = 8080;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}\n\n{HELP}");
        return ExitCode::SUCCESS;
    }
    let builder = match parse_args(&args) {
        Ok(builder) => builder,
        Err(message) => {
            eprintln!("emulator: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let emulator = match builder.start().await {
        Ok(emulator) => emulator,
        Err(e) => {
            eprintln!("emulator: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    print!("{}", announcement(&emulator));
    // Flushed at once, so a shell reading the two lines does not wait for the server to stop.
    let _ = std::io::stdout().flush();
    eprintln!("# serving the WhyLabs v0 and v1 API-key endpoints until Ctrl-C");
    match tokio::signal::ctrl_c().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("emulator: cannot wait for Ctrl-C: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Reads the flags of [`HELP`] (each `--flag value` or `--flag=value`) into a builder; a usage
/// problem is a one-line message. (`pub` for tests/emulator/, which includes this file.)
pub fn parse_args(args: &[String]) -> Result<EmulatorBuilder, String> {
    let mut builder = Emulator::builder().port(DEFAULT_PORT);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag, Some(value.to_string())),
            None => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next().cloned())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        builder = match flag {
            "--port" => builder.port(number(flag, &value()?)?),
            "--admin-key" => builder.admin_key(value()?),
            "--max-active-keys" => builder.max_active_keys(number(flag, &value()?)?),
            "--paid-org" => builder.paid_org(value()?),
            "--managed-org" => {
                let pair = value()?;
                let (parent, child) = pair
                    .split_once('=')
                    .filter(|(p, c)| !p.is_empty() && !c.is_empty())
                    .ok_or_else(|| format!("{flag} takes PARENT=CHILD, not {pair:?}"))?;
                builder.managed_org(parent, child)
            }
            "--fault" => {
                let spec = value()?;
                let fault: Fault = spec.parse().map_err(|e| format!("{flag} {spec:?}: {e}"))?;
                builder.fault(fault)
            }
            _ => return Err(format!("unknown argument {arg:?}")),
        };
    }
    Ok(builder)
}

fn number<T: std::str::FromStr>(flag: &str, text: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{flag} takes a number, not {text:?}"))
}

/// The lines a shell can export to point clients (and the quickstart) at `emulator`.
pub fn announcement(emulator: &Emulator) -> String {
    format!(
        "WHYLABS_API_ENDPOINT={}\nWHYLABS_API_KEY={}\n",
        emulator.base_url(),
        emulator.admin_key().expose_secret()
    )
}
