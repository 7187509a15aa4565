//! `rotations`: the journal's rotations that are not over: interrupted ones (for
//! `rotate --resume`) and those in their overlap (for `rotate --finish`); `--all` adds the
//! ended ones. Reads the journal only: no API key, no call.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use whylabs_api_keys::escape_controls;

use crate::args::RotationsArgs;
use crate::error::{CliError, CliResult, Status};
use crate::journal::{Journal, Rotation, Step};
use crate::output::{Out, Record, Style};

/// One rotation as printed. Fields: id org_id user_id old_key new_key step overlap_until
/// updated sinks.
#[derive(Serialize)]
struct Row {
    id: String,
    org_id: String,
    user_id: String,
    old_key: String,
    new_key: Option<String>,
    step: &'static str,
    overlap_until: Option<DateTime<Utc>>,
    updated: DateTime<Utc>,
    /// `SINK=state`, one per sink, space-separated.
    sinks: String,
}

impl Row {
    fn of(rotation: &Rotation) -> Self {
        let sinks: Vec<String> = rotation
            .sinks
            .iter()
            .map(|entry| format!("{}={}", entry.sink, entry.state.as_str()))
            .collect();
        Self {
            id: rotation.id.clone(),
            org_id: rotation.org.clone(),
            user_id: rotation.user.clone(),
            old_key: rotation.old_key.clone(),
            new_key: rotation.new_key.clone(),
            step: rotation.step.as_str(),
            overlap_until: rotation.overlap_until,
            updated: rotation.updated,
            sinks: sinks.join(" "),
        }
    }
}

impl Record for Row {
    const FIELDS: &'static [&'static str] = &[
        "id",
        "org_id",
        "user_id",
        "old_key",
        "new_key",
        "step",
        "overlap_until",
        "updated",
        "sinks",
    ];
    const HEADER: &'static [&'static str] = &[
        "ID",
        "ORG",
        "USER",
        "OLD KEY",
        "NEW KEY",
        "STEP",
        "OVERLAP UNTIL",
        "UPDATED",
        "SINKS",
    ];

    fn cells(&self, _: &Style) -> Vec<comfy_table::Cell> {
        let time = |at: &DateTime<Utc>| at.to_rfc3339_opts(SecondsFormat::Secs, true);
        [
            self.id.clone(),
            self.org_id.clone(),
            self.user_id.clone(),
            self.old_key.clone(),
            self.new_key.clone().unwrap_or_else(|| "-".to_string()),
            self.step.to_string(),
            self.overlap_until
                .as_ref()
                .map_or_else(|| "-".to_string(), time),
            time(&self.updated),
            self.sinks.clone(),
        ]
        .map(|text| comfy_table::Cell::new(escape_controls(&text)))
        .into()
    }
}

pub fn run(args: &RotationsArgs, out: &Out) -> CliResult<Status> {
    let journal = Journal::at(args.journal.as_deref()).map_err(CliError::usage)?;
    let rotations = journal.load().map_err(CliError::failed)?;
    let rows: Vec<Row> = rotations
        .iter()
        .filter(|rotation| args.all || !rotation.step.is_end())
        .map(Row::of)
        .collect();
    out.records(&rows, Utc::now())?;
    let interrupted = rotations.iter().filter(|r| r.step.is_interrupted()).count();
    if interrupted > 0 {
        out.say(format!(
            "{interrupted} interrupted: `whylabs-keys rotate --resume` ends them."
        ))?;
    }
    let overlapping = rotations.iter().filter(|r| r.step == Step::Overlap).count();
    if overlapping > 0 {
        out.say(format!(
            "{overlapping} in their overlap: `whylabs-keys rotate --finish` revokes the old keys \
             whose overlap has ended."
        ))?;
    }
    Ok(Status::Success)
}
