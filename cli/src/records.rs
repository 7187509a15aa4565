//! [`KeyRecord`]: one key as the commands print it, from v0's `ApiKey` or v1's metadata. Its
//! JSON and CSV field names are part of the tool's interface (documented in cli/README.md).

use chrono::{DateTime, Utc};
use clap::ValueEnum;
use comfy_table::{Cell, Color};
use serde::Serialize;
use whylabs_api_keys::ApiKey;

use crate::human;
use crate::output::{Record, Style};

#[derive(Clone, Debug, Serialize)]
pub struct KeyRecord {
    pub key_id: String,
    pub org_id: String,
    /// `None` from v1, whose metadata has no owner.
    pub user_id: Option<String>,
    pub alias: Option<String>,
    pub scopes: Vec<String>,
    /// `active`, `expired` or `revoked`.
    pub status: &'static str,
    /// `None` from v1.
    pub created: Option<DateTime<Utc>>,
    pub expires: Option<DateTime<Utc>>,
    /// `None` when never used, from a user's list (the server leaves it out there) and v1.
    pub last_used: Option<DateTime<Utc>>,
    pub resource_id: Option<String>,
    /// Whether `last_used: None` means "never used" (an organization's v0 list) rather than
    /// "not reported" (a user's list, v1). Not printed as a field: `last_used` is null either way.
    #[serde(skip)]
    pub usage_known: bool,
}

/// A key's status, as the `status` field spells it (`list --status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KeyStatus {
    Active,
    Expired,
    Revoked,
}

impl KeyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStatus::Active => "active",
            KeyStatus::Expired => "expired",
            KeyStatus::Revoked => "revoked",
        }
    }
}

/// The times `list --sort-by` orders keys by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SortKey {
    Created,
    Expires,
    LastUsed,
}

/// `active`, `expired` or `revoked`: a revoked key is revoked whatever its expiry.
pub fn status(revoked: bool, expires: Option<DateTime<Utc>>, now: DateTime<Utc>) -> &'static str {
    let status = if revoked {
        KeyStatus::Revoked
    } else if expires.is_some_and(|at| at <= now) {
        KeyStatus::Expired
    } else {
        KeyStatus::Active
    };
    status.as_str()
}

impl KeyRecord {
    /// `usage_known`: whether the list this key came from reports `lastUsedTime`.
    pub fn from_key(key: &ApiKey, now: DateTime<Utc>, usage_known: bool) -> Self {
        Self {
            key_id: key.key_id.clone(),
            org_id: key.org_id.clone(),
            user_id: Some(key.user_id.clone()),
            alias: key.alias.clone(),
            scopes: key.scopes.iter().map(|s| s.as_str().to_string()).collect(),
            status: status(key.revoked, key.expiration_time, now),
            created: Some(key.creation_time),
            expires: key.expiration_time,
            last_used: key.last_used_time,
            resource_id: key.resource_id.clone(),
            usage_known,
        }
    }
}

impl Record for KeyRecord {
    const FIELDS: &'static [&'static str] = &[
        "key_id",
        "org_id",
        "user_id",
        "alias",
        "scopes",
        "status",
        "created",
        "expires",
        "last_used",
        "resource_id",
    ];
    const HEADER: &'static [&'static str] = &[
        "ORG",
        "KEY ID",
        "USER",
        "ALIAS",
        "SCOPES",
        "STATUS",
        "CREATED",
        "EXPIRES",
        "LAST USED",
    ];

    fn cells(&self, style: &Style) -> Vec<Cell> {
        let now = style.now;
        let status_color = match self.status {
            "active" => Color::Green,
            _ => Color::Red,
        };
        vec![
            Cell::new(&self.org_id),
            Cell::new(&self.key_id),
            Cell::new(self.user_id.as_deref().unwrap_or("-")),
            Cell::new(self.alias.as_deref().unwrap_or("")),
            Cell::new(self.scopes.join(" ")),
            style.paint(Cell::new(self.status), status_color),
            Cell::new(human::relative(self.created, now)),
            Cell::new(human::expiry(self.expires, now)),
            Cell::new(match (self.last_used, self.usage_known) {
                (Some(_), _) => human::relative(self.last_used, now),
                (None, true) => "never".to_string(),
                (None, false) => "-".to_string(),
            }),
        ]
    }
}
