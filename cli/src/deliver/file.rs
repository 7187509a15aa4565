//! File and `.env` sinks on disk: replace a file atomically, keeping the one that was there
//! under a second name (a hard link) until the rotation is committed or restored.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Where the file that was at `path` is kept during a rotation: `.NAME.whylabs-keys-previous`
/// in the same directory (the same inode, so the same mode and owner).
pub fn backup_path(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}.whylabs-keys-previous"))
}

fn dir_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Nothing, a regular file or a symlink at `path`; a directory that takes a new file; no
/// backup left by an unfinished rotation.
pub fn check(path: &Path) -> Result<(), String> {
    let named = |why: String| format!("{}: {why}", path.display());
    if path.file_name().is_none() {
        return Err(named("it names no file".to_string()));
    }
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(named(e.to_string())),
        Ok(meta) if meta.is_file() || meta.is_symlink() => {}
        Ok(_) => return Err(named("it exists and is not a regular file".to_string())),
    }
    if fs::symlink_metadata(backup_path(path)).is_ok() {
        return Err(named(format!(
            "{} is left from an unfinished rotation: run `whylabs-keys rotate --resume` first",
            backup_path(path).display()
        )));
    }
    let dir = dir_of(path);
    tempfile::Builder::new()
        .prefix(".whylabs-keys-probe.")
        .tempfile_in(dir)
        .map(drop)
        .map_err(|e| named(format!("cannot create a file in {}: {e}", dir.display())))
}

/// Replaces `path` by what `make` returns from its current text (`None`: no file), with the
/// current file's mode when `keep_mode` (else 0600); returns whether a file was there (then
/// kept under [`backup_path`]). On failure `path` is as it was.
pub fn replace(
    path: &Path,
    keep_mode: bool,
    make: impl FnOnce(Option<String>) -> Result<Vec<u8>, String>,
) -> Result<bool, String> {
    let named = |why: String| format!("{}: {why}", path.display());
    let (existed, old, mode) = match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => (false, None, 0o600),
        Err(e) => return Err(named(e.to_string())),
        Ok(meta) => {
            let old = fs::read(path)
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned());
            let mode = if keep_mode && meta.is_file() {
                mode_of(&meta)
            } else {
                0o600
            };
            (true, old, mode)
        }
    };
    let content = make(old)?;
    let backup = backup_path(path);
    if existed {
        fs::hard_link(path, &backup)
            .map_err(|e| named(format!("cannot keep it as {}: {e}", backup.display())))?;
    }
    let written = write_new(path, &content, mode);
    if written.is_err() && existed {
        let _ = fs::remove_file(&backup);
    }
    written.map_err(named)?;
    sync_dir(path);
    Ok(existed)
}

/// A temporary file in `path`'s directory with `mode`, written, synced, renamed over `path`.
fn write_new(path: &Path, content: &[u8], mode: u32) -> Result<(), String> {
    let dir = dir_of(path);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    // Made 0600 (tempfile's default), then given `mode` exactly, which no umask narrows.
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a file in {}: {e}", dir.display()))?;
    let file = temp.as_file_mut();
    set_mode(file, mode)
        .and_then(|()| file.write_all(content))
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", temp.path().display()))?;
    temp.persist(path)
        .map(drop)
        .map_err(|e| format!("cannot move the new file into place: {}", e.error))
}

/// Puts the kept file back (`existed`), or removes the file the rotation made.
pub fn restore(path: &Path, existed: bool) -> Result<(), String> {
    let backup = backup_path(path);
    let done = if existed {
        // No backup: the replacement never happened (or was already undone).
        match fs::rename(&backup, path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    } else {
        match fs::remove_file(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    };
    done.map_err(|e| format!("cannot restore {}: {e}", path.display()))?;
    sync_dir(path);
    Ok(())
}

/// Forgets the kept file: the new one is final.
pub fn commit(path: &Path) -> Result<(), String> {
    match fs::remove_file(backup_path(path)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(format!(
            "cannot remove {}: {e}",
            backup_path(path).display()
        )),
        _ => {
            sync_dir(path);
            Ok(())
        }
    }
}

/// Makes a rename durable; a failure cannot undo it, so it is not reported.
fn sync_dir(path: &Path) {
    let _ = File::open(dir_of(path)).and_then(|dir| dir.sync_all());
}

#[cfg(unix)]
fn mode_of(meta: &fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

/// On Windows a file has no mode.
#[cfg(not(unix))]
fn mode_of(_meta: &fs::Metadata) -> u32 {
    0o600
}

#[cfg(unix)]
fn set_mode(file: &File, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(mode))
}

/// On Windows the file gets the access list its directory passes on.
#[cfg(not(unix))]
fn set_mode(_file: &File, _mode: u32) -> io::Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn a_symlink_is_replaced_not_followed_and_restored_as_itself() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        let link = dir.path().join("link");
        fs::write(&target, "old\n").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(replace(&link, false, |_| Ok(b"new\n".to_vec())).unwrap());
        assert!(fs::symlink_metadata(&link).unwrap().is_file());
        assert_eq!(fs::read_to_string(&link).unwrap(), "new\n");
        assert_eq!(fs::read_to_string(&target).unwrap(), "old\n");
        let mode = fs::metadata(&link).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        restore(&link, true).unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
        assert!(fs::symlink_metadata(backup_path(&link)).is_err());
    }

    #[test]
    fn a_new_file_is_removed_on_restore_and_a_backup_blocks_the_next_rotation() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        assert!(!replace(&path, false, |_| Ok(b"new\n".to_vec())).unwrap());
        restore(&path, false).unwrap();
        assert!(!path.exists());
        fs::write(&path, "old\n").unwrap();
        replace(&path, false, |_| Ok(b"new\n".to_vec())).unwrap();
        assert!(check(&path).unwrap_err().contains("rotate --resume"));
        commit(&path).unwrap();
        assert!(check(&path).is_ok());
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
    }
}
