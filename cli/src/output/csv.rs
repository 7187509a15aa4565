//! Records as CSV: a header of the record's field names, then one line per record. Values are
//! taken from the record's JSON form, so both formats always agree: null is empty, a list is
//! space-separated (scopes), timestamps are RFC 3339.
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
//! as a formula (CSV injection), and aliases and user ids are chosen by others; such a cell
//! gets a leading `'`, as OWASP advises, which spreadsheets show as text.

use std::io::Write;

use serde_json::Value;

use crate::error::CliResult;
use crate::output::record::Record;

/// The first characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

pub fn write<R: Record>(out: &mut impl Write, rows: &[R], headers: bool) -> CliResult<()> {
    let mut writer = csv::Writer::from_writer(out);
    if headers {
        writer.write_record(R::FIELDS)?;
    }
    for row in rows {
        let value = serde_json::to_value(row)?;
        writer.write_record(R::FIELDS.iter().map(|field| cell(&value[*field])))?;
    }
    writer.flush()?;
    Ok(())
}

fn cell(value: &Value) -> String {
    let text = text(value);
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_cell_a_spreadsheet_would_run_gets_a_leading_quote() {
        for formula in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(cell(&json!(formula)), format!("'{formula}"));
        }
        assert_eq!(cell(&json!("nightly=1")), "nightly=1");
        assert_eq!(cell(&json!(null)), "");
        assert_eq!(cell(&json!([":user", ":write_data"])), ":user :write_data");
    }
}
