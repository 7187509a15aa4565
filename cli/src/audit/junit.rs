//! `audit -o junit`: the audit as a JUnit XML test report for CI (GitLab, Jenkins, GitHub
//! test reporters). One test suite per organization, one test case per key and rule (the
//! class is `ORG.KEY_ID`), and one per organization for `near-key-limit`; a finding at or
//! above `--fail-on` is a failure, one below it passes with its message as output, and a
//! rule the API could not check (v1 lacks the data) is skipped.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use super::rules::{is_expired, key_rules};
use super::{Finding, Policy};
use crate::records::KeyRecord;

/// What the report covers: the keys and organizations audited, the findings, and the rules
/// that could not be checked.
pub struct Audit<'a> {
    pub keys: &'a [KeyRecord],
    pub orgs: &'a [&'a str],
    pub findings: &'a [Finding],
    pub not_checked: &'a [&'static str],
    pub policy: &'a Policy,
    pub now: DateTime<Utc>,
}

/// The report as XML text.
pub fn render(audit: &Audit) -> String {
    let mut suites = String::new();
    let (mut tests, mut failures) = (0, 0);
    for org in audit.orgs {
        let mut cases = String::new();
        let (mut org_tests, mut org_failures) = (0, 0);
        let mut case = |class: &str, key_id: Option<&str>, rule: &str| {
            let (body, failed) = outcome(audit, org, key_id, rule);
            org_tests += 1;
            org_failures += usize::from(failed);
            let _ = writeln!(
                cases,
                "    <testcase classname=\"{}\" name=\"{}\">{body}</testcase>",
                escape(class),
                escape(rule)
            );
        };
        for key in audit.keys.iter().filter(|k| k.org_id == *org) {
            let class = format!("{org}.{}", key.key_id);
            for rule in key_rules(is_expired(key, audit.now)) {
                if audit.policy.enabled(rule) {
                    case(&class, Some(&key.key_id), rule);
                }
            }
        }
        // A rotation left pending is a case of its own (its key may be listed or not).
        let pending = audit
            .findings
            .iter()
            .filter(|f| f.org_id == *org && f.rule == "rotation-pending");
        for finding in pending {
            let key_id = finding.key_id.as_deref().unwrap_or("-");
            case(
                &format!("{org}.{key_id}"),
                finding.key_id.as_deref(),
                "rotation-pending",
            );
        }
        if audit.policy.enabled("near-key-limit") {
            case(org, None, "near-key-limit");
        }
        tests += org_tests;
        failures += org_failures;
        let _ = writeln!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{org_tests}\" failures=\"{org_failures}\">\n{cases}  </testsuite>",
            escape(org)
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"whylabs-keys audit\" \
         tests=\"{tests}\" failures=\"{failures}\">\n{suites}</testsuites>\n"
    )
}

/// A test case's body and whether it failed.
fn outcome(audit: &Audit, org: &str, key_id: Option<&str>, rule: &str) -> (String, bool) {
    let finding = audit
        .findings
        .iter()
        .find(|f| f.org_id == org && f.key_id.as_deref() == key_id && f.rule == rule);
    match finding {
        Some(f) if f.severity >= audit.policy.fail_on => {
            let message = escape(&f.message);
            let kind = f.severity.as_str();
            (
                format!("<failure type=\"{kind}\" message=\"{message}\">{message}</failure>"),
                true,
            )
        }
        Some(f) => (
            format!(
                "<system-out>{}: {}</system-out>",
                f.severity.as_str(),
                escape(&f.message)
            ),
            false,
        ),
        None if audit.not_checked.contains(&rule) => (
            "<skipped message=\"the API used does not report what this rule needs\"/>".into(),
            false,
        ),
        None => (String::new(), false),
    }
}

/// Text safe in XML 1.0 content and attributes: markup characters as entities, and control
/// characters XML cannot hold as U+FFFD.
fn escape(text: &str) -> String {
    text.chars().fold(String::new(), |mut out, c| {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(
            escape("a<b & \"c\"\u{1b}"),
            "a&lt;b &amp; &quot;c&quot;\u{fffd}"
        );
    }
}
