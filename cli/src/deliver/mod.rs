//! Where `rotate --deliver` puts a new secret ([`SinkSpec`]): a file holding the secret alone,
//! one line of a `.env` file, or a command that reads it on stdin. A sink is prepared before
//! any key exists ([`SinkSpec::prepare`]), then [`deliver`]ed; a delivered sink is
//! [`commit`]ted once the rotation holds, or [`restore`]d when it fails.
//!
//! A file or `.env` sink is never written in place: the new content goes to a temporary file
//! in the same directory (synced), and the file there before is kept under a second name
//! (`.NAME.whylabs-keys-previous`, a hard link to the same inode, so no copy of the old secret is made)
//! before the temporary file is renamed over the path. Restoring renames the second name back;
//! committing removes it. Because that name is on disk, a rotation interrupted by a crash can
//! still be restored by `rotate --resume` (the journal names the sink, never a secret). A
//! symlink at the path is linked and replaced as itself, never followed.
//!
//! An `exec:` sink cannot be restored: what the command did is unknown to the tool.
//!
//! An `aws-sm:SECRET_ID` sink (feature `aws`) is staged: delivery puts a version labelled
//! `AWSPENDING` (readers of `AWSCURRENT` still get the old secret), committing moves
//! `AWSCURRENT` to it (the old version becomes `AWSPREVIOUS`), restoring removes `AWSPENDING`.
//! Its commit can fail, so such sinks are committed before the file sinks, whose commit only
//! removes a backup.

#[cfg(feature = "aws")]
mod aws;
mod dotenv;
mod exec;
mod file;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use whylabs_api_keys::ApiKeySecret;

pub use exec::{Ran, run_check};

/// The variable a `dotenv:` sink sets when none is named.
pub const DEFAULT_VAR: &str = "WHYLABS_API_KEY";

/// A sink as written on the command line (`file:PATH`, `dotenv:PATH#VAR`, `exec:COMMAND`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SinkSpec {
    /// The secret alone in a 0600 file.
    File(PathBuf),
    /// One `VAR=secret` line of a `.env` file.
    Dotenv { path: PathBuf, var: String },
    /// `sh -c COMMAND` with the secret on stdin.
    Exec(String),
    /// An AWS Secrets Manager secret (feature `aws`).
    AwsSm(String),
}

impl SinkSpec {
    /// Reads `file:PATH`, `dotenv:PATH[#VAR]` or `exec:COMMAND`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (kind, rest) = text.split_once(':').ok_or_else(|| {
            format!("{text:?}: expected file:PATH, dotenv:PATH#VAR or exec:COMMAND")
        })?;
        if rest.is_empty() {
            return Err(format!("{text:?}: nothing after {kind}:"));
        }
        match kind {
            "file" => Ok(SinkSpec::File(PathBuf::from(rest))),
            "dotenv" => {
                let (path, var) = rest.rsplit_once('#').unwrap_or((rest, DEFAULT_VAR));
                if !dotenv::is_name(var) {
                    return Err(format!("{text:?}: {var:?} is not a variable name"));
                }
                Ok(SinkSpec::Dotenv {
                    path: PathBuf::from(path),
                    var: var.to_string(),
                })
            }
            "exec" => Ok(SinkSpec::Exec(rest.to_string())),
            "aws-sm" if cfg!(feature = "aws") => Ok(SinkSpec::AwsSm(rest.to_string())),
            "aws-sm" => Err(format!(
                "{text:?}: this whylabs-keys was built without the aws-sm: sink (cargo feature \
                 `aws`)"
            )),
            other => Err(format!(
                "{text:?}: unknown sink {other:?}; expected file:, dotenv:, exec: or aws-sm:"
            )),
        }
    }

    /// The file the sink writes, if it writes one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            SinkSpec::File(path) | SinkSpec::Dotenv { path, .. } => Some(path),
            SinkSpec::Exec(_) | SinkSpec::AwsSm(_) => None,
        }
    }

    /// Whether committing can fail (then it is done before the commits that cannot).
    pub fn commit_can_fail(&self) -> bool {
        matches!(self, SinkSpec::AwsSm(_))
    }

    /// Checks, before any key exists, that the sink can work: a file's directory exists and
    /// takes a new file, and nothing but a file or a symlink is at the path; an AWS secret
    /// exists and can be described.
    pub async fn prepare(&self) -> Result<(), String> {
        match self {
            SinkSpec::File(path) | SinkSpec::Dotenv { path, .. } => file::check(path),
            SinkSpec::Exec(_) => Ok(()),
            SinkSpec::AwsSm(id) => aws_call(id, Call::Check).await,
        }
    }
}

impl fmt::Display for SinkSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SinkSpec::File(path) => write!(f, "file:{}", path.display()),
            SinkSpec::Dotenv { path, var } => write!(f, "dotenv:{}#{var}", path.display()),
            SinkSpec::Exec(command) => write!(f, "exec:{command}"),
            SinkSpec::AwsSm(id) => write!(f, "aws-sm:{id}"),
        }
    }
}

/// Writes `secret` to the sink. On failure nothing changed at a file sink; an `exec:` sink
/// whose command failed (or ran past `timeout`) may have done anything, which the error says.
/// For a file, says whether one was there before (now kept under its backup name).
pub async fn deliver(
    spec: &SinkSpec,
    secret: &ApiKeySecret,
    timeout: Duration,
) -> Result<bool, String> {
    Ok(match spec {
        SinkSpec::File(path) => {
            let content = format!("{}\n", secret.expose_secret());
            file::replace(path, false, |_| Ok(content.into_bytes()))?
        }
        SinkSpec::Dotenv { path, var } => file::replace(path, true, |old| {
            dotenv::set(old.unwrap_or_default(), var, secret.expose_secret())
        })?,
        SinkSpec::Exec(command) => {
            exec::deliver(command, secret, timeout).await?;
            false
        }
        SinkSpec::AwsSm(id) => {
            aws_call(id, Call::PutPending(secret)).await?;
            false
        }
    })
}

/// Restores a file sink from its backup (`existed`) or removes what was written; `exec:`
/// sinks cannot be restored. Also used by `--resume`, which knows the sink from the journal.
pub async fn restore(spec: &SinkSpec, existed: bool) -> Result<(), String> {
    match spec {
        SinkSpec::File(path) | SinkSpec::Dotenv { path, .. } => file::restore(path, existed),
        SinkSpec::Exec(_) => Err(format!(
            "{spec}: a command sink cannot be restored (it holds the new key)"
        )),
        SinkSpec::AwsSm(id) => aws_call(id, Call::RemovePending).await,
    }
}

/// Commits a sink: removes a file's backup; moves an AWS secret's `AWSCURRENT` to the pending
/// version; nothing to do for `exec:`.
pub async fn commit(spec: &SinkSpec) -> Result<(), String> {
    match spec {
        SinkSpec::File(path) | SinkSpec::Dotenv { path, .. } => file::commit(path),
        SinkSpec::Exec(_) => Ok(()),
        SinkSpec::AwsSm(id) => aws_call(id, Call::MakeCurrent).await,
    }
}

/// What is asked of an AWS secret.
#[cfg_attr(not(feature = "aws"), allow(dead_code))]
enum Call<'a> {
    Check,
    PutPending(&'a ApiKeySecret),
    MakeCurrent,
    RemovePending,
}

#[cfg(feature = "aws")]
async fn aws_call(id: &str, call: Call<'_>) -> Result<(), String> {
    let named = |why: String| format!("aws-sm:{id}: {why}");
    let client = aws::client().await;
    match call {
        Call::Check => aws::check(&client, id).await,
        Call::PutPending(secret) => aws::put_pending(&client, id, secret).await,
        Call::MakeCurrent => aws::make_current(&client, id).await,
        Call::RemovePending => aws::remove_pending(&client, id).await,
    }
    .map_err(named)
}

/// Without the feature no `aws-sm:` sink parses, so none reaches here.
#[cfg(not(feature = "aws"))]
async fn aws_call(id: &str, _call: Call<'_>) -> Result<(), String> {
    Err(format!(
        "aws-sm:{id}: built without the cargo feature `aws`"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sinks_parse_and_print_as_written() {
        for text in [
            "file:/a/b.key",
            "dotenv:.env#MY_KEY",
            "exec:cat > /dev/null",
        ] {
            assert_eq!(SinkSpec::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(
            SinkSpec::parse("dotenv:.env").unwrap(),
            SinkSpec::Dotenv {
                path: PathBuf::from(".env"),
                var: DEFAULT_VAR.to_string()
            }
        );
        for bad in ["file:", "nope:x", "plain", "dotenv:.env#1X"] {
            assert!(SinkSpec::parse(bad).is_err(), "{bad}");
        }
    }
}
