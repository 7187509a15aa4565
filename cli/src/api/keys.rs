//! One key at a time: get it (v0), create one for a user (v0) or for oneself (v1), and stage
//! its rotation (v0).

use whylabs_api_keys::{ApiKey, CreatedApiKey, PendingRotation};

use crate::api::choice::{Api, ApiChoice};
use crate::api::request::{CreateRequest, KeyExpiry};
use crate::api::session::Session;
use crate::api::{v0, v1};
use crate::error::{CliError, CliResult};

impl Session {
    /// The key `key_id` of `org` (v0 only: v1 has no get); `None` when the server does not
    /// know it or it is revoked (it answers both alike). `doing` names the call in errors.
    pub async fn get_key(&self, org: &str, key_id: &str, doing: &str) -> CliResult<Option<ApiKey>> {
        self.v0_only(doing, "get", v0::get(&self.client, org, key_id))
            .await
    }

    /// A new key: for `request.user` with v0 (a system key), else for the caller with v1.
    pub async fn create(&self, request: &CreateRequest<'_>) -> CliResult<CreatedApiKey> {
        match request.user {
            Some(user) => self.create_for(user, request).await,
            None if self.choice() == ApiChoice::V0 => Err(CliError::usage(
                "create needs --user USER (the key's owner); an administrator's key creates \
                 keys for itself with --api v1 and no --user",
            )),
            None => v1::generate(self, request).await,
        }
    }

    /// Stages the replacement of `old` (v0): the new key is made and both are active until
    /// the returned rotation is committed or aborted. The library's error is returned as it
    /// is, since what it says decides what the caller reports.
    pub async fn stage_rotation(
        &self,
        old: &ApiKey,
        expiry: KeyExpiry,
    ) -> whylabs_api_keys::Result<PendingRotation> {
        v0::stage_rotation(&self.client, old, expiry).await
    }

    /// A v0 create for another user (a system key).
    async fn create_for(
        &self,
        user: &str,
        request: &CreateRequest<'_>,
    ) -> CliResult<CreatedApiKey> {
        if self.api() == Api::V1 {
            return Err(CliError::usage(
                "v1 creates keys for the caller only: omit --user, or use a system key (v0)",
            ));
        }
        let org = self.one_org("create")?;
        let create = v0::create(&self.client, org, user, request);
        let doing = format!("create a key for {user} in {org}");
        self.v0_only(&doing, "way to create a key for another user", create)
            .await
    }
}
