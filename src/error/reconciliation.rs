//! [`Reconciliation`]: what the client found, and did, after a create or generate whose
//! outcome is unknown.

use std::fmt;

use crate::error::Error;

/// What the client did after a create ended without an answer it could read (a timeout, a
/// connection lost after the request was sent, a 5xx or 408, a success it could not decode),
/// carried by [`Error::CreateOutcomeUnknown`].
///
/// Nothing is listed before a create is sent. When its outcome is unknown, the client lists
/// the user's keys and looks at those that match the request (alias, scopes as a set,
/// expiration) and were created, on the server's own clock, between the create's sending and
/// the list's answer: the list's `Date` header, minus the time since the create was sent,
/// with a margin for the header's one-second resolution. A key's secret is shown only in the
/// create's answer, so a key created by a lost answer can never be used: when exactly one such
/// key matches and nothing else could have made it, the client revokes it. It never revokes a
/// key created before that window, a key that does not match the request, a key this client
/// returned to another call, a key that has been used, or any key at all when more than one
/// could be the one, or when the server sent no readable `Date` (then the matching keys are
/// reported as [`Ambiguous`](Reconciliation::Ambiguous)). Key ids only, never secrets.
///
/// A v1 generate is reconciled with the organization's key metadata (it shows no user, no
/// last use and no creation time) and v1 delete for the revoke. Without creation times, the
/// key it made is told apart only when its expiration was counted from its sending
/// (`expires_in`, to the millisecond); otherwise the matching keys are reported as
/// [`Ambiguous`](Reconciliation::Ambiguous). The server deletes only the caller's own keys, so
/// another user's key is never deleted (its 404 means this generate made no key found,
/// [`NoKeyFound`](Reconciliation::NoKeyFound)).
///
/// ```
/// use std::time::Duration;
/// use whylabs_api_keys_emulator::Fault;
/// use whylabs_api_keys::{Error, Operation, Reconciliation};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> whylabs_api_keys::Result<()> {
/// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
/// let client = emulator.client_builder().attempt_timeout(Duration::from_millis(200)).build()?;
/// // The emulator creates the key at once but answers too late: the client times out.
/// emulator.inject(Fault::delay(Duration::from_millis(600)).operation(Operation::Create));
/// let error = client.create_key("org-123", "user-123").await.unwrap_err();
/// assert!(error.is_timeout());
/// match error.reconciliation() {
///     Some(Reconciliation::OrphanRevoked { key_id }) => println!("revoked orphan {key_id}"),
///     Some(Reconciliation::NoKeyFound) => println!("nothing was created; safe to retry"),
///     Some(Reconciliation::Ambiguous { candidates }) => println!("check {candidates:?}"),
///     Some(other) => println!("{other}"),
///     None => println!("the outcome is known: {error}"),
/// }
/// # assert!(matches!(error.reconciliation(), Some(Reconciliation::OrphanRevoked { .. })));
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Reconciliation {
    /// The create had made this key; as its secret was lost, it has been revoked. Nothing else
    /// was changed, and the create can be sent again.
    OrphanRevoked {
        /// The id of the revoked key.
        key_id: String,
    },
    /// No new key made by the request was found, so nothing was revoked: none matched it, or
    /// (for a generate) the only one that did was another user's, which the server refused to
    /// delete. (A server still working on the request when the keys were listed could create
    /// it later.)
    NoKeyFound,
    /// These new keys match the request, and the client cannot tell which one, if any, its
    /// create made (another caller created keys alike at the same time): none was revoked.
    Ambiguous {
        /// The ids of the keys that match.
        candidates: Vec<String>,
    },
    /// Reconciling failed or ran out of time, so a key this create made may be active with
    /// nobody holding its secret.
    Failed {
        /// The orphan's id, when it was identified but revoking it failed.
        key_id: Option<String>,
        /// Why reconciling failed.
        source: Box<Error>,
    },
}

impl fmt::Display for Reconciliation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reconciliation::OrphanRevoked { key_id } => write!(
                f,
                "the create had made key {key_id}, whose secret never arrived, so it was revoked"
            ),
            Reconciliation::NoKeyFound => {
                f.write_str("no key made by this create was found, so none was revoked")
            }
            Reconciliation::Ambiguous { candidates } => write!(
                f,
                "keys {} match the request and cannot be told apart from keys other callers \
                 created, so none was revoked",
                candidates.join(", ")
            ),
            Reconciliation::Failed {
                key_id: Some(key_id),
                source,
            } => write!(
                f,
                "key {key_id} was made by this create, but revoking it failed, so it may still \
                 be active: {source}"
            ),
            Reconciliation::Failed {
                key_id: None,
                source,
            } => write!(
                f,
                "checking for a key made by this create failed, so one may be active: {source}"
            ),
        }
    }
}
