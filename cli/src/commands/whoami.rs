//! `whoami` (also `auth status`): which key is configured (its id, organization, where it
//! came from, scopes when they can be looked up, the API it uses), the endpoint, and whether
//! the key is valid. Never the secret. Exit 0 valid, 1 invalid or unknown.
//!
//! At most three calls: v1 validate (any valid key), then, for a valid key, v0 get of the key
//! itself (a system key sees its scopes; 403 says it is no system key) and, on v1, the
//! organization's key metadata (an administrator's key sees its own scopes).

use comfy_table::Cell;
use serde::Serialize;
use whylabs_api_keys::{ApiKeySecret, escape_controls};

use crate::api::Session;
use crate::args::ApiChoice;
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
    match session.client().validate_key().await {
        Ok(_) => {
            let probe = probe(session, key_id.as_deref()).await;
            report.api = probe.api;
            report.scopes = probe.scopes;
            report.note = probe.note;
        }
        Err(e) if e.is_unauthorized() || e.is_forbidden() => {
            report.status = "invalid";
            report.note = Some(unauthorized_hint());
        }
        Err(e) => {
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

/// What the server tells of a valid key: the API it uses, its scopes, and why either is not
/// known.
#[derive(Default)]
struct Probe {
    api: Option<&'static str>,
    scopes: Option<Vec<String>>,
    note: Option<String>,
}

/// Under v0 or auto, a v0 get of the key itself (in its own organization, else the first
/// `--org`): a system key sees its scopes, any other key gets 403 and, under auto, is looked
/// up through v1.
async fn probe(session: &Session, key_id: Option<&str>) -> Probe {
    let Some(key_id) = key_id else {
        return Probe::default();
    };
    if session.choice() == ApiChoice::V1 {
        return on_v1(session, key_id).await;
    }
    let org = session
        .key_org()
        .or(session.org_list().first().map(String::as_str));
    let Some(org) = org else {
        return Probe {
            api: (session.choice() == ApiChoice::V0).then_some("v0"),
            note: Some("the key names no organization: pass --org to look it up".to_string()),
            ..Probe::default()
        };
    };
    match session.client().get_key(org, key_id).await {
        Ok(found) => Probe {
            api: Some("v0"),
            scopes: found.map(|key| key.scopes.iter().map(|s| s.as_str().to_string()).collect()),
            note: None,
        },
        Err(e) if e.is_forbidden() && session.choice() == ApiChoice::Auto => {
            on_v1(session, key_id).await
        }
        Err(e) => Probe {
            note: Some(format!("cannot look the key up with v0: {e}")),
            ..Probe::default()
        },
    }
}

async fn on_v1(session: &Session, key_id: &str) -> Probe {
    Probe {
        api: Some("v1"),
        scopes: v1_scopes(session, key_id).await,
        note: None,
    }
}

/// The key's scopes from its organization's metadata (an administrator's key may list it).
async fn v1_scopes(session: &Session, key_id: &str) -> Option<Vec<String>> {
    let listed = session.client().list_key_metadata().await.ok()?;
    let own = listed.iter().find(|meta| meta.key_id == key_id)?;
    Some(own.scopes.iter().map(|s| s.as_str().to_string()).collect())
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
