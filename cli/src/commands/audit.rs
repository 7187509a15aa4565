//! `audit`: the keys of one or more organizations that are not revoked (expired ones
//! included) against the policy; exit 1 when a finding reaches `--fail-on`, so it can gate CI.

use std::io::Write;

use chrono::{DateTime, Utc};

use crate::api::Session;
use crate::args::AuditArgs;
use crate::audit::rotation_rules::{self, OpenRotation};
use crate::audit::rules::{NotChecked, RULES, evaluate, is_expired};
use crate::audit::{Finding, Overrides, Policy, Severity, junit};
use crate::error::{CliResult, Status};
use crate::human;
use crate::journal::Journal;
use crate::output::{Format, Out};
use crate::records::KeyRecord;

pub async fn run(args: &AuditArgs, session: &Session, out: &Out) -> CliResult<Status> {
    let policy = policy(args)?;
    let keys = session.list_keys(None).await?;
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
    let open = open_rotations(args);
    let all: Vec<&KeyRecord> = keys.iter().collect();
    findings.extend(rotation_rules::duplicates(&all, &open, &policy, now));
    findings.extend(rotation_rules::pending(&open, &policy, now));
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.rule.cmp(b.rule)));
    if out.format == Format::Junit {
        let not_checked: Vec<&str> = not_checked.iter().map(|n| n.rule).collect();
        let report = junit::render(&junit::Audit {
            keys: &keys,
            orgs: &orgs,
            findings: &findings,
            not_checked: &not_checked,
            policy: &policy,
            now,
        });
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(report.as_bytes())?;
        stdout.flush()?;
    } else {
        out.records(&findings, now)?;
    }
    let audited = Audited {
        keys: &keys,
        orgs: &orgs,
        now,
    };
    summarize(&findings, &not_checked, &audited, &policy, out)?;
    let failing = findings.iter().any(|f| f.severity >= policy.fail_on);
    Ok(if failing {
        Status::Findings
    } else {
        Status::Success
    })
}

/// The journal's rotations that are not over (none when it cannot be read: a warning).
fn open_rotations(args: &AuditArgs) -> Vec<OpenRotation> {
    let loaded = Journal::at(args.journal.as_deref()).and_then(|journal| journal.load());
    let rotations = loaded.unwrap_or_else(|why| {
        crate::output::note(format!("warning: the rotation journal was not read: {why}"));
        Vec::new()
    });
    rotations
        .into_iter()
        .filter(|r| !r.step.is_end())
        .map(|r| OpenRotation {
            org: r.org,
            user: r.user,
            old_key: r.old_key,
            new_key: r.new_key,
            step: r.step.as_str(),
            updated: r.updated,
            overlap_until: r.overlap_until,
        })
        .collect()
}

/// The policy file's (or the defaults), with the flags on top.
fn policy(args: &AuditArgs) -> CliResult<Policy> {
    let flags = Overrides {
        max_age: args.max_age,
        unused_for: args.unused_for,
        expiring_within: args.expiring_within,
        fail_on: args.fail_on,
    };
    Ok(Policy::load(args.policy.as_deref(), RULES)?.overridden(flags))
}

/// What was audited: the keys, their organizations and the audit's "now".
struct Audited<'a> {
    keys: &'a [KeyRecord],
    orgs: &'a [&'a str],
    now: DateTime<Utc>,
}

fn summarize(
    findings: &[Finding],
    not_checked: &[NotChecked],
    audited: &Audited,
    policy: &Policy,
    out: &Out,
) -> CliResult<()> {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let expired = audited
        .keys
        .iter()
        .filter(|k| is_expired(k, audited.now))
        .count();
    out.say(format!(
        "{} finding(s) ({errors} error, {} warning) in {} active and {expired} expired key(s) \
         of {}; fails at {}. Policy: max age {}, unused for {}, expiring within {}.",
        findings.len(),
        findings.len() - errors,
        audited.keys.len() - expired,
        audited.orgs.join(", "),
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
