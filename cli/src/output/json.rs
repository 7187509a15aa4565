//! Records as one pretty-printed JSON array (timestamps RFC 3339 UTC, absent values null).

use std::io::Write;

use crate::error::CliResult;
use crate::output::record::Record;

pub fn write<R: Record>(out: &mut impl Write, rows: &[R]) -> CliResult<()> {
    serde_json::to_writer_pretty(&mut *out, rows)?;
    writeln!(out)?;
    Ok(())
}
