//! Listing keys: an organization's (v0: with owners and last use; v1: metadata only) or a
//! user's (v0 only), for every organization a command names, fetched concurrently.

use futures_util::future::try_join_all;
use whylabs_api_keys::ApiKey;

use crate::api::choice::Api;
use crate::api::session::Session;
use crate::api::{v0, v1};
use crate::error::CliResult;
use crate::records::KeyRecord;

impl Session {
    /// The keys of every organization given (or the key's own), in organization order: those
    /// not revoked, or with `user` all of that user's keys.
    pub async fn list_keys(&self, user: Option<&str>) -> CliResult<Vec<KeyRecord>> {
        let own_org = self.org_list().is_empty() && user.is_none() && self.api() == Api::V1;
        let orgs: Vec<Option<&str>> = if own_org {
            // v1 needs no organization: it lists the key's own.
            vec![None]
        } else {
            self.orgs("list")?
                .iter()
                .map(|o| Some(o.as_str()))
                .collect()
        };
        let lists = try_join_all(orgs.into_iter().map(|org| self.list_org(org, user))).await?;
        Ok(lists.into_iter().flatten().collect())
    }

    /// Every key of a departing `user` in `org`, revoked ones included (v0 only).
    pub async fn keys_to_offboard(&self, org: &str, user: &str) -> CliResult<Vec<ApiKey>> {
        self.user_keys(org, user, "way to list another user's keys")
            .await
    }

    async fn list_org(&self, org: Option<&str>, user: Option<&str>) -> CliResult<Vec<KeyRecord>> {
        let now = self.clock.now();
        if let Some(user) = user {
            let org = org.unwrap_or_default();
            // The server leaves lastUsedTime out of a user's list: usage unknown.
            let keys = self.user_keys(org, user, "per-user list").await?;
            return Ok(keys
                .iter()
                .map(|k| KeyRecord::from_key(k, now, false))
                .collect());
        }
        // Only v1 runs without an organization (see `list_keys`).
        let v0 = v0::list_org(&self.client, org.unwrap_or_default(), now);
        let doing = format!("list the keys of {}", org.unwrap_or("your organization"));
        self.either(&doing, v0, v1::list(self, org)).await
    }

    /// A user's keys (v0 only); `v1_lacks` says what v1 has not, for the command asking.
    async fn user_keys(&self, org: &str, user: &str, v1_lacks: &str) -> CliResult<Vec<ApiKey>> {
        let doing = format!("list the keys of {user} in {org}");
        self.v0_only(&doing, v1_lacks, v0::list_user(&self.client, org, user))
            .await
    }
}
