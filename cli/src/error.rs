//! [`CliError`] and [`Status`]: how a command ends, mapped onto the documented exit codes
//! (0 success, 1 failure or findings, 2 usage).

use std::fmt::Display;
use std::io;
use std::process::ExitCode;
use std::sync::OnceLock;

/// Where the run's API key came from, set once when it is read, so that a 401 anywhere can
/// name the setting to fix.
static KEY_SOURCE: OnceLock<String> = OnceLock::new();

/// Records where the API key came from, as messages name it (its first call wins: one key
/// per run). Any displayable source will do, so that this lowest module knows nothing of the
/// settings.
pub fn set_key_source(source: impl Display) {
    let _ = KEY_SOURCE.set(source.to_string());
}

/// What a 401 means, naming where the key came from.
pub fn unauthorized_hint() -> String {
    let from = KEY_SOURCE
        .get()
        .map(|s| format!(" (from {s})"))
        .unwrap_or_default();
    format!("the configured API key{from} is unknown, revoked or expired")
}

/// How a command that ran to its end finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Exit 0.
    Success,
    /// Exit 1 without an error message: audit findings at the threshold, a live key found by
    /// scan, a validate that said "invalid", a refused prompt. The command printed why.
    Findings,
}

impl Status {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Status::Success => ExitCode::SUCCESS,
            Status::Findings => ExitCode::from(1),
        }
    }
}

/// Why a command could not do its job.
#[derive(Debug)]
pub enum CliError {
    /// Exit 2: the command line or configuration cannot work (a missing API key, `--yes`
    /// needed off a terminal, conflicting settings).
    Usage(String),
    /// Exit 1: a call failed, a file could not be written, ...
    Failed(String),
    /// Exit 0, silently: stdout was closed by its reader (`whylabs-keys list | head`), which
    /// is how such a pipeline is meant to end.
    ClosedPipe,
}

impl CliError {
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::Usage(message.into())
    }

    pub fn failed(message: impl Into<String>) -> Self {
        CliError::Failed(message.into())
    }

    /// A failed library call, prefixed with what was being done. The library's `Display`
    /// never contains an API key or a secret.
    /// A 401 says what it means for the configured key, whatever the command.
    pub fn api(doing: impl Display, error: &whylabs_api_keys::Error) -> Self {
        if error.is_unauthorized() {
            return CliError::Failed(format!(
                "{doing}: the server refused the API key (401): {}",
                unauthorized_hint()
            ));
        }
        CliError::Failed(format!("{doing}: {error}"))
    }

    pub fn message(&self) -> Option<&str> {
        match self {
            CliError::Usage(message) | CliError::Failed(message) => Some(message),
            CliError::ClosedPipe => None,
        }
    }

    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Usage(_) => ExitCode::from(2),
            CliError::Failed(_) => ExitCode::from(1),
            CliError::ClosedPipe => ExitCode::SUCCESS,
        }
    }
}

impl From<io::Error> for CliError {
    fn from(error: io::Error) -> Self {
        if error.kind() == io::ErrorKind::BrokenPipe {
            CliError::ClosedPipe
        } else {
            CliError::Failed(format!("cannot write the output: {error}"))
        }
    }
}

impl From<csv::Error> for CliError {
    fn from(error: csv::Error) -> Self {
        match error.into_kind() {
            csv::ErrorKind::Io(io) => io.into(),
            other => CliError::Failed(format!("cannot write CSV: {other:?}")),
        }
    }
}

impl From<serde_json::Error> for CliError {
    fn from(error: serde_json::Error) -> Self {
        match error.io_error_kind() {
            Some(kind) => io::Error::from(kind).into(),
            None => CliError::Failed(format!("cannot write JSON: {error}")),
        }
    }
}

pub type CliResult<T = Status> = Result<T, CliError>;
