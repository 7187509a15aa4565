//! Scanning a git repository: its history (`--git`: every blob any ref reaches, or only those
//! of commits after `--since-commit`) and its index (`--staged`). Which blobs there are, and
//! where each was added, comes from one `git log --raw` (or `git diff --cached --raw`); the
//! contents come from one `git cat-file --batch`, which reads each distinct blob once,
//! however many paths and commits hold it. A key is reported once per path it was ever at,
//! with the oldest commit that added a blob holding it there.

use std::collections::{HashMap, HashSet};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::matcher::find_keys;
use super::progress::Progress;
use super::scanned::{Hit, Scanned};

/// Where a blob was added: its path and, for history, the first commit that added it there
/// and that commit's place in the log (oldest first).
type Place = (PathBuf, Option<String>, usize);

/// The distinct blobs, in the order first met, each with the places it was added at.
#[derive(Default)]
struct Blobs {
    order: Vec<String>,
    places: HashMap<String, Vec<Place>>,
}

impl Blobs {
    fn add(&mut self, blob: &str, path: PathBuf, commit: Option<&str>, seq: usize) {
        let places = self.places.entry(blob.to_string()).or_insert_with(|| {
            self.order.push(blob.to_string());
            Vec::new()
        });
        // The first commit wins: `git log --reverse` lists the oldest first.
        if !places.iter().any(|(p, _, _)| *p == path) {
            places.push((path, commit.map(str::to_string), seq));
        }
    }
}

/// Scans the history of `repo`: every blob added by a commit any ref reaches, not reachable
/// from `since` when given.
pub fn history(repo: &Path, since: Option<&str>) -> io::Result<Scanned> {
    let mut args = vec![
        "log",
        "--all",
        "--topo-order",
        "--reverse",
        "--format=%x00%H",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        // A merge's own changes (a conflict resolved) are blobs no parent added.
        "--diff-merges=first-parent",
        "-z",
    ];
    let exclude = since.map(|rev| format!("^{rev}"));
    args.extend(exclude.as_deref());
    let listing = git(repo, &args)?;
    scan_blobs(repo, parse_raw(&listing, true))
}

/// Scans what is staged in the index of the repository at `repo`: the blobs added or changed
/// against HEAD (all of them before the first commit).
pub fn staged(repo: &Path) -> io::Result<Scanned> {
    let args = [
        "diff",
        "--cached",
        "--raw",
        "-z",
        "--no-abbrev",
        "--no-renames",
        "--diff-filter=ACMRT",
    ];
    let listing = git(repo, &args)?;
    scan_blobs(repo, parse_raw(&listing, false))
}

/// The output of `git -C repo args...`; a failure carries git's own message.
fn git(repo: &Path, args: &[&str]) -> io::Result<Vec<u8>> {
    let output = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(io::Error::other(format!(
            "git {}: {}",
            args[0],
            stderr.trim()
        )));
    }
    Ok(output.stdout)
}

/// The blobs of `--raw -z` output: `:mode mode old new status` records, each followed by its
/// path; with `commits`, each commit's records follow its id (`%x00%H`).
fn parse_raw(listing: &[u8], commits: bool) -> Blobs {
    let mut blobs = Blobs::default();
    let (mut commit, mut seq): (Option<String>, usize) = (None, 0);
    let mut fields = listing.split(|b| *b == 0);
    while let Some(field) = fields.next() {
        let field = field.strip_prefix(b"\n").unwrap_or(field);
        if let Some(meta) = field.strip_prefix(b":") {
            let path = fields.next().unwrap_or_default();
            if let Some(blob) = added_blob(meta) {
                blobs.add(&blob, path_of(path), commit.as_deref(), seq);
            }
        } else if commits && !field.is_empty() {
            commit = Some(String::from_utf8_lossy(field).into_owned());
            seq += 1;
        }
    }
    blobs
}

/// The new blob of a raw record, unless it deletes, or is a submodule (mode 160000).
fn added_blob(meta: &[u8]) -> Option<String> {
    let meta = String::from_utf8_lossy(meta);
    let parts: Vec<&str> = meta.split(' ').collect();
    let [_, mode, _, new, status] = parts.as_slice() else {
        return None;
    };
    let deleted = status.starts_with('D') || new.bytes().all(|b| b == b'0');
    (!deleted && *mode != "160000").then(|| new.to_string())
}

#[cfg(unix)]
fn path_of(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_of(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// Reads each blob once through `git cat-file --batch` and reports its keys at every place.
fn scan_blobs(repo: &Path, blobs: Blobs) -> io::Result<Scanned> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let ids = blobs.order.join("\n") + "\n";
    // Written from a thread: git answers while it reads, and both pipes have bounded buffers.
    let writer = std::thread::spawn(move || stdin.write_all(ids.as_bytes()));
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut reader = BufReader::with_capacity(1 << 20, stdout);
    let mut scanned = Scanned::default();
    let mut buf = Vec::new();
    let progress = Progress::new();
    let mut placed = Vec::new();
    for blob in &blobs.order {
        progress.update(&scanned);
        let places = &blobs.places[blob];
        let Some(size) = header(&mut reader, blob)? else {
            let (path, _, _) = &places[0];
            scanned
                .unreadable
                .push(format!("{}: blob {blob} is missing", path.display()));
            continue;
        };
        let (found, bytes) = find_keys(&mut (&mut reader).take(size), &mut buf)?;
        reader.read_exact(&mut [0u8])?;
        scanned.files += 1;
        scanned.bytes += bytes;
        for (path, commit, seq) in places {
            let hits = found.iter().cloned();
            placed.extend(hits.map(|f| (*seq, Hit::new(path, commit.as_deref(), f))));
        }
    }
    progress.finish();
    scanned.hits = first_at_each_path(placed);
    drop(reader);
    writer
        .join()
        .map_err(|_| io::Error::other("git cat-file input"))??;
    child.wait()?;
    Ok(scanned)
}

/// Each key once per path, where the oldest commit put it: every later version of a file
/// that still holds the key is the same leak.
fn first_at_each_path(mut placed: Vec<(usize, Hit)>) -> Vec<Hit> {
    placed.sort_by_key(|(seq, _)| *seq);
    let mut seen = HashSet::new();
    let mut hits: Vec<Hit> = placed
        .into_iter()
        .filter(|(_, hit)| seen.insert((hit.path.clone(), hit.fingerprint.clone())))
        .map(|(_, hit)| hit)
        .collect();
    hits.sort_by(|a, b| (&a.path, a.line, &a.commit).cmp(&(&b.path, b.line, &b.commit)));
    hits
}

/// The size in `<id> blob <size>`; `None` for `<id> missing`.
fn header(reader: &mut impl BufRead, blob: &str) -> io::Result<Option<u64>> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let parts: Vec<&str> = line.trim_end().split(' ').collect();
    match parts.as_slice() {
        [id, "blob", size] if *id == blob => size
            .parse()
            .map(Some)
            .map_err(|_| io::Error::other(format!("git cat-file: bad header {line:?}"))),
        [_, "missing"] => Ok(None),
        _ => Err(io::Error::other(format!(
            "git cat-file: unexpected {line:?}"
        ))),
    }
}
