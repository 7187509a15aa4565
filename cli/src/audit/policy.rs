//! [`Policy`]: the audit's thresholds and severities. Defaults, then a TOML file
//! (`--policy`), then [`Overrides`] (the audit command's flags), each overriding the one
//! before. Built from plain values: a path, the rule ids it may name, the thresholds given.
//!
//! ```toml
//! max_age = "90d"          # CIS and AWS Config use 90 days
//! unused_for = "45d"
//! expiring_within = "14d"
//! fail_on = "warning"      # or "error"
//! near_limit = 20          # of key_limit active keys (the free tier's 25)
//! key_limit = 25
//! privileged_scopes = [":administrator", ":account_administrator", ":whylabs_administrator", ":whylabs_system"]
//! disabled = ["never-expires"]
//! [severity]
//! max-age = "error"
//! ```

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Deserializer};

use crate::audit::finding::Severity;
use crate::error::{CliError, CliResult};

const DAY: u64 = 86_400;

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    #[serde(deserialize_with = "duration")]
    pub max_age: Duration,
    #[serde(deserialize_with = "duration")]
    pub unused_for: Duration,
    #[serde(deserialize_with = "duration")]
    pub expiring_within: Duration,
    pub fail_on: Severity,
    pub key_limit: usize,
    pub near_limit: usize,
    pub privileged_scopes: Vec<String>,
    /// Rule ids whose default severity is replaced.
    pub severity: BTreeMap<String, Severity>,
    /// Rule ids not run.
    pub disabled: Vec<String>,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            max_age: Duration::from_secs(90 * DAY),
            unused_for: Duration::from_secs(45 * DAY),
            expiring_within: Duration::from_secs(14 * DAY),
            fail_on: Severity::Warning,
            key_limit: whylabs_api_keys::rules::FREE_TIER_KEY_LIMIT,
            near_limit: 20,
            privileged_scopes: [
                ":administrator",
                ":account_administrator",
                ":whylabs_administrator",
                ":whylabs_system",
            ]
            .map(String::from)
            .to_vec(),
            severity: BTreeMap::new(),
            disabled: Vec::new(),
        }
    }
}

fn duration<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
    let text = String::deserialize(deserializer)?;
    humantime::parse_duration(&text).map_err(serde::de::Error::custom)
}

/// Thresholds given apart from the file (the audit command's flags); each one given replaces
/// the policy's.
#[derive(Clone, Copy, Debug, Default)]
pub struct Overrides {
    pub max_age: Option<Duration>,
    pub unused_for: Option<Duration>,
    pub expiring_within: Option<Duration>,
    pub fail_on: Option<Severity>,
}

impl Policy {
    /// The policy file's, or the defaults without one. `rules` are the rule ids the file may
    /// name in `[severity]` and `disabled`; any other is refused.
    pub fn load(path: Option<&Path>, rules: &[&str]) -> CliResult<Self> {
        path.map_or_else(|| Ok(Self::default()), |path| Self::from_file(path, rules))
    }

    /// This policy with the thresholds `overrides` gives.
    pub fn overridden(self, overrides: Overrides) -> Self {
        Self {
            max_age: overrides.max_age.unwrap_or(self.max_age),
            unused_for: overrides.unused_for.unwrap_or(self.unused_for),
            expiring_within: overrides.expiring_within.unwrap_or(self.expiring_within),
            fail_on: overrides.fail_on.unwrap_or(self.fail_on),
            ..self
        }
    }

    fn from_file(path: &Path, rules: &[&str]) -> CliResult<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            CliError::usage(format!("cannot read the policy {}: {e}", path.display()))
        })?;
        let policy: Policy = toml::from_str(&text)
            .map_err(|e| CliError::usage(format!("invalid policy {}: {e}", path.display())))?;
        if let Some(unknown) = policy
            .severity
            .keys()
            .chain(&policy.disabled)
            .find(|rule| !rules.contains(&rule.as_str()))
        {
            return Err(CliError::usage(format!(
                "invalid policy {}: unknown rule {unknown:?} (rules: {})",
                path.display(),
                rules.join(", ")
            )));
        }
        Ok(policy)
    }

    pub fn enabled(&self, rule: &str) -> bool {
        !self.disabled.iter().any(|r| r == rule)
    }

    /// The rule's severity: the policy's, or the rule's default.
    pub fn severity(&self, rule: &str, default: Severity) -> Severity {
        self.severity.get(rule).copied().unwrap_or(default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_file_sets_what_it_names_and_keeps_the_rest() {
        let policy: Policy =
            toml::from_str("max_age = \"30d\"\n[severity]\nunused = \"error\"\n").unwrap();
        assert_eq!(policy.max_age, Duration::from_secs(30 * DAY));
        assert_eq!(policy.unused_for, Duration::from_secs(45 * DAY));
        assert_eq!(
            policy.severity("unused", Severity::Warning),
            Severity::Error
        );
        assert!(toml::from_str::<Policy>("max_agee = \"30d\"").is_err());
    }

    #[test]
    fn overrides_replace_only_the_thresholds_given() {
        let file: Policy = toml::from_str("max_age = \"30d\"\nunused_for = \"7d\"").unwrap();
        let policy = file.overridden(Overrides {
            unused_for: Some(Duration::from_secs(DAY)),
            fail_on: Some(Severity::Error),
            ..Overrides::default()
        });
        assert_eq!(policy.max_age, Duration::from_secs(30 * DAY));
        assert_eq!(policy.unused_for, Duration::from_secs(DAY));
        assert_eq!(policy.expiring_within, Duration::from_secs(14 * DAY));
        assert_eq!(policy.fail_on, Severity::Error);
    }

    #[test]
    fn a_file_naming_a_rule_not_given_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("policy.toml");
        std::fs::write(&path, "disabled = [\"unused\"]\n").unwrap();
        assert!(Policy::load(Some(&path), &["unused"]).is_ok());
        let error = Policy::load(Some(&path), &["max-age"]).unwrap_err();
        assert!(
            error
                .message()
                .unwrap()
                .contains("unknown rule \"unused\" (rules: max-age)")
        );
    }
}
