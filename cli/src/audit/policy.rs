//! [`Policy`]: the audit's thresholds and severities. Defaults, then a TOML file
//! (`--policy`), then flags (applied by the audit command), each overriding the one before.
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

use crate::audit::Severity;
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

impl Policy {
    /// The policy file's, or the defaults without one.
    pub fn load(path: Option<&Path>) -> CliResult<Self> {
        path.map_or_else(|| Ok(Self::default()), Self::from_file)
    }

    fn from_file(path: &Path) -> CliResult<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            CliError::usage(format!("cannot read the policy {}: {e}", path.display()))
        })?;
        let policy: Policy = toml::from_str(&text)
            .map_err(|e| CliError::usage(format!("invalid policy {}: {e}", path.display())))?;
        if let Some(unknown) = policy
            .severity
            .keys()
            .chain(&policy.disabled)
            .find(|rule| !crate::audit::rules::RULES.contains(&rule.as_str()))
        {
            return Err(CliError::usage(format!(
                "invalid policy {}: unknown rule {unknown:?} (rules: {})",
                path.display(),
                crate::audit::rules::RULES.join(", ")
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
}
