//! [`Found`]: one key found as `scan` prints it. Its JSON and CSV field names are part of the
//! tool's interface (documented in cli/README.md).

use comfy_table::{Cell, Color};
use serde::Serialize;

use crate::output::{Record, Style};
use crate::scan::Verdict;

/// One key found. Fields: path line commit key_id org_id fingerprint status user_id revoke
/// error.
#[derive(Serialize)]
pub struct Found {
    pub path: String,
    pub line: u64,
    /// The first commit that added the blob at `path` (`--git`); `None` elsewhere.
    pub commit: Option<String>,
    pub key_id: String,
    pub org_id: Option<String>,
    /// The SHA-256 of `ID.SECRET`: what a baseline lists, never the key.
    pub fingerprint: String,
    pub status: Verdict,
    pub user_id: Option<String>,
    /// What `--revoke` did: `revoked`, `not-found`, `failed`; `None` when not attempted.
    pub revoke: Option<&'static str>,
    /// Why the status is `unknown` or the revoke failed.
    pub error: Option<String>,
}

impl Record for Found {
    const FIELDS: &'static [&'static str] = &[
        "path",
        "line",
        "commit",
        "key_id",
        "org_id",
        "fingerprint",
        "status",
        "user_id",
        "revoke",
        "error",
    ];
    const HEADER: &'static [&'static str] = &[
        "FILE", "LINE", "COMMIT", "KEY ID", "ORG", "STATUS", "USER", "REVOKE", "ERROR",
    ];

    fn cells(&self, style: &Style) -> Vec<Cell> {
        let color = if self.status.may_be_live() {
            Color::Red
        } else {
            Color::Green
        };
        let or_dash = |text: Option<&str>| Cell::new(text.unwrap_or("-"));
        vec![
            Cell::new(&self.path),
            Cell::new(self.line),
            or_dash(self.commit.as_deref().map(|c| &c[..c.len().min(12)])),
            Cell::new(&self.key_id),
            or_dash(self.org_id.as_deref()),
            style.paint(Cell::new(self.status.as_str()), color),
            or_dash(self.user_id.as_deref()),
            or_dash(self.revoke),
            Cell::new(self.error.as_deref().unwrap_or("")),
        ]
    }
}
