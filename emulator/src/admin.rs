//! The admin endpoints under `/__emulator/`, outside the API's paths, for clients that are not
//! written in Rust: inject and clear faults, move the clock. They take the admin key, whole,
//! in `X-API-Key`.

use std::time::Duration;

use http::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;

use super::answer::Answer;
use super::auth::constant_time_eq;
use super::dispatch::{EmulatorState, Incoming};
use super::fault_spec::faults_from_json;

/// Every admin path starts with this; no API path does.
pub(super) const PREFIX: &str = "/__emulator/";

const FAULTS: &str = "/__emulator/faults";
const CLOCK: &str = "/__emulator/clock";

/// Whether `path` is an admin endpoint's.
pub(super) fn is_admin_path(path: &str) -> bool {
    path.starts_with(PREFIX)
}

/// Answers one admin request: 401 without the admin key, 404 for an unknown admin path, 405
/// for a method it does not serve, 400 for a body it cannot read.
pub(super) fn handle(state: &mut EmulatorState, request: &Incoming) -> Answer {
    let admin_key = state.store.admin_key.expose_secret();
    let presented = request.api_key.as_deref().unwrap_or_default();
    if !constant_time_eq(presented, admin_key) {
        return Answer::empty(StatusCode::UNAUTHORIZED);
    }
    let bad_body = |message: String| {
        let status = StatusCode::BAD_REQUEST;
        Answer::error(
            status,
            "IllegalArgument",
            message,
            None,
            &request.request_id,
        )
    };
    match (request.path.as_str(), &request.method) {
        (FAULTS, &Method::POST) => match faults_from_json(&request.body) {
            Ok(faults) => {
                faults.into_iter().for_each(|f| state.faults.push(f));
                pending(state)
            }
            Err(e) => bad_body(e.to_string()),
        },
        (FAULTS, &Method::DELETE) => {
            state.faults.clear();
            pending(state)
        }
        (FAULTS, &Method::GET) => pending(state),
        (CLOCK, &Method::POST) => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Advance {
                advance_ms: u64,
            }
            match serde_json::from_slice::<Advance>(&request.body) {
                Ok(by) => {
                    state
                        .store
                        .clock
                        .advance(Duration::from_millis(by.advance_ms));
                    let now = whylabs_api_keys::generated::Timestamp::from(state.store.now());
                    Answer::ok(&json!({ "now": now }))
                }
                Err(e) => bad_body(e.to_string()),
            }
        }
        (FAULTS, _) => Answer::method_not_allowed("GET, POST, DELETE"),
        (CLOCK, _) => Answer::method_not_allowed("POST"),
        _ => Answer::empty(StatusCode::NOT_FOUND),
    }
}

/// `{"pending": n}`: how many injected faults are still waiting.
fn pending(state: &EmulatorState) -> Answer {
    Answer::ok(&json!({ "pending": state.faults.len() }))
}
