//! `scan -o sarif`: SARIF 2.1.0 for code scanning (GitHub's `upload-sarif`). One rule per
//! verdict, so a platform can filter or gate on `active`; each result's `partialFingerprints`
//! is the key's fingerprint (a SHA-256, never the key), so one key stays one alert across
//! lines and commits; a history finding names its commit in the result's properties. What
//! the run warns about (stale or expired baseline entries) goes in the invocation's
//! notifications. tests/cli/scan_sarif.rs validates every shape against the official schema.

use std::io::Write;

use serde_json::{Value, json};

use crate::error::CliResult;
use crate::scan::Verdict;

use super::found::Found;

/// The verdicts in rule order: a result's `ruleIndex` is its verdict's place here.
const VERDICTS: [Verdict; 3] = [Verdict::Active, Verdict::Unknown, Verdict::Inactive];

/// Writes `rows` as one SARIF log, with `warnings` as the run's notifications.
pub fn write(out: &mut impl Write, rows: &[Found], warnings: &[String]) -> CliResult<()> {
    let mut invocation = json!({ "executionSuccessful": true });
    if !warnings.is_empty() {
        let notes: Vec<Value> = warnings
            .iter()
            .map(|text| json!({ "level": "warning", "message": { "text": text } }))
            .collect();
        invocation["toolExecutionNotifications"] = Value::Array(notes);
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "whylabs-keys",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/whylabs/whylabs-api-keys",
                "rules": VERDICTS.map(rule),
            }},
            "invocations": [invocation],
            "results": rows.iter().map(result).collect::<Vec<_>>(),
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)?;
    Ok(())
}

/// The rule of one verdict: its id, level and advice.
fn rule(verdict: Verdict) -> Value {
    let (name, level, severity, what) = describe(verdict);
    json!({
        "id": rule_id(verdict),
        "name": name,
        "shortDescription": { "text": format!("A WhyLabs API key found in the code is {}", verdict.as_str()) },
        "fullDescription": { "text": what },
        "help": { "text": what },
        "defaultConfiguration": { "level": level },
        "properties": { "tags": ["security", "secret"], "security-severity": severity },
    })
}

fn rule_id(verdict: Verdict) -> String {
    format!("whylabs-key/{}", verdict.as_str())
}

/// Name, SARIF level, GitHub security severity and advice of a verdict's rule.
fn describe(verdict: Verdict) -> (&'static str, &'static str, &'static str, &'static str) {
    match verdict {
        Verdict::Active => (
            "ActiveWhyLabsKey",
            "error",
            "9.1",
            "The server has this key active: anyone with the code can use it. Revoke it \
             (whylabs-keys scan --revoke, or revoke KEY_ID) and remove it from the code.",
        ),
        Verdict::Unknown => (
            "UnverifiedWhyLabsKey",
            "error",
            "7.5",
            "The key could not be checked (no API key, a network error, a rate limit): treat \
             it as live until a lookup or --verify says otherwise.",
        ),
        Verdict::Inactive => (
            "InactiveWhyLabsKey",
            "note",
            "2.0",
            "The server says this key is revoked, expired or unknown: it no longer works, but \
             it should not stay in the code.",
        ),
    }
}

fn result(row: &Found) -> Value {
    let index = VERDICTS.iter().position(|v| *v == row.status).unwrap_or(0);
    let (_, level, _, _) = describe(row.status);
    let org = row
        .org_id
        .as_deref()
        .map(|org| format!(" of {org}"))
        .unwrap_or_default();
    let at = row
        .commit
        .as_deref()
        .map(|commit| format!(" (added in commit {commit})"))
        .unwrap_or_default();
    let mut properties = json!({ "keyId": row.key_id, "status": row.status.as_str() });
    for (name, value) in [
        ("orgId", &row.org_id),
        ("commit", &row.commit),
        ("error", &row.error),
    ] {
        if let Some(value) = value {
            properties[name] = json!(value);
        }
    }
    json!({
        "ruleId": rule_id(row.status),
        "ruleIndex": index,
        "level": level,
        "message": { "text": format!(
            "WhyLabs API key {}{org} is {}{at}", row.key_id, row.status.as_str()
        )},
        "locations": [{ "physicalLocation": {
            "artifactLocation": { "uri": uri(&row.path) },
            "region": { "startLine": row.line.max(1) },
        }}],
        "partialFingerprints": { "whylabsKeySha256/v1": row.fingerprint },
        "properties": properties,
    })
}

/// A path as a relative URI reference: `/` separators, no leading `./`, every byte but
/// unreserved characters and `/` percent-encoded.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.trim_start_matches("./");
    path.bytes().fold(String::new(), |mut uri, byte| {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
        uri
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_relative_uri_references() {
        assert_eq!(uri("./src/a b.env"), "src/a%20b.env");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(uri("dir\\x%.txt"), "dir/x%25.txt");
    }
}
