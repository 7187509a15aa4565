//! Where a new secret goes ([`Sink`]): a file, or stdout alone. Never a table, a log or
//! stderr.
//!
//! Both are prepared *before* the key is created, so that a destination that cannot work
//! fails while there is no key yet; and [`Sink::deliver`] reports a failed write, so that the
//! command can revoke the key whose secret was lost.
//!
//! A file is written to a temporary file in its directory (mode 0600, made at preparation:
//! that proves the directory writable), synced, then renamed into place: an existing file is
//! never truncated, a failed write leaves it as it was, and a symlink at the path is replaced,
//! not followed. Only the temporary file is ever removed.

use std::fs::{self, File, Permissions};
use std::io::{self, Write};
use std::os::fd::AsFd;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;
use whylabs_api_keys::ApiKeySecret;

use crate::args::SecretSink;
use crate::error::{CliError, CliResult};
use crate::output::{Format, Out};

pub enum Sink {
    File(SecretFile),
    /// A handle of its own on stdout: the standard one reports no error for a closed stdout.
    Stdout(File),
}

/// Why a secret could not be delivered; nothing of the secret is in it.
pub struct Undelivered(pub String);

impl Sink {
    /// Checks the destination and prepares it, or refuses (a usage error: no key exists yet).
    pub fn prepare(args: &SecretSink, force: bool) -> CliResult<Self> {
        match &args.secret_file {
            Some(path) if path.as_os_str() != "-" => {
                Ok(Sink::File(SecretFile::prepare(path, force)?))
            }
            _ => Ok(Sink::Stdout(stdout()?)),
        }
    }

    pub fn is_stdout(&self) -> bool {
        matches!(self, Sink::Stdout(_))
    }

    /// Where the secret goes, for messages: `stdout` or the path.
    pub fn place(&self) -> String {
        match self {
            Sink::File(file) => file.path.display().to_string(),
            Sink::Stdout(_) => "stdout".to_string(),
        }
    }

    /// Writes the secret and makes it durable; returns where it went.
    pub fn deliver(self, secret: &ApiKeySecret) -> Result<String, Undelivered> {
        let place = self.place();
        let written = match self {
            Sink::File(file) => file.write(secret),
            Sink::Stdout(mut out) => writeln!(out, "{}", secret.expose_secret())
                .and_then(|()| out.flush())
                .map_err(|e| format!("cannot write to stdout: {e}")),
        };
        written.map(|()| place).map_err(Undelivered)
    }
}

/// A handle on stdout, refused when stdout is closed: the process then started with no fd 1,
/// which the Rust runtime points at /dev/null, where a secret would vanish.
fn stdout() -> CliResult<File> {
    let refused = |why: String| {
        CliError::usage(format!(
            "stdout {why}, so the secret would be lost; no key was created"
        ))
    };
    let handle = io::stdout()
        .as_fd()
        .try_clone_to_owned()
        .map_err(|e| refused(format!("cannot be used ({e})")))?;
    let handle = File::from(handle);
    let target = handle
        .metadata()
        .map_err(|e| refused(format!("cannot be used ({e})")))?;
    if let Ok(null) = fs::metadata("/dev/null")
        && (target.dev(), target.ino()) == (null.dev(), null.ino())
    {
        return Err(refused("is closed or /dev/null".to_string()));
    }
    Ok(handle)
}

/// A secret file being written: the path and the temporary file next to it.
pub struct SecretFile {
    path: PathBuf,
    temp: NamedTempFile,
    force: bool,
}

impl SecretFile {
    fn prepare(path: &Path, force: bool) -> CliResult<Self> {
        let refused = |why: String| {
            CliError::usage(format!(
                "cannot write the secret file {}: {why}; no key was created",
                path.display()
            ))
        };
        check_destination(path, force).map_err(refused)?;
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .permissions(Permissions::from_mode(0o600))
            .tempfile_in(dir)
            .map_err(|e| refused(format!("cannot create a file in {}: {e}", dir.display())))?;
        ignore_file_size_signal();
        Ok(Self {
            path: path.to_path_buf(),
            temp,
            force,
        })
    }

    /// Writes and syncs the temporary file, then renames it into place (with `--force` over
    /// what is there, else only if nothing is).
    fn write(mut self, secret: &ApiKeySecret) -> Result<(), String> {
        let file = self.temp.as_file_mut();
        writeln!(file, "{}", secret.expose_secret())
            .and_then(|()| file.sync_all())
            .map_err(|e| format!("cannot write {}: {e}", self.temp.path().display()))?;
        let placed = if self.force {
            self.temp.persist(&self.path)
        } else {
            self.temp.persist_noclobber(&self.path)
        };
        // On failure the temporary file is dropped (removed) with the error.
        placed.map_err(|e| format!("cannot move it to {}: {}", self.path.display(), e.error))?;
        // The rename is done and the old file gone: a failed directory sync cannot undo it,
        // so it must not make the caller revoke the key whose secret is now in place.
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = File::open(dir).and_then(|dir| dir.sync_all());
        }
        Ok(())
    }
}

/// What is at `path` now: nothing, or (with `--force`) a regular file or a symlink, which the
/// rename replaces. Looked at without following a link or opening anything, so neither a
/// dangling link nor a FIFO is touched.
fn check_destination(path: &Path, force: bool) -> Result<(), String> {
    if path.file_name().is_none() {
        return Err("it names no file".to_string());
    }
    let kind = match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e.to_string()),
        Ok(meta) => meta.file_type(),
    };
    if !kind.is_file() && !kind.is_symlink() {
        return Err("it exists and is not a regular file".to_string());
    }
    if !force {
        return Err("it exists (pass --force to replace it)".to_string());
    }
    Ok(())
}

/// A write past the file-size limit (`ulimit -f`) then fails with EFBIG instead of killing
/// the process between creating a key and revoking it. Tokio's handler replaces the default
/// action for the rest of the process.
fn ignore_file_size_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let _ = signal(SignalKind::from_raw(libc::SIGXFSZ));
}

/// `-o json` and `-o csv` print the key's record on stdout, where a secret sent to stdout
/// must stand alone: refused together, before anything is made, rather than dropping the
/// record.
pub fn refuse_records_on_stdout(args: &SecretSink, out: &Out) -> CliResult<()> {
    let to_stdout = args.print_secret || args.secret_file.as_deref() == Some(Path::new("-"));
    if to_stdout && out.format != Format::Table {
        return Err(CliError::usage(
            "the secret goes alone to stdout (--print-secret or --secret-file -), so -o json/csv \
             cannot go there too: write the secret with --secret-file PATH to get the record",
        ));
    }
    Ok(())
}
