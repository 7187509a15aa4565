//! What `scan` reads: paths and stdin, a repository's history (`--git`) or its index
//! (`--staged`); and the roots where a default baseline file may sit.

use std::path::{Path, PathBuf};

use crate::args::ScanArgs;
use crate::error::{CliError, CliResult};
use crate::scan::{Scanned, history, scan, staged};

/// A scan's result, what it counts (`file` or `blob`), and its roots.
pub struct Source {
    pub scanned: Scanned,
    pub unit: &'static str,
    pub roots: Vec<PathBuf>,
}

pub fn read(args: &ScanArgs) -> CliResult<Source> {
    // clap's `requires` does not hold once PATHs are given, so it is checked here.
    if args.since_commit.is_some() && args.git.is_none() {
        return Err(CliError::usage("--since-commit needs --git"));
    }
    let from_git = |scanned: std::io::Result<Scanned>, repo: &Path| {
        let scanned = scanned.map_err(|e| CliError::usage(format!("cannot scan git: {e}")))?;
        Ok(Source {
            scanned,
            unit: "blob",
            roots: vec![repo.to_path_buf()],
        })
    };
    if let Some(repo) = &args.git {
        return from_git(history(repo, args.since_commit.as_deref()), repo);
    }
    if args.staged {
        return from_git(staged(Path::new(".")), Path::new("."));
    }
    let mut roots: Vec<PathBuf> = args.paths.iter().filter(|p| p.is_dir()).cloned().collect();
    if roots.is_empty() {
        roots.push(PathBuf::from("."));
    }
    Ok(Source {
        scanned: scan(&args.paths, args.no_ignore),
        unit: "file",
        roots,
    })
}
