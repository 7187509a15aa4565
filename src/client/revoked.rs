//! The check that a revoke (v0) or delete (v1) answer confirms what was asked: a `200` is not
//! enough. The answer must be the requested key, with `revoked: true`; anything else is
//! [`Error::RevokeNotConfirmed`], so no caller (the CLI's revoke, offboard and rotate among
//! them) can report a key revoked that the server did not say it revoked.

use crate::client::Client;
use crate::display::escape_controls;
use crate::error::{Error, Result};
use crate::models::ApiKey;
use crate::operation::Operation;

/// What a revoke or delete asked for. `None` fields are not checked: v1 names neither the
/// organization (unless a managed one is set) nor the user (the caller).
pub(super) struct Requested<'a> {
    pub(super) operation: Operation,
    pub(super) key_id: &'a str,
    pub(super) org_id: Option<&'a str>,
    pub(super) user_id: Option<&'a str>,
}

impl Client {
    /// `answer` when it is the requested key and says `revoked: true`; otherwise
    /// [`Error::RevokeNotConfirmed`] saying what differs.
    pub(super) fn confirm_revoked(
        &self,
        requested: &Requested<'_>,
        answer: ApiKey,
    ) -> Result<ApiKey> {
        let mismatch = |field: &str, wanted: &str, got: &str| {
            // Quoted as they are: `clean` has escaped the server's controls already.
            let got = self.inner.transport.clean(got);
            let wanted = escape_controls(wanted);
            format!("it is {field} \"{got}\", not \"{wanted}\"")
        };
        let reason = if answer.key_id != requested.key_id {
            Some(mismatch("keyId", requested.key_id, &answer.key_id))
        } else if let Some(org) = requested.org_id.filter(|org| *org != answer.org_id) {
            Some(mismatch("orgId", org, &answer.org_id))
        } else if let Some(user) = requested.user_id.filter(|user| *user != answer.user_id) {
            Some(mismatch("userId", user, &answer.user_id))
        } else if !answer.revoked {
            Some("it does not say revoked: true".to_string())
        } else {
            None
        };
        match reason {
            None => Ok(answer),
            Some(reason) => Err(Error::RevokeNotConfirmed {
                operation: requested.operation,
                key_id: requested.key_id.to_string(),
                reason,
            }),
        }
    }
}
