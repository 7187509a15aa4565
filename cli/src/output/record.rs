//! [`Record`]: a row type the commands print, and [`Style`], how a table of them looks.

use chrono::{DateTime, Utc};
use comfy_table::{Cell, Color};
use serde::Serialize;

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
