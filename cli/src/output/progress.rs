//! [`bar`]: a progress bar on stderr when it is a terminal, hidden otherwise (scripts and
//! logs get the summary lines alone).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// A bar of `len` steps, `{pos}/{len} {done}`, e.g. `done` = "revoked".
pub fn bar(len: usize, done: &str) -> ProgressBar {
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new(len as u64)
    } else {
        ProgressBar::hidden()
    };
    let template = format!("{{bar:40}} {{pos}}/{{len}} {done} {{msg}}");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar
}
