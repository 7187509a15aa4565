//! [`Outcome`]: one key of a revoke or an offboarding and what became of it, as both commands
//! print it. Its JSON and CSV field names are part of the tool's interface.

use serde::Serialize;
use whylabs_api_keys::escape_controls;

use crate::output::{Record, Style};

/// One key of a revoke (or an offboarding) and what became of it. Fields: key_id org_id
/// user_id result error.
#[derive(Serialize)]
pub struct Outcome {
    pub key_id: String,
    pub org_id: Option<String>,
    pub user_id: Option<String>,
    /// `planned` (dry run), `revoked`, `not-found` or `failed`.
    pub result: &'static str,
    pub error: Option<String>,
}

impl Record for Outcome {
    const FIELDS: &'static [&'static str] = &["key_id", "org_id", "user_id", "result", "error"];
    const HEADER: &'static [&'static str] = &["KEY ID", "ORG", "USER", "RESULT", "ERROR"];

    fn cells(&self, _: &Style) -> Vec<comfy_table::Cell> {
        let or_dash = |value: &Option<String>| value.as_deref().unwrap_or("-").to_string();
        [
            self.key_id.clone(),
            or_dash(&self.org_id),
            or_dash(&self.user_id),
            self.result.to_string(),
            self.error.clone().unwrap_or_default(),
        ]
        .map(|text| comfy_table::Cell::new(escape_controls(&text)))
        .into()
    }
}
