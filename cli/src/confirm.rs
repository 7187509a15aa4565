//! Confirmation of destructive commands: `--yes`, or a prompt when both stdin and stderr are
//! terminals; anything else (a script, CI, a pipe) is refused, since nobody could answer.

use std::io::IsTerminal;

use whylabs_api_keys::escape_controls;

use crate::error::{CliError, CliResult};

/// Whether to go ahead with `action` (such as "Revoke key fh4dUNV3WQ of user-123").
/// `Ok(false)` when the person at the terminal said no.
pub fn confirm(action: &str, yes: bool) -> CliResult<bool> {
    if yes {
        return Ok(true);
    }
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(CliError::usage(format!(
            "{action}: not confirmed, so nothing was changed. Not on a terminal, so no prompt \
             could be shown; pass --yes to confirm"
        )));
    }
    // The action names ids and aliases others chose: no raw control reaches the terminal.
    dialoguer::Confirm::new()
        .with_prompt(format!("{}?", escape_controls(action)))
        .default(false)
        .interact()
        .map_err(|e| CliError::failed(format!("cannot read the answer: {e}")))
}
