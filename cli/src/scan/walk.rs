//! Reading what `scan` was given: stdin for `-`, and files and directories walked in
//! parallel by `ignore` (respecting .gitignore and hidden files unless `--no-ignore`, never
//! descending into `.git/`). What could not be read is listed, and what the filters left out
//! is counted, so a scan never looks cleaner than it was.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use ignore::{DirEntry, WalkBuilder, WalkState};

use super::matcher::find_keys;
use super::progress::Progress;
use super::scanned::{Hit, Scanned};

/// Binary files (a NUL in their first 8 KiB) larger than this are skipped and counted:
/// images, archives and databases, where a key would not be readable anyway.
pub const BINARY_LIMIT: u64 = 8 << 20;

/// What `-` reads, and how its hits are named.
const STDIN: &str = "<stdin>";

/// Scans `paths` (`-` is stdin), `.gitignore` and hidden files respected unless `no_ignore`.
pub fn scan(paths: &[PathBuf], no_ignore: bool) -> Scanned {
    let (stdin, paths): (Vec<&PathBuf>, Vec<&PathBuf>) =
        paths.iter().partition(|p| p.as_os_str() == "-");
    let mut scanned = Scanned::default();
    if !stdin.is_empty() {
        let source = Path::new(STDIN);
        let outcome = read(&mut std::io::stdin().lock(), source, &mut Vec::new());
        scanned.add(source, outcome);
    }
    let (visited, met) = walk(&paths, no_ignore, &mut scanned);
    if !no_ignore {
        count_skipped(&visited, met, &mut scanned);
    }
    scanned
        .hits
        .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    scanned.unreadable.sort();
    scanned
}

/// What the parallel walk collects: the scan, its progress, the directories walked and the
/// non-directory entries met inside them.
struct Walked {
    scanned: Scanned,
    progress: Progress,
    visited: HashSet<PathBuf>,
    entries: u64,
}

/// Walks `paths` into `scanned`; returns the directories walked and how many other
/// entries the walk met inside them.
fn walk(paths: &[&PathBuf], no_ignore: bool, scanned: &mut Scanned) -> (HashSet<PathBuf>, u64) {
    let Some((first, rest)) = paths.split_first() else {
        return (HashSet::new(), 0);
    };
    let mut builder = WalkBuilder::new(first);
    for path in rest {
        builder.add(path);
    }
    builder
        .standard_filters(!no_ignore)
        // A repository's .gitignore counts even outside a git checkout (an unpacked archive).
        .require_git(false)
        .filter_entry(|entry| !is_git_dir(entry));
    let walked = Mutex::new(Walked {
        scanned: std::mem::take(scanned),
        progress: Progress::new(),
        visited: HashSet::new(),
        entries: 0,
    });
    builder.build_parallel().run(|| {
        let walked = &walked;
        let mut buf = Vec::new();
        Box::new(move |entry| {
            visit(entry, &mut buf, walked);
            WalkState::Continue
        })
    });
    let walked = walked.into_inner().unwrap_or_else(PoisonError::into_inner);
    walked.progress.finish();
    *scanned = walked.scanned;
    (walked.visited, walked.entries)
}

fn visit(entry: Result<DirEntry, ignore::Error>, buf: &mut Vec<u8>, walked: &Mutex<Walked>) {
    let lock = || walked.lock().unwrap_or_else(PoisonError::into_inner);
    let entry = match entry {
        Ok(entry) => entry,
        // An ignore file with a bad pattern: the files are still scanned.
        Err(error) if error.is_partial() => return lock().scanned.warnings.push(error.to_string()),
        Err(error) => return lock().scanned.unreadable.push(error.to_string()),
    };
    let kind = entry.file_type();
    if kind.is_some_and(|t| t.is_dir()) {
        lock().visited.insert(entry.into_path());
        return;
    }
    // A path given by name is read whatever it is (a FIFO from `<(git diff)`); inside a
    // directory only regular files are (symbolic links are not followed).
    let named = entry.depth() == 0;
    let outcome = (named || kind.is_some_and(|t| t.is_file()))
        .then(|| open(entry.path(), named))
        .map(|file| {
            file.and_then(|file| {
                file.map(|mut f| read(&mut f, entry.path(), buf))
                    .transpose()
            })
        });
    let mut walked = lock();
    if !named {
        walked.entries += 1;
    }
    match outcome {
        Some(Ok(None)) => walked.scanned.skipped_binary += 1,
        Some(Ok(Some(read))) => walked.scanned.add(entry.path(), Ok(read)),
        Some(Err(error)) => walked.scanned.add(entry.path(), Err(error)),
        None => {}
    }
    let walked = &*walked;
    walked.progress.update(&walked.scanned);
}

/// A file to read, or `None` for a binary file over [`BINARY_LIMIT`] found in a directory
/// (one given by name is read whatever it is): its first bytes hold a NUL.
fn open(path: &Path, named: bool) -> std::io::Result<Option<impl Read>> {
    let mut file = std::fs::File::open(path)?;
    let mut head = Vec::new();
    if !named && file.metadata()?.len() > BINARY_LIMIT {
        (&mut file).take(8192).read_to_end(&mut head)?;
        if memchr::memchr(0, &head).is_some() {
            return Ok(None);
        }
    }
    Ok(Some(std::io::Cursor::new(head).chain(file)))
}

fn is_git_dir(entry: &DirEntry) -> bool {
    entry.file_name() == ".git" && entry.file_type().is_some_and(|t| t.is_dir())
}

fn read(
    reader: &mut impl Read,
    path: &Path,
    buf: &mut Vec<u8>,
) -> std::io::Result<(Vec<Hit>, u64)> {
    let (found, bytes) = find_keys(reader, buf)?;
    let hits = found.into_iter().map(|f| Hit::new(path, None, f)).collect();
    Ok((hits, bytes))
}

/// Counts what the filters left out of the directories walked: their entries the walk did
/// not meet. `.git/` is left out always, so it is not counted.
fn count_skipped(visited: &HashSet<PathBuf>, met: u64, scanned: &mut Scanned) {
    let (mut entries, mut dirs) = (0u64, 0u64);
    for dir in visited {
        let Ok(listing) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in listing.flatten() {
            if !entry.file_type().is_ok_and(|t| t.is_dir()) {
                entries += 1;
            } else if entry.file_name() != ".git" && !visited.contains(&entry.path()) {
                dirs += 1;
            }
        }
    }
    scanned.skipped_files = entries.saturating_sub(met);
    scanned.skipped_dirs = dirs;
}
