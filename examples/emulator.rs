//! Runs the WhyLabs API-key emulator as a standalone server on 127.0.0.1.
//!
//! ```sh
//! cargo run --example emulator -- --port 8080 [--admin-key KEY] [--max-active-keys N]
//! ```
//!
//! The first two lines on stdout are `WHYLABS_API_ENDPOINT=...` and `WHYLABS_API_KEY=...`,
//! ready to export; it then serves until Ctrl-C. `--port 0` picks a free port.

use std::io::Write;
use std::process::ExitCode;

use whylabs_api_keys::emulator::{Emulator, EmulatorBuilder};

const USAGE: &str =
    "usage: emulator [--port PORT] [--admin-key KEY] [--max-active-keys N]  (default port 8080)";

/// The port used when none is given, the one the README's commands use.
const DEFAULT_PORT: u16 = 8080;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
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
    eprintln!("# serving the WhyLabs v0 API-key endpoints until Ctrl-C");
    match tokio::signal::ctrl_c().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("emulator: cannot wait for Ctrl-C: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Reads `--port`, `--admin-key` and `--max-active-keys` (each `--flag value` or
/// `--flag=value`) into a builder; a usage problem is a one-line message. (`pub` for
/// tests/emulator/, which includes this file.)
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
