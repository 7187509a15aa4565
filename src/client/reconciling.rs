//! [`KeyApi`] for [`Client`]: the calls reconciliation makes, as this client makes them.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::client::Client;
use crate::error::Result;
use crate::models::{ApiKey, ApiKeyMetadata};
use crate::reconcile::{KeyApi, Ledger};

impl KeyApi for Client {
    fn ledger(&self) -> &Ledger {
        &self.inner.ledger
    }

    fn reconciles_creates(&self) -> bool {
        Client::reconciles_creates(self)
    }

    fn total_timeout(&self) -> Duration {
        self.timeouts().total
    }

    async fn list_user_keys(
        &self,
        org_id: &str,
        user_id: &str,
        deadline: Option<Instant>,
    ) -> Result<(Vec<ApiKey>, Option<DateTime<Utc>>)> {
        let list = self.list_keys(org_id).user(user_id).within(deadline);
        list.send_dated().await
    }

    async fn list_key_metadata(&self, deadline: Option<Instant>) -> Result<Vec<ApiKeyMetadata>> {
        self.list_key_metadata_within(deadline).await
    }

    async fn revoke_key(
        &self,
        org_id: &str,
        user_id: &str,
        key_id: &str,
        deadline: Option<Instant>,
    ) -> Result<ApiKey> {
        self.revoke_key_within(org_id, user_id, key_id, deadline)
            .await
    }

    async fn delete_key(&self, key_id: &str, deadline: Option<Instant>) -> Result<ApiKey> {
        self.delete_key_within(key_id, deadline).await
    }
}
