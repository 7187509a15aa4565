//! Where results go: [`Out`] prints records as a table for people or as JSON/CSV for scripts,
//! and human messages where they do not spoil a script's stdout. A closed stdout surfaces as
//! `BrokenPipe`, which `CliError` turns into a quiet exit 0.

mod csv;
mod json;
mod table;

use std::io::{self, IsTerminal, Write};

use chrono::{DateTime, Utc};
use clap::ValueEnum;
use comfy_table::{Cell, Color};
use serde::Serialize;

use crate::error::CliResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// A row type the commands print: its stable field names (the JSON keys and the CSV header,
/// in this order) and its table form.
pub trait Record: Serialize {
    const FIELDS: &'static [&'static str];
    const HEADER: &'static [&'static str];
    fn cells(&self, style: &Style) -> Vec<Cell>;
}

/// How a table looks: colors only on a terminal and without NO_COLOR; "now" for ages.
pub struct Style {
    pub color: bool,
    pub now: DateTime<Utc>,
}

impl Style {
    pub fn paint(&self, cell: Cell, color: Color) -> Cell {
        if self.color { cell.fg(color) } else { cell }
    }
}

pub struct Out {
    pub format: Format,
    color: bool,
    terminal: bool,
}

impl Out {
    pub fn new(format: Format) -> Self {
        let terminal = io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self {
            format,
            color: terminal && !no_color,
            terminal,
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
            Format::Table => table::write(&mut stdout, rows, &self.style(now), self.terminal)?,
            Format::Json => json::write(&mut stdout, rows)?,
            Format::Csv => csv::write(&mut stdout, rows)?,
        }
        stdout.flush()?;
        Ok(())
    }

    /// A line for people: on stdout with tables, on stderr when stdout carries JSON or CSV.
    pub fn say(&self, line: impl std::fmt::Display) -> CliResult<()> {
        if self.format == Format::Table {
            writeln!(io::stdout().lock(), "{line}")?;
        } else {
            note(line);
        }
        Ok(())
    }
}

/// A line on stderr (progress, notes, warnings); a closed stderr is ignored.
pub fn note(line: impl std::fmt::Display) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}
