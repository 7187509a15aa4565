//! Records as CSV: a header of the record's field names, then one line per record. Values are
//! taken from the record's JSON form, so both formats always agree: null is empty, a list is
//! space-separated (scopes), timestamps are RFC 3339.

use std::io::Write;

use serde_json::Value;

use crate::error::CliResult;
use crate::output::Record;

pub fn write<R: Record>(out: &mut impl Write, rows: &[R]) -> CliResult<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(R::FIELDS)?;
    for row in rows {
        let value = serde_json::to_value(row)?;
        writer.write_record(R::FIELDS.iter().map(|field| text(&value[*field])))?;
    }
    writer.flush()?;
    Ok(())
}

fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    }
}
