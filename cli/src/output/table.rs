//! Records as a table for people (comfy-table): no borders, as `kubectl get` prints them,
//! wrapped to the terminal's width on a terminal. Every cell is escaped here, so that no
//! command can forget it: a newline in an alias would otherwise forge a row.

use std::io::Write;

use comfy_table::{Cell, ContentArrangement, Table, presets};
use whylabs_api_keys::escape_controls;

use crate::error::CliResult;
use crate::output::record::{Record, Style};

/// Narrower than this, wrapping would break every cell into a column of letters.
const MIN_WRAP_WIDTH: u16 = 60;

/// Where the table goes and whether it has its header line (`--no-headers`).
#[derive(Clone, Copy)]
pub struct Layout {
    pub terminal: bool,
    pub headers: bool,
}

pub fn write<R: Record>(
    out: &mut impl Write,
    rows: &[R],
    style: &Style,
    layout: Layout,
) -> CliResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    // A terminal that reports no usable width (a bare pseudo-terminal) gets no wrapping.
    if layout.terminal && table.width().is_some_and(|width| width >= MIN_WRAP_WIDTH) {
        table.set_content_arrangement(ContentArrangement::Dynamic);
    } else if !layout.terminal {
        // Off a terminal nothing is wrapped, so every row stays on one line for grep.
        table.force_no_tty();
    }
    if layout.headers {
        table.set_header(R::HEADER.iter().map(|title| header(title, style)));
    }
    for row in rows {
        table.add_row(row.cells(style).into_iter().map(escaped));
    }
    for line in table.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn header(title: &str, style: &Style) -> Cell {
    let cell = Cell::new(title);
    if style.color {
        cell.add_attribute(comfy_table::Attribute::Bold)
    } else {
        cell
    }
}

/// `cell` with its control and bidi characters escaped. comfy-table keeps a cell's color
/// private, so a cell that needs escaping is rebuilt plain: such text is someone else's (an
/// alias, a file name), never one of the colored status words.
fn escaped(cell: Cell) -> Cell {
    let content = cell.content();
    match escape_controls(&content) {
        std::borrow::Cow::Borrowed(_) => cell,
        std::borrow::Cow::Owned(safe) => Cell::new(safe),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_with_a_newline_or_escape_stays_on_one_visible_line() {
        let cell = escaped(Cell::new("a\nb\u{1b}[2J\u{202e}"));
        assert_eq!(cell.content(), "a\\nb\\u{1b}[2J\\u{202e}");
        assert_eq!(escaped(Cell::new("plain")).content(), "plain");
    }
}
