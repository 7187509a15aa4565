//! Which API a command uses. A system key (`:whylabs_system`) uses v0, the back-office API
//! that acts on any user of any organization; an organization administrator's key uses v1,
//! the self-service API, where it has the operation (validate, generate a key for oneself,
//! delete one's own key, list the organization's key metadata).
//!
//! The server's validate says only "valid", not which kind of key it is, so `--api auto`
//! (the default) tries v0 and, when the server refuses it with 403, uses v1 for the rest of
//! the run. A 403 changes nothing on the server, so trying v0 first is safe even for revoke.
//! `--api v0` / `--api v1` skip the probe.

mod org_check;
pub mod v1;

use std::cell::Cell;
use std::future::{Future, IntoFuture};

use whylabs_api_keys::{ApiKey, Client, ClientBuilder, Error};

use crate::args::ApiChoice;
use crate::clock::Clock;
use crate::config;
use crate::error::{CliError, CliResult};

/// The API a call went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Api {
    V0,
    V1,
}

/// Whose key a revoke acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    /// v0: `user`'s key in `org`.
    User { org: String, user: String },
    /// v1: one of the caller's own keys.
    Caller,
    /// Looked up in `org` and not found: the server does not know the key, or it is revoked.
    Unknown { org: String },
}

/// A configured client, the organizations named on the command line, and the API chosen.
pub struct Session {
    builder: ClientBuilder,
    client: Client,
    choice: ApiChoice,
    /// What `auto` settled on, once a v0 call succeeded or was refused with 403.
    resolved: Cell<Option<Api>>,
    orgs: Vec<String>,
    /// The key's own organization, from its `:org-id` suffix, when it has one.
    key_org: Option<String>,
    pub clock: Clock,
}

impl Session {
    pub fn new(
        builder: ClientBuilder,
        choice: ApiChoice,
        orgs: Vec<String>,
        clock: Clock,
    ) -> CliResult<Self> {
        let client = config::build(builder.clone())?;
        Ok(Self::with_client(builder, client, choice, orgs, clock))
    }

    /// A session on a client already built from `builder`.
    pub fn with_client(
        builder: ClientBuilder,
        client: Client,
        choice: ApiChoice,
        orgs: Vec<String>,
        clock: Clock,
    ) -> Self {
        Self {
            builder,
            client,
            choice,
            resolved: Cell::new(None),
            orgs,
            key_org: None,
            clock,
        }
    }

    /// Records the key's own organization (the `:org-id` a WhyLabs key ends in), which
    /// commands that need an organization use when none is named, and which explains a 403
    /// for another organization.
    pub fn with_key_org(mut self, key_org: Option<String>) -> Self {
        self.key_org = key_org;
        self
    }

    /// The key's own organization, when the key names it.
    pub fn key_org(&self) -> Option<&str> {
        self.key_org.as_deref()
    }

    /// The client for v0 calls.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The client builder, for v1 clients that name an organization in a header.
    pub fn builder(&self) -> &ClientBuilder {
        &self.builder
    }

    /// The organizations given with `--org` (or WHYLABS_DEFAULT_ORG_ID), possibly none.
    pub fn org_list(&self) -> &[String] {
        &self.orgs
    }

    /// The one organization a command acts on.
    pub fn one_org(&self, command: &str) -> CliResult<&str> {
        match self.orgs.as_slice() {
            [org] => Ok(org),
            [] => Err(CliError::usage(format!(
                "{command} needs an organization: pass --org ORG or set WHYLABS_DEFAULT_ORG_ID"
            ))),
            _ => Err(CliError::usage(format!(
                "{command} acts on one organization; {} were given",
                self.orgs.len()
            ))),
        }
    }

    /// At least one organization (list, audit): those named, else the key's own (a key
    /// ending in `:org-id` names it, and v1 needs no other).
    pub fn orgs(&self, command: &str) -> CliResult<&[String]> {
        if !self.orgs.is_empty() {
            return Ok(&self.orgs);
        }
        match &self.key_org {
            Some(org) => {
                tracing::info!(org = %org, "no --org: using the key's own organization");
                Ok(std::slice::from_ref(org))
            }
            None => Err(CliError::usage(format!(
                "{command} needs an organization: pass --org ORG (repeatable) or set \
                 WHYLABS_DEFAULT_ORG_ID (the key does not end in :org-id, which would name its own)"
            ))),
        }
    }

    /// What `--api` said.
    pub fn choice(&self) -> ApiChoice {
        self.choice
    }

    /// The API the last calls went to, or would go to first.
    pub fn api(&self) -> Api {
        match (self.resolved.get(), self.choice) {
            (Some(api), _) => api,
            (None, ApiChoice::V1) => Api::V1,
            (None, _) => Api::V0,
        }
    }

    /// Runs `v0`, or `v1` when the choice is v1 or v0 was refused with 403 under auto.
    /// Futures do nothing until awaited, so the path not taken sends nothing.
    pub async fn either<T>(
        &self,
        doing: &str,
        v0: impl IntoFuture<Output = whylabs_api_keys::Result<T>>,
        v1: impl Future<Output = CliResult<T>>,
    ) -> CliResult<T> {
        if self.api() == Api::V0 {
            match v0.await {
                Ok(value) => {
                    self.settle_on_v0();
                    return Ok(value);
                }
                Err(error) if self.falls_back(&error) => {}
                Err(error) => return Err(self.v0_error(doing, &error)),
            }
        }
        v1.await
    }

    /// Runs `v0` for a command v1 cannot serve; says so plainly when the key is not a system
    /// key.
    pub async fn v0_only<T>(
        &self,
        doing: &str,
        v1_lacks: &str,
        v0: impl IntoFuture<Output = whylabs_api_keys::Result<T>>,
    ) -> CliResult<T> {
        if self.api() == Api::V1 {
            return Err(needs_system_key(doing, v1_lacks, "v1 was chosen"));
        }
        match v0.await {
            Ok(value) => {
                self.settle_on_v0();
                Ok(value)
            }
            Err(error) if error.is_forbidden() => Err(needs_system_key(
                doing,
                v1_lacks,
                "the server refused v0 with 403, so the key is not a system key",
            )),
            Err(error) => Err(CliError::api(doing, &error)),
        }
    }

    /// Revokes a key: v0 with its owner and organization, else v1 (one's own keys).
    /// `Ok(None)` only when the server said the key does not exist; any other failure, a bare
    /// 404 from a wrong endpoint (`Error::EndpointNotFound`) included, is an error.
    pub async fn revoke(
        &self,
        org: Option<&str>,
        user: Option<&str>,
        key_id: &str,
    ) -> CliResult<Option<ApiKey>> {
        let (Some(org), Some(user)) = (org, user) else {
            return v1::delete(self, key_id).await;
        };
        let v0 = async {
            match self.client.revoke_key(org, user, key_id).await {
                Ok(key) => Ok(Some(key)),
                Err(error) if error.is_not_found() => Ok(None),
                Err(error) => Err(error),
            }
        };
        let doing = format!("revoke key {key_id} of {user} in {org}");
        self.either(&doing, v0, v1::delete(self, key_id)).await
    }

    /// Whom `key_id` belongs to, for a revoke. With `--user`, that user in the one
    /// organization given. Without it, an administrator's key (`--api v1`, or v0 refused with
    /// 403 under auto) revokes its own keys with v1, and a system key looks the owner up in the
    /// organization (get names it; [`Owner::Unknown`] when it does not know the key). Errors
    /// say what is missing, such as the organization to look in.
    pub async fn owner_of(&self, key_id: &str, user: Option<&str>) -> CliResult<Owner> {
        if let Some(user) = user {
            let org = self.one_org("revoke --user")?;
            return Ok(Owner::User {
                org: org.to_string(),
                user: user.to_string(),
            });
        }
        if self.api() == Api::V1 {
            return Ok(Owner::Caller);
        }
        let org = match (self.orgs.as_slice(), self.choice) {
            // Which kind of key this is cannot be told without an organization to ask about;
            // v1's answer says what to add if it is a system key.
            ([], ApiChoice::Auto) => return Ok(Owner::Caller),
            ([], _) => {
                return Err(CliError::usage(format!(
                    "revoke {key_id} with v0 needs the key's organization to look its owner \
                     up: pass --org ORG (or WHYLABS_DEFAULT_ORG_ID), or --user USER --org ORG"
                )));
            }
            _ => self.one_org("revoke")?,
        };
        let doing = format!("look up the owner of key {key_id} in {org}");
        let v0 = async { self.client.get_key(org, key_id).await.map(Some) };
        match self.either(&doing, v0, async { Ok(None) }).await? {
            Some(Some(key)) => Ok(Owner::User {
                org: org.to_string(),
                user: key.user_id,
            }),
            Some(None) => Ok(Owner::Unknown {
                org: org.to_string(),
            }),
            None => Ok(Owner::Caller),
        }
    }

    /// Records that v0 answered, saying so (at `-v`) the first time.
    fn settle_on_v0(&self) {
        if self.resolved.replace(Some(Api::V0)).is_none() {
            tracing::info!("v0 answered: a system key, using the v0 API");
        }
    }

    /// Under auto, a 403 from v0 means the key is no system key: use v1 from now on.
    fn falls_back(&self, error: &Error) -> bool {
        // Concurrent calls (one per organization) may each see the 403: all fall back.
        let fall_back = self.choice == ApiChoice::Auto
            && self.resolved.get() != Some(Api::V0)
            && error.is_forbidden();
        if fall_back {
            tracing::info!("v0 answered 403: not a system key, using the v1 API");
            self.resolved.set(Some(Api::V1));
        }
        fall_back
    }

    fn v0_error(&self, doing: &str, error: &Error) -> CliError {
        if error.is_forbidden() {
            return CliError::failed(format!(
                "{doing}: the server refused the v0 API (403): it needs a system key \
                 (:whylabs_system); with an organization administrator's key use --api v1 \
                 or --api auto"
            ));
        }
        CliError::api(doing, error)
    }
}

fn needs_system_key(doing: &str, v1_lacks: &str, why: &str) -> CliError {
    CliError::failed(format!(
        "{doing}: this needs a system key (:whylabs_system) and the v0 API ({why}); \
         the v1 API an administrator's key uses has no {v1_lacks}"
    ))
}
