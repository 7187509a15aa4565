//! `whoami` (also `auth status`): which key is configured (its id, organization, where it
//! came from, scopes when they can be looked up, the API it uses), the endpoint, and whether
//! the key is valid. Never the secret. Exit 0 valid, 1 invalid or unknown. The API layer
//! asks the server ([`Session::validity`], [`Session::probe`]: at most three calls).

use comfy_table::Cell;
use serde::Serialize;
use whylabs_api_keys::{ApiKeySecret, escape_controls};

use crate::api::{Session, Validity};
use crate::config::Settings;
use crate::error::{CliResult, Status, unauthorized_hint};
use crate::output::{Format, Out, Record, Style};

/// What `whoami` reports; its JSON/CSV fields are part of the interface.
#[derive(Debug, Serialize)]
struct Whoami {
    key_id: Option<String>,
    org_id: Option<String>,
    key_source: String,
    profile: Option<String>,
    endpoint: String,
    /// `v0`, `v1`, or null when it could not be told.
    api: Option<&'static str>,
    /// Null when they could not be looked up.
    scopes: Option<Vec<String>>,
    /// `valid`, `invalid` or `unknown`.
    status: &'static str,
    /// Why the status is not `valid`, or what could not be looked up.
    note: Option<String>,
}

impl Record for Whoami {
    const FIELDS: &'static [&'static str] = &[
        "key_id",
        "org_id",
        "key_source",
        "profile",
        "endpoint",
        "api",
        "scopes",
        "status",
        "note",
    ];
    const HEADER: &'static [&'static str] = &[
        "KEY ID", "ORG", "KEY FROM", "PROFILE", "ENDPOINT", "API", "SCOPES", "STATUS", "NOTE",
    ];
    fn cells(&self, _style: &Style) -> Vec<Cell> {
        self.lines()
            .into_iter()
            .map(|(_, value)| Cell::new(value))
            .collect()
    }
}

impl Whoami {
    /// Label and value of each field, as people read them.
    fn lines(&self) -> Vec<(&'static str, String)> {
        let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".to_string());
        let scopes = match &self.scopes {
            Some(scopes) if scopes.is_empty() => "(none)".to_string(),
            Some(scopes) => scopes.join(" "),
            None => "(not known)".to_string(),
        };
        vec![
            ("Key id", or_dash(&self.key_id)),
            ("Organization", or_dash(&self.org_id)),
            ("Key from", self.key_source.clone()),
            ("Profile", or_dash(&self.profile)),
            ("Endpoint", self.endpoint.clone()),
            ("API", self.api.unwrap_or("-").to_string()),
            ("Scopes", scopes),
            ("Status", self.status.to_string()),
            ("Note", or_dash(&self.note)),
        ]
    }
}

pub async fn run(
    key: &ApiKeySecret,
    settings: &Settings,
    session: &Session,
    out: &Out,
) -> CliResult<Status> {
    let key_id = key.key_id().map(str::to_string);
    let mut report = Whoami {
        key_id: key_id.clone(),
        org_id: session.key_org().map(str::to_string),
        key_source: settings.key.to_string(),
        profile: settings.profile.clone(),
        endpoint: settings.endpoint.clone(),
        api: None,
        scopes: None,
        status: "valid",
        note: None,
    };
    match session.validity().await {
        Validity::Valid => {
            let probe = session.probe(key_id.as_deref()).await;
            report.api = probe.api.map(|api| api.as_str());
            report.scopes = probe.scopes;
            report.note = probe.note;
        }
        Validity::Invalid => {
            report.status = "invalid";
            report.note = Some(unauthorized_hint());
        }
        Validity::Unknown(e) => {
            report.status = "unknown";
            report.note = Some(format!("cannot validate the key: {e}"));
        }
    }
    print(&report, out, session)?;
    Ok(if report.status == "valid" {
        Status::Success
    } else {
        Status::Findings
    })
}

fn print(report: &Whoami, out: &Out, session: &Session) -> CliResult<()> {
    if out.format != Format::Table {
        return out.records(std::slice::from_ref(report), session.clock.now());
    }
    for (label, value) in report.lines() {
        out.say(format!("{label:<13} {}", escape_controls(&value)))?;
    }
    Ok(())
}
