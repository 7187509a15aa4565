//! Reconciling a create whose outcome is unknown, so that no key is left active with nobody
//! holding its secret.
//!
//! [`Guard::begin`] registers the create in the client's [`Ledger`] and lists the user's keys
//! before the create is sent (the snapshot). [`Guard::settle`] takes the create's outcome: a
//! key is handed out and recorded; an outcome that may hide a created key is reconciled: the
//! user's keys are listed again and [`decide`] picks the key to revoke, if any.
//!
//! Why a snapshot and not timestamps: a key absent from a list taken before the request was
//! sent cannot have existed then, whatever the clocks of client and server say. Keys that
//! appear during the call were made by this create or by another caller; the request's
//! fingerprint, the keys this client handed out and its own unanswered creates tell them
//! apart, and when they cannot, nothing is revoked. The one case no client can tell apart is a
//! create of another process with the very same alias, scopes and expiration (to the
//! millisecond) in the same moments, while this create never reached the server; see the
//! README's reliability section.
//!
//! Everything here runs within the create's deadline (the client's total timeout, counted
//! from the start of the create), and only lists and revokes: it never creates anything.

use std::collections::HashSet;
use std::time::Instant;

use crate::client::Client;
use crate::error::{Error, Reconciliation, Result};
use crate::models::{ApiKey, CreatedApiKey};
use crate::operation::Operation;
use crate::requests::fingerprint::{Decision, Fingerprint, decide};
use crate::requests::ledger::CreateEntry;

/// A create being watched: its fingerprint, its place in the ledger and the snapshot.
pub(crate) struct Guard<'a> {
    client: &'a Client,
    fingerprint: Fingerprint,
    entry: CreateEntry<'a>,
    before: HashSet<String>,
    rotating: Option<&'a str>,
    deadline: Option<Instant>,
}

impl<'a> Guard<'a> {
    /// Registers the create and takes the snapshot of the user's keys. For a rotation of
    /// `rotating`, refuses when the snapshot shows that key revoked or gone (another rotation
    /// replaced it). When the snapshot cannot be taken, nothing is sent and its error returned.
    pub(crate) async fn begin(
        client: &'a Client,
        fingerprint: Fingerprint,
        rotating: Option<&'a str>,
        deadline: Option<Instant>,
    ) -> Result<Guard<'a>> {
        let entry = client.ledger().begin_create(fingerprint.clone());
        let keys = list_user_keys(client, &fingerprint, deadline).await?;
        if let Some(old) = rotating
            && !keys.iter().any(|key| key.key_id == old && !key.revoked)
        {
            let reason = format!(
                "{old} is no longer an active key of user {} (revoked, perhaps by another \
                 rotation); nothing was created",
                fingerprint.user_id
            );
            return Err(Error::invalid("key", reason));
        }
        Ok(Guard {
            client,
            before: keys.into_iter().map(|key| key.key_id).collect(),
            fingerprint,
            entry,
            rotating,
            deadline,
        })
    }

    /// The create's outcome, reconciled when it may hide a created key.
    pub(crate) async fn settle(self, outcome: Result<CreatedApiKey>) -> Result<CreatedApiKey> {
        let cause = match outcome {
            Ok(created) => {
                self.entry.answered(Some(&created.key.key_id));
                return Ok(created);
            }
            Err(cause) => cause,
        };
        self.entry.answered(None);
        if !may_have_created(&cause) {
            return Err(cause);
        }
        let reconciliation = self.reconcile().await;
        tracing::warn!(
            operation = Operation::Create.id(),
            reconciliation = %reconciliation,
            "create outcome unknown"
        );
        Err(Error::CreateOutcomeUnknown {
            operation: Operation::Create,
            cause: Box::new(cause),
            reconciliation,
        })
    }

    async fn reconcile(&self) -> Reconciliation {
        let after = match list_user_keys(self.client, &self.fingerprint, self.deadline).await {
            Ok(keys) => keys,
            Err(error) => return failed(None, error),
        };
        let others = self.entry.others();
        match decide(
            &self.fingerprint,
            &self.before,
            &after,
            &others,
            self.rotating,
        ) {
            Decision::NoKeyFound => Reconciliation::NoKeyFound,
            Decision::Ambiguous(candidates) => Reconciliation::Ambiguous { candidates },
            Decision::Revoke(key_id) => {
                let Fingerprint {
                    org_id, user_id, ..
                } = &self.fingerprint;
                let revoke = self
                    .client
                    .revoke_key_within(org_id, user_id, &key_id, self.deadline);
                match revoke.await {
                    Ok(_) => Reconciliation::OrphanRevoked { key_id },
                    Err(error) => failed(Some(key_id), error),
                }
            }
        }
    }
}

fn failed(key_id: Option<String>, error: Error) -> Reconciliation {
    Reconciliation::Failed {
        key_id,
        source: Box::new(error),
    }
}

/// All of the user's keys (revoked ones included), within `deadline`.
async fn list_user_keys(
    client: &Client,
    fingerprint: &Fingerprint,
    deadline: Option<Instant>,
) -> Result<Vec<ApiKey>> {
    client
        .list_keys(fingerprint.org_id.as_str())
        .user(fingerprint.user_id.as_str())
        .within(deadline)
        .send()
        .await
}

/// Whether a create that failed with `error` may have made a key: it may unless the request
/// never left (a connect or request-building failure) or the server answered that it refused
/// it (a status other than 5xx and 408, such as a 400 or a 429).
fn may_have_created(error: &Error) -> bool {
    match error {
        Error::Timeout { .. } => true,
        Error::Transport { error, .. } => !error.is_connect() && !error.is_builder(),
        Error::Api(api) => api.status().is_server_error() || api.status().as_u16() == 408,
        Error::Decode { status, .. } | Error::BodyTooLarge { status, .. } => status.is_success(),
        _ => false,
    }
}
