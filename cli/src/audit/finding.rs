//! [`Finding`]: one rule's verdict on one key, and its [`Severity`].

use clap::ValueEnum;
use comfy_table::{Cell, Color};
use serde::{Deserialize, Serialize};

use crate::output::{Record, Style};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One rule's verdict on one key (or, for the key limit, on the organization).
/// Fields: org_id key_id user_id rule severity message.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub org_id: String,
    /// `None` for an organization-wide finding (near-key-limit).
    pub key_id: Option<String>,
    pub user_id: Option<String>,
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
}

impl Record for Finding {
    const FIELDS: &'static [&'static str] =
        &["org_id", "key_id", "user_id", "rule", "severity", "message"];
    const HEADER: &'static [&'static str] =
        &["SEVERITY", "RULE", "ORG", "KEY ID", "USER", "FINDING"];

    fn cells(&self, style: &Style) -> Vec<Cell> {
        let color = match self.severity {
            Severity::Error => Color::Red,
            Severity::Warning => Color::Yellow,
        };
        vec![
            style.paint(Cell::new(self.severity.as_str()), color),
            Cell::new(self.rule),
            Cell::new(&self.org_id),
            Cell::new(self.key_id.as_deref().unwrap_or("-")),
            Cell::new(self.user_id.as_deref().unwrap_or("-")),
            Cell::new(&self.message),
        ]
    }
}
