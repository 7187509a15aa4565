//! [`Session`]: a configured client, the organizations named on the command line, and the
//! API chosen; the operations are in the sibling modules, each an `impl Session`.

use std::cell::Cell;

use whylabs_api_keys::{Client, ClientBuilder};

use crate::api::choice::{Api, ApiChoice};
use crate::api::client::{ENDPOINT_SETTINGS, build};
use crate::clock::Clock;
use crate::error::{CliError, CliResult};

/// A configured client, the organizations named on the command line, and the API chosen.
pub struct Session {
    /// For v1 clients that name an organization in a header.
    pub(super) builder: ClientBuilder,
    pub(super) client: Client,
    pub(super) choice: ApiChoice,
    /// What `auto` settled on, once a v0 call succeeded or was refused with 403.
    pub(super) resolved: Cell<Option<Api>>,
    orgs: Vec<String>,
    /// The key's own organization, from its `:org-id` suffix, when it has one.
    key_org: Option<String>,
    pub clock: Clock,
}

impl Session {
    /// A session on a client built from `builder` (the demo's, whose endpoint is no setting).
    pub fn new(
        builder: ClientBuilder,
        choice: ApiChoice,
        orgs: Vec<String>,
        clock: Clock,
    ) -> CliResult<Self> {
        let client = build(builder.clone(), ENDPOINT_SETTINGS)?;
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
}
