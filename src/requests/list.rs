//! [`ListKeys`]: the list request with its optional user filter.

use std::time::Instant;

use chrono::{DateTime, Utc};

use crate::client::Client;
use crate::convert;
use crate::error::Result;
use crate::models::ApiKey;
use crate::operation::Operation;
use crate::outcome::{execute, execute_dated};
use crate::requests::awaitable;
use crate::validate;

/// A list request, from [`Client::list_keys`]. `send()` it or `.await` it.
///
/// What it returns (the server's semantics, which the emulator reproduces):
/// - without [`user`](Self::user): every **non-revoked** key of the organization, of every
///   user. Keys past their expiration are **included** (the server does not filter them; use
///   [`ApiKey::is_active_at`] to tell them apart); revoked keys never are.
/// - with [`user`](Self::user): **all** of that user's keys, revoked and expired ones
///   included, without `last_used_time` (the server's query for it does not read it).
///
/// Never secrets.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> whylabs_api_keys::Result<()> {
/// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
/// # let client = emulator.client();
/// # let key = client.create_key("org-123", "user-123").await?.key;
/// # client.create_key("org-123", "user-123").await?;
/// # client.revoke_key("org-123", "user-123", &key.key_id).await?;
/// let active_in_org = client.list_keys("org-123").await?;
/// let all_of_user = client.list_keys("org-123").user("user-123").await?;
/// let revoked = all_of_user.iter().filter(|k| k.revoked).count();
/// assert_eq!((active_in_org.len(), all_of_user.len(), revoked), (1, 2, 1));
/// # Ok(()) }
/// ```
///
/// Requests own what they need (a clone of the client, which is an `Arc`), so they can be
/// spawned and outlive the client value they came from:
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> whylabs_api_keys::Result<()> {
/// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
/// let client = emulator.client();
/// let listing = tokio::spawn(client.list_keys("org-123").send());
/// drop(client);
/// assert!(listing.await.expect("the task ran")?.is_empty());
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListKeys {
    client: Client,
    org_id: String,
    user_id: Option<String>,
    deadline: Option<Instant>,
}

impl ListKeys {
    pub(crate) fn new(client: Client, org_id: String) -> Self {
        Self {
            client,
            org_id,
            user_id: None,
            deadline: None,
        }
    }

    /// Only this user's keys — and then all of them, revoked and expired ones included.
    pub fn user(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// Ends by `deadline` at the latest, for a list that is part of a larger operation.
    pub(crate) fn within(mut self, deadline: Option<Instant>) -> Self {
        self.deadline = deadline;
        self
    }

    /// Checks the input, sends the request and returns the keys' metadata.
    pub async fn send(self) -> Result<Vec<ApiKey>> {
        self.fetch(false).await.map(|(keys, _)| keys)
    }

    /// [`send`](Self::send), also returning the server's `Date` header, if it sent a readable one.
    pub(crate) async fn send_dated(self) -> Result<(Vec<ApiKey>, Option<DateTime<Utc>>)> {
        self.fetch(true).await
    }

    /// Sends the list; reads its `Date` header only when `dated` (a plain list does not pay
    /// for it).
    async fn fetch(self, dated: bool) -> Result<(Vec<ApiKey>, Option<DateTime<Utc>>)> {
        validate::id("org_id", &self.org_id)?;
        if let Some(user_id) = &self.user_id {
            validate::id("user_id", user_id)?;
        }
        let generated = self.client.call_within(self.deadline);
        let mut request = generated.list_api_keys().org_id(self.org_id);
        if let Some(user_id) = self.user_id {
            request = request.user_id(user_id);
        }
        let (listed, date) = if dated {
            execute_dated(Operation::List, &generated, request.send()).await?
        } else {
            (
                execute(Operation::List, &generated, request.send()).await?,
                None,
            )
        };
        let keys = listed.items.into_iter();
        Ok((keys.map(|key| convert::api_key(key).0).collect(), date))
    }
}

awaitable!(ListKeys => Result<Vec<ApiKey>>);
