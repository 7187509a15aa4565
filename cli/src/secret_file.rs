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
//!
//! Platforms: on unix the file is made with mode 0600, a stdout that is closed or /dev/null
//! is refused, and SIGXFSZ is ignored (a write past `ulimit -f` fails instead of killing the
//! process). On Windows a file has no mode: the secret file gets the access list its
//! directory passes on, a stdout redirected to `NUL` is not detected, and there is no
//! SIGXFSZ. The tool builds for unix and Windows only (tokio's Ctrl-C handling, which the
//! emulator command uses, exists on no other platform).

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;
use whylabs_api_keys::ApiKeySecret;

use crate::error::{CliError, CliResult};
use crate::output::{Format, Out};

/// How a secret file is protected, for messages: its mode on unix; nothing to say elsewhere,
/// where the file gets the access list of its directory.
#[cfg(unix)]
pub const OWNER_ONLY: &str = " (mode 0600)";
#[cfg(not(unix))]
pub const OWNER_ONLY: &str = "";

pub enum Sink {
    File(SecretFile),
    /// A handle of its own on stdout: the standard one reports no error for a closed stdout.
    Stdout(File),
}

/// Why a secret could not be delivered; nothing of the secret is in it.
pub struct Undelivered(pub String);

impl Sink {
    /// Checks the destination, the secret file `file` or else stdout, and prepares it; or
    /// refuses (a usage error: no key exists yet). `force` replaces an existing file.
    pub fn prepare(file: Option<&Path>, force: bool) -> CliResult<Self> {
        match file {
            Some(path) => Ok(Sink::File(SecretFile::prepare(path, force)?)),
            None => Ok(Sink::Stdout(stdout()?)),
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
    let handle = duplicate_stdout().map_err(|e| refused(format!("cannot be used ({e})")))?;
    if is_dev_null(&handle).map_err(|e| refused(format!("cannot be used ({e})")))? {
        return Err(refused("is closed or /dev/null".to_string()));
    }
    Ok(handle)
}

/// A handle of its own on the process's stdout (a duplicate of fd 1).
#[cfg(unix)]
fn duplicate_stdout() -> io::Result<File> {
    use std::os::fd::AsFd;
    io::stdout().as_fd().try_clone_to_owned().map(File::from)
}

/// On Windows, a duplicate of the stdout handle.
#[cfg(windows)]
fn duplicate_stdout() -> io::Result<File> {
    use std::os::windows::io::AsHandle;
    io::stdout()
        .as_handle()
        .try_clone_to_owned()
        .map(File::from)
}

/// Whether `handle` is /dev/null (where a closed fd 1 points).
#[cfg(unix)]
fn is_dev_null(handle: &File) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let target = handle.metadata()?;
    Ok(fs::metadata("/dev/null")
        .is_ok_and(|null| (target.dev(), target.ino()) == (null.dev(), null.ino())))
}

/// On Windows, never: there is no /dev/null, and a console handle has no file metadata to
/// compare, so a stdout redirected to `NUL` is not detected.
#[cfg(not(unix))]
fn is_dev_null(_handle: &File) -> io::Result<bool> {
    Ok(false)
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
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        owner_only(&mut builder);
        let temp = builder
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

/// Mode 0600: only the owner may read or write the secret file (also tempfile's default,
/// said here so that it cannot change unnoticed).
#[cfg(unix)]
fn owner_only(builder: &mut tempfile::Builder) {
    use std::os::unix::fs::PermissionsExt;
    builder.permissions(fs::Permissions::from_mode(0o600));
}

/// On Windows a file has no mode: it gets the access list its directory passes on, and
/// nothing is set here.
#[cfg(not(unix))]
fn owner_only(_builder: &mut tempfile::Builder) {}

/// A write past the file-size limit (`ulimit -f`) then fails with EFBIG instead of killing
/// the process between creating a key and revoking it. Tokio's handler replaces the default
/// action for the rest of the process.
#[cfg(unix)]
fn ignore_file_size_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let _ = signal(SignalKind::from_raw(libc::SIGXFSZ));
}

/// On Windows there is no SIGXFSZ: a write past a size limit fails with an error, which
/// makes the command revoke the key as any failed write does. Nothing to do.
#[cfg(not(unix))]
fn ignore_file_size_signal() {}

/// `-o json` and `-o csv` print the key's record on stdout, where a secret sent to stdout
/// (`to_stdout`) must stand alone: refused together, before anything is made, rather than
/// dropping the record.
pub fn refuse_records_on_stdout(to_stdout: bool, out: &Out) -> CliResult<()> {
    if to_stdout && out.format != Format::Table {
        return Err(CliError::usage(
            "the secret goes alone to stdout (--print-secret or --secret-file -), so -o json/csv \
             cannot go there too: write the secret with --secret-file PATH to get the record",
        ));
    }
    Ok(())
}
