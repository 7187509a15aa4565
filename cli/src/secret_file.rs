//! Where a new secret goes ([`Sink`]): a file created with mode 0600, opened *before* the key
//! is created so that a bad path cannot leave a key nobody has the secret of; or stdout,
//! alone. Never a table, a log or stderr.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use whylabs_api_keys::ApiKeySecret;

use crate::args::SecretSink;
use crate::error::{CliError, CliResult};

pub enum Sink {
    File(SecretFile),
    Stdout,
}

impl Sink {
    /// Opens the file now (proving it writable) or notes stdout.
    pub fn prepare(args: &SecretSink, force: bool) -> CliResult<Self> {
        match &args.secret_file {
            Some(path) => Ok(Sink::File(SecretFile::open(path, force)?)),
            None => Ok(Sink::Stdout),
        }
    }

    /// Delivers the secret; returns where it went, for messages.
    pub fn deliver(self, secret: &ApiKeySecret) -> CliResult<String> {
        match self {
            Sink::File(file) => file.write(secret),
            Sink::Stdout => {
                let mut stdout = io::stdout().lock();
                writeln!(stdout, "{}", secret.expose_secret())?;
                stdout.flush()?;
                Ok("stdout".to_string())
            }
        }
    }
}

/// An open secret file. Dropped before anything was written, a file it created is removed.
pub struct SecretFile {
    path: PathBuf,
    file: File,
    created: bool,
    written: bool,
}

impl SecretFile {
    fn open(path: &Path, force: bool) -> CliResult<Self> {
        let mut options = OpenOptions::new();
        options.write(true).mode(0o600);
        if force {
            options.create(true);
        } else {
            options.create_new(true);
        }
        let existed = path.exists();
        let file = options.open(path).map_err(|e| {
            let hint = if e.kind() == io::ErrorKind::AlreadyExists {
                " (it exists; pass --force to overwrite it)"
            } else {
                ""
            };
            CliError::usage(format!(
                "cannot write the secret file {}: {e}{hint}; no key was created",
                path.display()
            ))
        })?;
        if !file.metadata().map(|m| m.is_file()).unwrap_or(false) {
            return Err(CliError::usage(format!(
                "{} is not a regular file; no key was created",
                path.display()
            )));
        }
        // An existing file keeps its mode on open: make it owner-only before a secret lands.
        file.set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(|e| {
                CliError::usage(format!("cannot make {} owner-only: {e}", path.display()))
            })?;
        Ok(Self {
            path: path.to_path_buf(),
            file,
            created: !existed,
            written: false,
        })
    }

    fn write(mut self, secret: &ApiKeySecret) -> CliResult<String> {
        let result = self
            .file
            .set_len(0)
            .and_then(|()| writeln!(self.file, "{}", secret.expose_secret()))
            .and_then(|()| self.file.sync_all());
        self.written = true;
        result.map_err(|e| {
            CliError::failed(format!(
                "the key was created but its secret could not be written to {}: {e}",
                self.path.display()
            ))
        })?;
        Ok(self.path.display().to_string())
    }
}

impl Drop for SecretFile {
    fn drop(&mut self) {
        if self.created && !self.written {
            let _ = fs::remove_file(&self.path);
        }
    }
}
