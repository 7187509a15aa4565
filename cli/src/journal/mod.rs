//! The rotation journal: one JSON file per rotation in a directory (`--journal PATH`, else
//! `$XDG_STATE_HOME/whylabs-keys/rotations/`, else `~/.local/state/whylabs-keys/rotations/`),
//! rewritten atomically (temporary file, fsync, rename, directory fsync) **before** each step
//! is taken. It holds key ids, the user, the sinks and their states, and timestamps: never a
//! secret, so that it can sit in a state directory like any log.
//!
//! Because a step is recorded before it is taken, a journal read after a crash says the last
//! step that may have happened, and `rotate --resume` ends it as the [`Step`] documentation
//! argues.

mod record;

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub use record::{Rotation, SinkEntry, SinkState, Step};

/// For tests only: after the journal records the step this variable names (such as `created`
/// or `sink-0-delivered`), the process exits with status 137 as if killed by `kill -9`.
pub const CRASH_AFTER: &str = "WHYLABS_KEYS_TEST_CRASH_AFTER";

/// The journal's directory.
pub struct Journal {
    dir: PathBuf,
}

impl Journal {
    /// The journal at `dir`, or the default one.
    pub fn at(dir: Option<&Path>) -> Result<Self, String> {
        let dir = match dir {
            Some(dir) => dir.to_path_buf(),
            None => default_dir()?,
        };
        Ok(Self { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Records `rotation` as it stands, durably, then (tests only) crashes if asked to after
    /// `label`. The fsyncs run on a blocking thread, so that the rotations of a plan do not
    /// wait for one another's disk.
    pub async fn save(&self, rotation: &mut Rotation, label: &str) -> Result<(), String> {
        rotation.updated = chrono::Utc::now();
        let failed =
            |e: io::Error| format!("cannot write the journal in {}: {e}", self.dir.display());
        let json = serde_json::to_vec_pretty(rotation).map_err(|e| failed(io::Error::other(e)))?;
        let (dir, name) = (self.dir.clone(), format!("{}.json", rotation.id));
        tokio::task::spawn_blocking(move || write(&dir, &name, &json))
            .await
            .map_err(|e| failed(io::Error::other(e)))?
            .map_err(failed)?;
        if std::env::var(CRASH_AFTER).is_ok_and(|step| step == label) {
            std::process::exit(137);
        }
        Ok(())
    }

    /// Every rotation of the journal, oldest first; none when the directory does not exist.
    pub fn load(&self) -> Result<Vec<Rotation>, String> {
        let entries = match fs::read_dir(&self.dir) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(format!("cannot read {}: {e}", self.dir.display())),
            Ok(entries) => entries,
        };
        let mut rotations = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|ext| ext != "json") {
                continue;
            }
            let text = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let rotation: Rotation = serde_json::from_slice(&text)
                .map_err(|e| format!("{}: not a rotation record: {e}", path.display()))?;
            rotations.push(rotation);
        }
        rotations.sort_by(|a, b| a.started.cmp(&b.started).then(a.id.cmp(&b.id)));
        Ok(rotations)
    }
}

/// Writes `json` to `dir/name` atomically: temporary file, fsync, rename, directory fsync.
fn write(dir: &Path, name: &str, json: &[u8]) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".rotation.")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(json)?;
    temp.as_file().sync_all()?;
    temp.persist(dir.join(name)).map_err(|e| e.error)?;
    File::open(dir)?.sync_all()
}

fn default_dir() -> Result<PathBuf, String> {
    let state = std::env::var_os("XDG_STATE_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".local/state")))
        .ok_or("no journal directory: set XDG_STATE_HOME or HOME, or pass --journal PATH")?;
    Ok(state.join("whylabs-keys").join("rotations"))
}
