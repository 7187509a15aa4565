//! `audit`: the active keys of one or more organizations against the policy; exit 1 when a
//! finding reaches `--fail-on`, so it can gate CI.

use crate::api::Session;
use crate::args::AuditArgs;
use crate::audit::rules::{NotChecked, evaluate};
use crate::audit::{Finding, Policy};
use crate::commands::list;
use crate::error::{CliResult, Status};
use crate::human;
use crate::output::Out;
use crate::records::KeyRecord;

pub async fn run(args: &AuditArgs, session: &Session, out: &Out) -> CliResult<Status> {
    let policy = Policy::from_args(args)?;
    let keys = list::fetch(None, session).await?;
    let now = args.as_of.unwrap_or_else(|| session.clock.now());
    let mut orgs: Vec<&str> = keys.iter().map(|k| k.org_id.as_str()).collect();
    orgs.extend(session.org_list().iter().map(String::as_str));
    orgs.sort_unstable();
    orgs.dedup();
    let mut findings: Vec<Finding> = Vec::new();
    let mut not_checked: Vec<NotChecked> = Vec::new();
    for org in &orgs {
        let of_org: Vec<&KeyRecord> = keys.iter().filter(|k| k.org_id == *org).collect();
        let (found, unknown) = evaluate(org, &of_org, &policy, now);
        findings.extend(found);
        not_checked.extend(unknown);
    }
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.rule.cmp(b.rule)));
    out.records(&findings, now)?;
    summarize(&findings, &not_checked, keys.len(), &orgs, &policy, out)?;
    let failing = findings.iter().any(|f| f.severity >= policy.fail_on);
    Ok(if failing {
        Status::Findings
    } else {
        Status::Success
    })
}

fn summarize(
    findings: &[Finding],
    not_checked: &[NotChecked],
    keys: usize,
    orgs: &[&str],
    policy: &Policy,
    out: &Out,
) -> CliResult<()> {
    let errors = findings
        .iter()
        .filter(|f| f.severity == crate::audit::Severity::Error)
        .count();
    out.say(format!(
        "{} finding(s) ({errors} error, {} warning) in {keys} active key(s) of {}; \
         fails at {}. Policy: max age {}, unused for {}, expiring within {}.",
        findings.len(),
        findings.len() - errors,
        orgs.join(", "),
        policy.fail_on.as_str(),
        human::span(policy.max_age),
        human::span(policy.unused_for),
        human::span(policy.expiring_within),
    ))?;
    if policy.enabled("unused") || policy.enabled("never-used") {
        out.say(
            "Note: the server updates lastUsedTime in batches about every 15 minutes, so a \
             key's most recent use may not show yet.",
        )?;
    }
    for gap in not_checked {
        out.say(format!(
            "Not checked: {} for {} key(s): {}; a system key (v0) has it.",
            gap.rule, gap.keys, gap.reason
        ))?;
    }
    Ok(())
}
