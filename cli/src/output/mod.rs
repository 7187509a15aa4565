//! Where results go: [`Out`] prints records as a table for people or as JSON/CSV for scripts,
//! and human messages where they do not spoil a script's stdout. A closed stdout surfaces as
//! `BrokenPipe`, which `CliError` turns into a quiet exit 0.
//!
//! Everything for people passes [`escape_controls`] here, once for every command: aliases, user
//! ids and file names are chosen by others, and a raw ESC, BEL, CR, LF or bidi override would
//! reach the terminal (clear it, forge a row, reorder text). JSON is exact (serde escapes
//! controls); CSV cells are guarded against spreadsheet formulas instead (see `csv`).

mod csv;
mod json;
pub mod progress;
mod record;
mod table;

use std::io::{self, IsTerminal, Write};

use chrono::{DateTime, Utc};
use clap::ValueEnum;
use whylabs_api_keys::escape_controls;

use crate::error::CliResult;

pub use record::{Record, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    /// SARIF 2.1.0, `scan` only: the command writes it ([`Format::only_for`]).
    Sarif,
    /// JUnit XML, `audit` only: the command writes it.
    Junit,
}

impl Format {
    /// The one command that writes this format, for those only one writes.
    pub fn only_for(self) -> Option<&'static str> {
        match self {
            Format::Sarif => Some("scan"),
            Format::Junit => Some("audit"),
            Format::Table | Format::Json | Format::Csv => None,
        }
    }
}

#[derive(Clone)]
pub struct Out {
    pub format: Format,
    color: bool,
    terminal: bool,
    headers: bool,
}

impl Out {
    pub fn new(format: Format) -> Self {
        let terminal = io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self {
            format,
            color: terminal && !no_color,
            terminal,
            headers: true,
        }
    }

    /// The same output without the table's header line and the CSV header (`--no-headers`).
    pub fn without_headers(&self) -> Self {
        Self {
            headers: false,
            ..self.clone()
        }
    }

    pub fn style(&self, now: DateTime<Utc>) -> Style {
        Style {
            color: self.color,
            now,
        }
    }

    /// Prints `rows` in the chosen format.
    pub fn records<R: Record>(&self, rows: &[R], now: DateTime<Utc>) -> CliResult<()> {
        let mut stdout = io::stdout().lock();
        match self.format {
            Format::Table => {
                let layout = table::Layout {
                    terminal: self.terminal,
                    headers: self.headers,
                };
                table::write(&mut stdout, rows, &self.style(now), layout)?
            }
            Format::Json => json::write(&mut stdout, rows)?,
            Format::Csv => csv::write(&mut stdout, rows, self.headers)?,
            // `commands::run` refuses these formats for every command but the one that
            // writes them itself.
            Format::Sarif | Format::Junit => json::write(&mut stdout, rows)?,
        }
        stdout.flush()?;
        Ok(())
    }

    /// One value per line on stdout, whatever the format (`list -q`, for `xargs`), escaped
    /// as every line for people is.
    pub fn values<'a>(&self, values: impl IntoIterator<Item = &'a str>) -> CliResult<()> {
        let mut stdout = io::stdout().lock();
        for value in values {
            writeln!(stdout, "{}", escape_controls(value))?;
        }
        stdout.flush()?;
        Ok(())
    }

    /// A line for people: on stdout with tables, on stderr when stdout carries JSON or CSV.
    /// It stays one line: a newline in it is shown as `\n` (call `say` once per line).
    pub fn say(&self, line: impl std::fmt::Display) -> CliResult<()> {
        if self.format == Format::Table {
            writeln!(
                io::stdout().lock(),
                "{}",
                escape_controls(&line.to_string())
            )?;
        } else {
            note(line);
        }
        Ok(())
    }
}

/// A line on stderr (progress, notes, warnings), escaped as [`Out::say`] escapes; a closed
/// stderr is ignored.
pub fn note(line: impl std::fmt::Display) {
    let _ = writeln!(
        io::stderr().lock(),
        "{}",
        escape_controls(&line.to_string())
    );
}
