//! Which API the commands use: what `--api` asks for ([`ApiChoice`]) and what the calls went
//! to ([`Api`]).

use clap::ValueEnum;

/// Which of the server's two API-key APIs the commands use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ApiChoice {
    /// v0, and v1 where the server refuses v0 with 403 (the key is not a system key).
    Auto,
    /// The back-office API: a system key, any user of any organization.
    V0,
    /// The self-service API: an organization administrator's key, its own keys.
    V1,
}

/// The API a call went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Api {
    V0,
    V1,
}

impl Api {
    /// `v0` or `v1`, as messages and `whoami` name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Api::V0 => "v0",
            Api::V1 => "v1",
        }
    }
}
