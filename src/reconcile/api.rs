//! [`KeyApi`]: what reconciliation needs of the client it runs for — its ledger and settings,
//! and the calls that list an owner's keys and revoke one. The facade's client implements it,
//! so this module imports nothing of the facade and the facade's builders call into it.

use std::future::Future;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::models::{ApiKey, ApiKeyMetadata};
use crate::reconcile::ledger::Ledger;

/// The client as reconciliation sees it. Every call ends by the `deadline` it is given, at the
/// latest; reconciliation only lists and revokes, it never creates anything.
pub(crate) trait KeyApi: Sync {
    /// What this client's calls have in flight.
    fn ledger(&self) -> &Ledger;

    /// Whether an outcome that may hide a created key is reconciled.
    fn reconciles_creates(&self) -> bool;

    /// How long a whole call may take: the create and its reconciliation together.
    fn total_timeout(&self) -> Duration;

    /// v0 list of all of `user_id`'s keys in `org_id`, with the answer's `Date` header when it
    /// sent a readable one.
    fn list_user_keys(
        &self,
        org_id: &str,
        user_id: &str,
        deadline: Option<Instant>,
    ) -> impl Future<Output = Result<(Vec<ApiKey>, Option<DateTime<Utc>>)>> + Send;

    /// v1 list of the organization's key metadata.
    fn list_key_metadata(
        &self,
        deadline: Option<Instant>,
    ) -> impl Future<Output = Result<Vec<ApiKeyMetadata>>> + Send;

    /// v0 revoke of `key_id` of `user_id` in `org_id`.
    fn revoke_key(
        &self,
        org_id: &str,
        user_id: &str,
        key_id: &str,
        deadline: Option<Instant>,
    ) -> impl Future<Output = Result<ApiKey>> + Send;

    /// v1 delete of the caller's `key_id`.
    fn delete_key(
        &self,
        key_id: &str,
        deadline: Option<Instant>,
    ) -> impl Future<Output = Result<ApiKey>> + Send;
}
