//! Records as a table for people (comfy-table): no borders, as `kubectl get` prints them,
//! wrapped to the terminal's width on a terminal.

use std::io::Write;

use comfy_table::{Cell, ContentArrangement, Table, presets};

use crate::error::CliResult;
use crate::output::{Record, Style};

/// Narrower than this, wrapping would break every cell into a column of letters.
const MIN_WRAP_WIDTH: u16 = 60;

pub fn write<R: Record>(
    out: &mut impl Write,
    rows: &[R],
    style: &Style,
    terminal: bool,
) -> CliResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    // A terminal that reports no usable width (a bare pseudo-terminal) gets no wrapping.
    if terminal && table.width().is_some_and(|width| width >= MIN_WRAP_WIDTH) {
        table.set_content_arrangement(ContentArrangement::Dynamic);
    } else if !terminal {
        // Off a terminal nothing is wrapped, so every row stays on one line for grep.
        table.force_no_tty();
    }
    let header: Vec<Cell> = R::HEADER
        .iter()
        .map(|title| {
            let cell = Cell::new(title);
            if style.color {
                cell.add_attribute(comfy_table::Attribute::Bold)
            } else {
                cell
            }
        })
        .collect();
    table.set_header(header);
    for row in rows {
        table.add_row(row.cells(style));
    }
    for line in table.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
