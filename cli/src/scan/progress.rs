//! A long scan's progress on a terminal: files (or blobs), bytes and keys so far, on stderr,
//! cleared at the end. Off a terminal there is no bar and no cost: nothing extra is printed
//! where a script reads.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::scanned::Scanned;

/// The bar, when stderr is a terminal.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A spinner counting `unit`s (`files`, `blobs`), when stderr is a terminal.
    pub fn new() -> Self {
        if !std::io::stderr().is_terminal() {
            return Self(None);
        }
        let bar = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template("{spinner} scanning: {msg}") {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(120));
        Self(Some(bar))
    }

    /// Shows what `scanned` holds so far.
    pub fn update(&self, scanned: &Scanned) {
        if let Some(bar) = &self.0 {
            bar.set_message(format!(
                "{} read, {} bytes, {} key(s) so far",
                scanned.files,
                scanned.bytes,
                scanned.hits.len()
            ));
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
