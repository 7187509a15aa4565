//! The audit rules, each a pure function of one key (or of the organization's count of
//! keys), the policy and "now". A rule that lacks the data (v1 metadata has no creation time,
//! no owner and no last use) answers `Unknown`, and the audit names it as not checked instead
//! of passing the key silently.
//!
//! An expired key that is not revoked gets the `expired` finding and no other: it can no
//! longer authenticate, so "rotate it" or "unused" would be the wrong advice, but it still
//! exists and still counts toward the free tier's key limit.

use chrono::{DateTime, TimeDelta, Utc};

use crate::audit::finding::{Finding, Severity};
use crate::audit::policy::Policy;
use crate::human;
use crate::records::KeyRecord;

/// Every rule id, as findings and policy files name them.
pub const RULES: &[&str] = &[
    "expired",
    "max-age",
    "never-expires",
    "expiring-soon",
    "unused",
    "never-used",
    "privileged-scope",
    "near-key-limit",
    "duplicate-active",
    "rotation-pending",
];

enum Check {
    Pass,
    Found(Severity, String),
    /// The data this rule needs is missing; the reason names it.
    Unknown(&'static str),
}

type KeyRule = fn(&KeyRecord, &Policy, DateTime<Utc>) -> Check;

/// The rules of an expired key: only `expired`.
const EXPIRED_KEY_RULES: &[(&str, KeyRule)] = &[("expired", expired)];

/// The rules of a key that has not expired.
const KEY_RULES: &[(&str, KeyRule)] = &[
    ("max-age", max_age),
    ("never-expires", never_expires),
    ("expiring-soon", expiring_soon),
    ("unused", unused),
    ("never-used", never_used),
    ("privileged-scope", privileged_scope),
];

/// A rule that could not be checked for some keys, and why.
pub struct NotChecked {
    pub rule: &'static str,
    pub keys: usize,
    pub reason: &'static str,
}

fn delta(duration: std::time::Duration) -> TimeDelta {
    TimeDelta::from_std(duration).unwrap_or(TimeDelta::MAX)
}

/// Whether `key` has expired by `now` (the audit's "now": `--as-of` or the real time).
pub fn is_expired(key: &KeyRecord, now: DateTime<Utc>) -> bool {
    key.expires.is_some_and(|at| at <= now)
}

/// An expired key still listed: never revoked.
fn expired(key: &KeyRecord, _: &Policy, now: DateTime<Utc>) -> Check {
    match key.expires {
        Some(at) if at <= now => Check::Found(
            Severity::Warning,
            format!(
                "expired {} but not revoked: it still counts toward the key limit; revoke it",
                human::relative(Some(at), now)
            ),
        ),
        _ => Check::Pass,
    }
}

fn max_age(key: &KeyRecord, policy: &Policy, now: DateTime<Utc>) -> Check {
    let Some(created) = key.created else {
        return Check::Unknown("v1 key metadata has no creation time");
    };
    if now - created > delta(policy.max_age) {
        let message = format!(
            "created {}, older than the maximum age of {}: rotate it",
            human::relative(Some(created), now),
            human::span(policy.max_age)
        );
        return Check::Found(Severity::Warning, message);
    }
    Check::Pass
}

fn never_expires(key: &KeyRecord, _: &Policy, _: DateTime<Utc>) -> Check {
    match key.expires {
        None => Check::Found(
            Severity::Warning,
            "never expires: give keys a lifetime".into(),
        ),
        Some(_) => Check::Pass,
    }
}

fn expiring_soon(key: &KeyRecord, policy: &Policy, now: DateTime<Utc>) -> Check {
    match key.expires {
        Some(at) if at > now && at - now <= delta(policy.expiring_within) => Check::Found(
            Severity::Warning,
            format!(
                "expires {}: rotate it before then",
                human::relative(Some(at), now)
            ),
        ),
        _ => Check::Pass,
    }
}

fn unused(key: &KeyRecord, policy: &Policy, now: DateTime<Utc>) -> Check {
    if !key.usage_known {
        return Check::Unknown("this listing has no last-use time (v1 metadata)");
    }
    match key.last_used {
        Some(used) if now - used > delta(policy.unused_for) => Check::Found(
            Severity::Warning,
            format!(
                "last used {}, unused for more than {}: revoke it if nobody needs it",
                human::relative(Some(used), now),
                human::span(policy.unused_for)
            ),
        ),
        _ => Check::Pass,
    }
}

fn never_used(key: &KeyRecord, policy: &Policy, now: DateTime<Utc>) -> Check {
    if !key.usage_known {
        return Check::Unknown("this listing has no last-use time (v1 metadata)");
    }
    let Some(created) = key.created else {
        return Check::Unknown("v1 key metadata has no creation time");
    };
    // A new key has a grace period as long as the unused threshold.
    if key.last_used.is_none() && now - created > delta(policy.unused_for) {
        let message = format!(
            "never used since it was created {}: revoke it if nobody needs it",
            human::relative(Some(created), now)
        );
        return Check::Found(Severity::Warning, message);
    }
    Check::Pass
}

fn privileged_scope(key: &KeyRecord, policy: &Policy, _: DateTime<Utc>) -> Check {
    let privileged: Vec<&str> = key
        .scopes
        .iter()
        .filter(|scope| policy.privileged_scopes.contains(scope))
        .map(String::as_str)
        .collect();
    if privileged.is_empty() {
        return Check::Pass;
    }
    // WhyLabs' own system scopes in an organization's hands are worse than an administrator.
    let severity = if privileged.iter().any(|s| s.starts_with(":whylabs_")) {
        Severity::Error
    } else {
        Severity::Warning
    };
    Check::Found(
        severity,
        format!("privileged scope {}", privileged.join(" ")),
    )
}

/// The per-key rules that apply to a key, expired or not (each is one JUnit test case): the
/// rules of this file and, for a live key, `duplicate-active`, which rotation_rules checks
/// among the keys of its user.
pub fn key_rules(expired: bool) -> impl Iterator<Item = &'static str> {
    let (rules, among_its_users) = if expired {
        (EXPIRED_KEY_RULES, None)
    } else {
        (KEY_RULES, Some("duplicate-active"))
    };
    rules.iter().map(|(rule, _)| *rule).chain(among_its_users)
}

/// The findings of every enabled rule for the keys of one organization (`keys` are its
/// keys that are not revoked, expired ones included), and the rules that could not be checked
/// for some of them.
pub fn evaluate(
    org_id: &str,
    keys: &[&KeyRecord],
    policy: &Policy,
    now: DateTime<Utc>,
) -> (Vec<Finding>, Vec<NotChecked>) {
    let (expired_keys, live): (Vec<&KeyRecord>, Vec<&KeyRecord>) =
        keys.iter().partition(|key| is_expired(key, now));
    let mut findings: Vec<Finding> = Vec::new();
    let mut not_checked: Vec<NotChecked> = Vec::new();
    for (rules, keys) in [(EXPIRED_KEY_RULES, &expired_keys), (KEY_RULES, &live)] {
        for (rule, check) in rules.iter().filter(|(rule, _)| policy.enabled(rule)) {
            for key in keys {
                match check(key, policy, now) {
                    Check::Pass => {}
                    Check::Found(severity, message) => findings.push(Finding {
                        org_id: org_id.to_string(),
                        key_id: Some(key.key_id.clone()),
                        user_id: key.user_id.clone(),
                        rule,
                        severity: policy.severity(rule, severity),
                        message,
                    }),
                    Check::Unknown(reason) => count_unknown(&mut not_checked, rule, reason),
                }
            }
        }
    }
    findings.extend(key_limit(org_id, keys.len(), expired_keys.len(), policy));
    (findings, not_checked)
}

fn count_unknown(not_checked: &mut Vec<NotChecked>, rule: &'static str, reason: &'static str) {
    match not_checked.iter_mut().find(|n| n.rule == rule) {
        Some(entry) => entry.keys += 1,
        None => not_checked.push(NotChecked {
            rule,
            keys: 1,
            reason,
        }),
    }
}

/// The organization near (or at) the free tier's limit of keys that are not revoked
/// (`held`, of which `expired` have expired: they count too).
fn key_limit(org_id: &str, held: usize, expired: usize, policy: &Policy) -> Option<Finding> {
    let rule = "near-key-limit";
    if !policy.enabled(rule) || held < policy.near_limit {
        return None;
    }
    let (default, what) = if held >= policy.key_limit {
        (Severity::Error, "at")
    } else {
        (Severity::Warning, "near")
    };
    Some(Finding {
        org_id: org_id.to_string(),
        key_id: None,
        user_id: None,
        rule,
        severity: policy.severity(rule, default),
        message: format!(
            "{held} of {} keys not revoked{}: {what} the free tier's limit; revoke unused keys",
            policy.key_limit,
            match expired {
                0 => String::new(),
                n => format!(" ({n} of them expired, which count too)"),
            }
        ),
    })
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
