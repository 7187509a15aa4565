//! `--api-key-file`: the key is the file's first non-blank line (a UTF-8 BOM, a CR and
//! surrounding blanks removed); `-` reads it from stdin. On unix, a file other users may read
//! is reported, since whoever reads it holds the key (elsewhere nothing is checked).

use std::io::Read;
use std::path::Path;

use whylabs_api_keys::{ApiKeySecret, escape_controls};

use crate::error::{CliError, CliResult};
use crate::output::note;

/// The key in `path` (or stdin for `-`). `what` names the setting in messages, such as
/// `--api-key-file` or `profile prod's api_key_file`.
pub fn read(path: &Path, what: &str) -> CliResult<ApiKeySecret> {
    let shown = escape_controls(&path.to_string_lossy()).into_owned();
    let bytes = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| {
            CliError::usage(format!(
                "cannot read the API key from stdin ({what} -): {e}"
            ))
        })?;
        bytes
    } else {
        warn_if_shared(path, &shown);
        std::fs::read(path)
            .map_err(|e| CliError::usage(format!("cannot read {what} {shown}: {e}")))?
    };
    let text = String::from_utf8(bytes)
        .map_err(|_| CliError::usage(format!("{what} {shown} is not UTF-8 text")))?;
    let (line, key) = first_key_line(&text)
        .ok_or_else(|| CliError::usage(format!("{what} {shown} is empty (no non-blank line)")))?;
    if line > 1 {
        note(format!(
            "whylabs-keys: {what} {shown}: using line {line}, the first non-blank one"
        ));
    }
    Ok(ApiKeySecret::from(key))
}

/// The first non-blank line and its 1-based number, without a leading BOM or surrounding
/// blanks (a CR of a Windows line end included).
fn first_key_line(text: &str) -> Option<(usize, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split('\n')
        .map(str::trim)
        .enumerate()
        .find(|(_, line)| !line.is_empty())
        .map(|(index, line)| (index + 1, line))
}

/// A warning on stderr when the group or others may read the file (its read bits; other
/// bits do not expose the key).
#[cfg(unix)]
fn warn_if_shared(path: &Path, shown: &str) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = std::fs::metadata(path) else {
        return; // the read that follows says why
    };
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o044 != 0 {
        note(format!(
            "whylabs-keys: warning: the API key file {shown} may be read by other users \
             (mode {mode:03o}); restrict it with: chmod 600 {}",
            crate::shell::quote(&path.to_string_lossy())
        ));
    }
}

/// On Windows a file has no read bits but an access list, which this tool does not read:
/// no warning is given there, whoever may read the file.
#[cfg(not(unix))]
fn warn_if_shared(_path: &Path, _shown: &str) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_the_first_non_blank_line_without_bom_or_cr() {
        assert_eq!(first_key_line("\u{feff}abc.def\r\n"), Some((1, "abc.def")));
        assert_eq!(
            first_key_line("\r\n \n\tabc.def\r\nnext\n"),
            Some((3, "abc.def"))
        );
        assert_eq!(first_key_line("\u{feff}\r\n  \n"), None);
        assert_eq!(first_key_line(""), None);
    }
}
