//! Reconciling a create or generate whose outcome is unknown, so that no key is left active
//! with nobody holding its secret.
//!
//! [`reconciled`] sends the request through a [`Guard`]: nothing is sent before it, so the
//! happy path costs what a hand-written client's does (one POST). [`Guard::begin`] registers
//! the request in the client's [`Ledger`] and notes when it was sent. [`Guard::settle`] takes
//! the outcome: a key is handed out and recorded; an outcome that may hide a created key is
//! reconciled: the owner's keys are listed and [`decide`] picks the key to revoke, if any. The
//! [`Owner`] says how: a v0 create lists the user's keys and revokes with v0 revoke; a v1
//! generate lists the organization's key metadata and revokes with v1 delete, which deletes
//! the caller's own keys only (another user's key is answered 404, and then nothing was made
//! by this generate).
//!
//! How the key the request made is told apart from the owner's older keys without a list taken
//! before it: v0 lists show each key's creation time, and the list's `Date` header bounds,
//! on the server's own clock, when the request can have made its key (the argument is in
//! `window.rs`). v1 metadata shows no times: there, only a request whose expiration was counted
//! from the moment of sending (`expires_in`) is told apart, by that expiration. Among the keys
//! that fit, the request's fingerprint, the keys this client handed out and its own unanswered
//! requests tell them apart, and when they cannot, nothing is revoked and the candidates are
//! reported. The one case no client can tell apart is a request of another process for the
//! same owner with the very same alias, scopes and expiration in the same moments, while this
//! one never reached the server; see the README's reliability section.
//!
//! Everything here runs within the request's deadline (the client's total timeout, counted
//! from its start), and only lists and revokes: it never creates anything.
//!
//! The files: `api.rs` what reconciliation needs of the client ([`KeyApi`], which the facade's
//! client implements: nothing here imports the facade), `owner.rs` whose keys and how they are
//! listed and revoked, `key_facts.rs` what is read of a listed key, `fingerprint.rs` which key
//! may be revoked, `window.rs` when the request can have made its key, `ledger.rs` what the
//! client has in flight.

mod api;
mod calls;
mod fingerprint;
mod key_facts;
mod ledger;
mod owner;
mod window;

use std::future::Future;
use std::time::Instant;

use crate::error::{Error, Reconciliation, Result};
use crate::models::CreatedApiKey;
pub(crate) use api::KeyApi;
use calls::{Listing, Revoked};
pub(crate) use fingerprint::Fingerprint;
use fingerprint::{Decision, decide};
use ledger::CreateEntry;
pub(crate) use ledger::{Ledger, RotationClaim};
pub(crate) use owner::Owner;

/// Sends a create or generate for `fingerprint` with `send`, which must end by the deadline it
/// is given. Unless the client has reconciliation off, an outcome that may hide a created key
/// is reconciled, all within the client's total timeout; for a rotation of `rotating`, see
/// [`Guard::begin`].
pub(crate) async fn reconciled<A, F, Fut>(
    client: &A,
    fingerprint: Fingerprint,
    rotating: Option<&str>,
    send: F,
) -> Result<CreatedApiKey>
where
    A: KeyApi,
    F: FnOnce(Option<Instant>) -> Fut,
    Fut: Future<Output = Result<CreatedApiKey>>,
{
    if !client.reconciles_creates() {
        refuse_retired(client, &fingerprint.owner, rotating)?;
        return send(None).await;
    }
    let sent = Instant::now();
    let deadline = sent.checked_add(client.total_timeout());
    let guard = Guard::begin(client, fingerprint, rotating, sent, deadline)?;
    guard.settle(send(deadline).await).await
}

/// Refuses the rotation of `rotating` when a rotation of this client already retired it: the
/// caller holds a stale copy, and rotating it again would make a second replacement.
fn refuse_retired(client: &impl KeyApi, owner: &Owner, rotating: Option<&str>) -> Result<()> {
    let (Some(old), Owner::User { org_id, .. }) = (rotating, owner) else {
        return Ok(());
    };
    if !client.ledger().is_retired(org_id, old) {
        return Ok(());
    }
    let reason = format!(
        "{old} is no longer an active key of {owner} (revoked by an earlier rotation); nothing \
         was created"
    );
    Err(Error::invalid("key", reason))
}

/// A create being watched: its fingerprint, its place in the ledger and when it was sent.
struct Guard<'a, A> {
    client: &'a A,
    fingerprint: Fingerprint,
    entry: CreateEntry<'a>,
    rotating: Option<&'a str>,
    sent: Instant,
    deadline: Option<Instant>,
}

impl<'a, A: KeyApi> Guard<'a, A> {
    /// Registers the create, sent after `sent`. For a rotation of `rotating`, refuses when
    /// this client's rotations already retired that key; nothing is sent then.
    fn begin(
        client: &'a A,
        fingerprint: Fingerprint,
        rotating: Option<&'a str>,
        sent: Instant,
        deadline: Option<Instant>,
    ) -> Result<Guard<'a, A>> {
        refuse_retired(client, &fingerprint.owner, rotating)?;
        let entry = client.ledger().begin_create(fingerprint.clone(), sent);
        Ok(Guard {
            client,
            fingerprint,
            entry,
            rotating,
            sent,
            deadline,
        })
    }

    /// The create's outcome, reconciled when it may hide a created key.
    async fn settle(self, outcome: Result<CreatedApiKey>) -> Result<CreatedApiKey> {
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
        let operation = self.fingerprint.owner.operation();
        tracing::warn!(
            operation = operation.id(),
            reconciliation = %reconciliation,
            "create outcome unknown"
        );
        Err(Error::CreateOutcomeUnknown {
            operation,
            cause: Box::new(cause),
            reconciliation,
        })
    }

    async fn reconcile(&self) -> Reconciliation {
        let owner = &self.fingerprint.owner;
        let (after, window) = match owner.list(self.client, self.sent, self.deadline).await {
            Ok(listed) => listed,
            Err(error) => return failed(None, error),
        };
        let others = self.entry.others();
        let (fingerprint, rotating) = (&self.fingerprint, self.rotating);
        let decision = match &after {
            Listing::Keys(keys) => decide(fingerprint, &window, keys, &others, rotating),
            Listing::Metadata(keys) => decide(fingerprint, &window, keys, &others, rotating),
        };
        match decision {
            Decision::NoKeyFound => Reconciliation::NoKeyFound,
            Decision::Ambiguous(candidates) => Reconciliation::Ambiguous { candidates },
            Decision::Revoke(key_id) => {
                match owner.revoke(self.client, &key_id, self.deadline).await {
                    Ok(Revoked::Done) => Reconciliation::OrphanRevoked { key_id },
                    Ok(Revoked::NotTheOwners) => Reconciliation::NoKeyFound,
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
