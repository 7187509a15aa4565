//! The rules about rotations (issue 20): more than one active key per user and alias outside
//! a rotation's overlap (`duplicate-active`: CIS allows one active key per user, two while
//! rotating), and a rotation left pending for more than a day (`rotation-pending`: interrupted,
//! or past its overlap without `rotate --finish`). The journal's rotations come in as plain
//! [`OpenRotation`]s.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};

use crate::audit::finding::{Finding, Severity};
use crate::audit::policy::Policy;
use crate::human;
use crate::records::KeyRecord;

/// How long a rotation may stay pending before the audit reports it.
const PENDING_FOR: TimeDelta = TimeDelta::days(1);

/// A rotation of the journal that is not over.
pub struct OpenRotation {
    pub org: String,
    pub user: String,
    pub old_key: String,
    pub new_key: Option<String>,
    /// The journal's step: `overlap` while both keys are meant to be active.
    pub step: &'static str,
    pub updated: DateTime<Utc>,
    pub overlap_until: Option<DateTime<Utc>>,
}

impl OpenRotation {
    fn in_overlap(&self, key_id: &str) -> bool {
        self.step == "overlap"
            && (self.old_key == key_id || self.new_key.as_deref() == Some(key_id))
    }
}

/// `duplicate-active`: per organization, user and alias, every active key beyond the first
/// that no overlap explains (keys without an owner or alias, v1 metadata, are not grouped).
pub fn duplicates(
    keys: &[&KeyRecord],
    open: &[OpenRotation],
    policy: &Policy,
    now: DateTime<Utc>,
) -> Vec<Finding> {
    let rule = "duplicate-active";
    if !policy.enabled(rule) {
        return Vec::new();
    }
    let mut groups: BTreeMap<(&str, &str, &str), Vec<&KeyRecord>> = BTreeMap::new();
    for key in keys {
        let live = key.expires.is_none_or(|at| at > now);
        let explained = open.iter().any(|r| r.in_overlap(&key.key_id));
        if let (Some(user), Some(alias), true, false) = (&key.user_id, &key.alias, live, explained)
        {
            groups
                .entry((&key.org_id, user, alias))
                .or_default()
                .push(key);
        }
    }
    let mut findings = Vec::new();
    for ((org, user, alias), group) in groups.into_iter().filter(|(_, g)| g.len() > 1) {
        for key in &group {
            findings.push(Finding {
                org_id: org.to_string(),
                key_id: Some(key.key_id.clone()),
                user_id: Some(user.to_string()),
                rule,
                severity: policy.severity(rule, Severity::Warning),
                message: format!(
                    "one of {} active keys of {user} with alias {alias} outside a rotation's \
                     overlap: keep one, revoke the others",
                    group.len()
                ),
            });
        }
    }
    findings
}

/// `rotation-pending`: rotations interrupted, or past their overlap, for more than a day.
pub fn pending(open: &[OpenRotation], policy: &Policy, now: DateTime<Utc>) -> Vec<Finding> {
    let rule = "rotation-pending";
    if !policy.enabled(rule) {
        return Vec::new();
    }
    let stale = |r: &&OpenRotation| match (r.step, r.overlap_until) {
        ("overlap", Some(until)) => now - until > PENDING_FOR,
        ("overlap", None) => false,
        _ => now - r.updated > PENDING_FOR,
    };
    open.iter()
        .filter(stale)
        .map(|r| {
            let (what, fix) = if r.step == "overlap" {
                ("its overlap ended", "whylabs-keys rotate --finish")
            } else {
                ("it was interrupted", "whylabs-keys rotate --resume")
            };
            Finding {
                org_id: r.org.clone(),
                key_id: Some(r.old_key.clone()),
                user_id: Some(r.user.clone()),
                rule,
                severity: policy.severity(rule, Severity::Error),
                message: format!(
                    "rotation pending ({what}, step {}, last recorded {}): run `{fix}`",
                    r.step,
                    human::relative(Some(r.updated), now)
                ),
            }
        })
        .collect()
}
