//! `whylabs-keys`: the command-line tool for the jobs platform teams do with WhyLabs API keys
//! (see, create, rotate, revoke, offboard, audit, scan), built on the `whylabs-api-keys` facade.

mod api;
mod args;
mod audit;
mod clock;
mod commands;
mod config;
mod confirm;
mod deliver;
mod error;
mod human;
mod journal;
mod outcome;
mod output;
mod records;
mod scan;
mod secret_file;
mod shell;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use crate::args::Cli;
use crate::error::CliError;

fn main() -> ExitCode {
    // clap exits 2 on a usage error and 0 for --help/--version, as documented.
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    init_tracing(cli.global.verbose);
    let settings = match config::resolve(&cli.global, &matches) {
        Ok(settings) => settings,
        Err(error) => return report(error),
    };
    // One thread is plenty for an I/O-bound tool, and starting it costs nothing measurable
    // (`--help` returns before this, inside clap).
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return report(CliError::failed(format!("cannot start the runtime: {e}"))),
    };
    match runtime.block_on(commands::run(&cli.command, &settings)) {
        Ok(status) => status.exit_code(),
        Err(error) => report(error),
    }
}

/// Prints a failure on stderr (one line, escaped as every line for people; never a secret:
/// library errors redact them) and turns it into the documented exit code.
fn report(error: CliError) -> ExitCode {
    if let Some(message) = error.message() {
        output::note(format!("whylabs-keys: {message}"));
    }
    error.exit_code()
}

/// `-v` info, `-vv` debug, `-vvv` trace, on stderr. At info the tool says what it does (the
/// settings, the API chosen) and each API call ends with one line: the library's span, closed,
/// with its operation, attempts, status and duration. The library's spans carry no key or
/// secret (it redacts them), and this tool logs ids only.
fn init_tracing(verbose: u8) {
    let level = match verbose {
        0 => return,
        1 => tracing_subscriber::filter::LevelFilter::INFO,
        2 => tracing_subscriber::filter::LevelFilter::DEBUG,
        _ => tracing_subscriber::filter::LevelFilter::TRACE,
    };
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .init();
}
