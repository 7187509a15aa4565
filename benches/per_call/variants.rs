//! The three ways of making the same call that the benchmark compares.

use std::time::Duration;

use whylabs_api_keys::{Client, Scope};

use crate::raw::RawClient;
use crate::server::{KEY_ID, org_of};

const USER: &str = "user-123";
const ALIAS: &str = "nightly-upload";
const API_KEY: &str = "fh4dUNV3WQ.bench-secret";

/// Who makes the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// (a) the facade: `Client::list_keys` / `Client::create_key`, default retries on.
    Facade,
    /// (b) the generated client through the facade's escape hatch, `Client::generated()`
    /// (with the same hooks: API key, retries, bounded body read).
    Generated,
    /// (c) hand-written reqwest + serde_json (`benches/build-baseline/src/lib.rs`).
    Raw,
}

impl Variant {
    pub const ALL: [Variant; 3] = [Variant::Facade, Variant::Generated, Variant::Raw];

    pub fn label(self) -> &'static str {
        match self {
            Variant::Facade => "(a) facade",
            Variant::Generated => "(b) generated",
            Variant::Raw => "(c) raw reqwest",
        }
    }
}

/// What is called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workload {
    /// Get one key by id (`org-1`'s `KEY_ID`).
    Get,
    /// List a user's keys; the server answers `n` keys.
    List(usize),
    /// Create a key with an alias and two scopes.
    Create,
    /// Generate (v1) a key with an alias and two scopes.
    Generate,
}

impl Workload {
    pub fn label(self) -> String {
        match self {
            Workload::Get => "get".to_string(),
            Workload::List(n) => format!("list {n}"),
            Workload::Create => "create".to_string(),
            Workload::Generate => "generate".to_string(),
        }
    }

    /// How many keys a successful call returns.
    pub fn keys(self) -> usize {
        match self {
            Workload::List(n) => n,
            Workload::Get | Workload::Create | Workload::Generate => 1,
        }
    }
}

/// One client per variant, each with its own `reqwest::Client` of identical settings (those
/// `Client::builder().build()` uses: no redirects, connect timeout 10 s, timeout 30 s), so that
/// no variant shares another's connections.
pub struct Callers {
    facade: Client,
    generated: Client,
    raw: RawClient,
}

impl Callers {
    pub fn new(base_url: &str) -> Self {
        let facade = || {
            // The default settings: retries and create reconciliation on (a create or
            // generate is still one request: nothing is listed unless its outcome is unknown).
            Client::builder()
                .base_url(base_url)
                .api_key(API_KEY)
                .build()
                .expect("facade client")
        };
        let (facade, generated) = (facade(), facade());
        // The same settings as the facade's own client. Built after it: building the facade
        // installs the rustls provider that reqwest needs.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .build()
            .expect("reqwest client");
        Self {
            facade,
            generated,
            raw: RawClient::new(http, base_url, API_KEY),
        }
    }

    /// Makes one call; returns the number of keys decoded. Any failure is a bug in the
    /// benchmark, so it panics.
    pub async fn call(&self, variant: Variant, workload: Workload) -> usize {
        match (variant, workload) {
            (Variant::Facade, Workload::Get) => {
                let found = self.facade.get_key(&org_of(1), KEY_ID).await;
                usize::from(found.expect("facade get").is_some())
            }
            (Variant::Facade, Workload::List(n)) => {
                let keys = self.facade.list_keys(org_of(n)).user(USER).send().await;
                keys.expect("facade list").len()
            }
            (Variant::Facade, Workload::Create) => {
                let created = self.facade.create_key(org_of(1), USER).alias(ALIAS);
                let created = created.scopes([Scope::User, Scope::WriteData]).send().await;
                usize::from(!created.expect("facade create").key.key_id.is_empty())
            }
            (Variant::Facade, Workload::Generate) => {
                let created = self.facade.generate_key().alias(ALIAS);
                let created = created.scopes([Scope::User, Scope::WriteData]).send().await;
                usize::from(!created.expect("facade generate").key.key_id.is_empty())
            }
            (Variant::Generated, Workload::Get) => {
                let generated = self.generated.generated();
                let found = generated.get_api_key().org_id(org_of(1)).key_id(KEY_ID);
                usize::from(found.send().await.expect("generated get").key.is_some())
            }
            (Variant::Generated, Workload::List(n)) => {
                let generated = self.generated.generated();
                let listed = generated.list_api_keys().org_id(org_of(n)).user_id(USER);
                listed.send().await.expect("generated list").items.len()
            }
            (Variant::Generated, Workload::Create) => {
                let generated = self.generated.generated();
                let scopes = vec![":user".to_string(), ":write_data".to_string()];
                let created = generated.create_api_key().org_id(org_of(1)).user_id(USER);
                let created = created.alias(ALIAS).scopes(scopes).send().await;
                usize::from(created.expect("generated create").key.is_some())
            }
            (Variant::Generated, Workload::Generate) => {
                let generated = self.generated.generated();
                let scopes = vec![":user".to_string(), ":write_data".to_string()];
                let created = generated.generate_api_key().alias(ALIAS).scopes(scopes);
                usize::from(
                    created
                        .send()
                        .await
                        .expect("generated generate")
                        .key
                        .is_some(),
                )
            }
            (Variant::Raw, Workload::Get) => {
                let found = self.raw.get_key(&org_of(1), KEY_ID).await;
                usize::from(found.expect("raw get").key.is_some())
            }
            (Variant::Raw, Workload::List(n)) => {
                let keys = self.raw.list_keys(&org_of(n), USER).await;
                keys.expect("raw list").len()
            }
            (Variant::Raw, Workload::Create) => {
                let scopes = [":user", ":write_data"];
                let created = self.raw.create_key(&org_of(1), USER, ALIAS, &scopes).await;
                usize::from(created.expect("raw create").key.is_some())
            }
            (Variant::Raw, Workload::Generate) => {
                let scopes = [":user", ":write_data"];
                let created = self.raw.generate_key(ALIAS, &scopes).await;
                usize::from(created.expect("raw generate").key.is_some())
            }
        }
    }
}
