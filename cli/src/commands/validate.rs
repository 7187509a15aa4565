//! `validate`: is the configured key valid? (v1 validate, which every valid key may call.)

use crate::api::Session;
use crate::error::{CliResult, Status, unauthorized_hint};
use crate::output::Out;

pub async fn run(session: &Session, out: &Out) -> CliResult<Status> {
    if session.validate().await? {
        out.say("The API key is valid.")?;
        Ok(Status::Success)
    } else {
        out.say(format!(
            "The API key is not valid: {}.",
            unauthorized_hint()
        ))?;
        Ok(Status::Findings)
    }
}
