//! [`ClientBuilder`]: where the client's endpoint, credentials, timeouts and retries are set.

use std::sync::Arc;
use std::time::Duration;

use crate::client::{Client, ClientOptions};
use crate::clock::{Clock, SharedClock};
use crate::config::{
    Configure, DEFAULT_BASE_URL, DEFAULT_MAX_RESPONSE_BYTES, RetryConfig, Timeouts,
    checked_base_url, env_var, http_client,
};
use crate::error::{Error, Result};
use crate::models::ApiKeySecret;
use crate::transport::Transport;

/// Configures and builds a [`Client`].
///
/// Defaults: base URL [`DEFAULT_BASE_URL`], [`Timeouts::default`] (connect 10 s, 30 s per
/// attempt, 120 s per call including retries), [`RetryConfig::default`], response bodies up
/// to 8 MiB.
///
/// ```
/// use std::time::Duration;
/// use whylabs_api_keys::Client;
///
/// let client = Client::builder()
///     .base_url("https://whylabs.internal.example.com/")
///     .api_key("fh4dUNV3WQ.secret:org-123")
///     .attempt_timeout(Duration::from_secs(10))
///     .build()?;
/// assert_eq!(client.base_url(), "https://whylabs.internal.example.com");
/// # Ok::<(), whylabs_api_keys::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    /// Where the base URL came from, for error messages: `base_url` or the variable's name.
    base_url_source: &'static str,
    api_key: Option<ApiKeySecret>,
    options: ClientOptions,
    timeouts: Timeouts,
    retry: RetryConfig,
    max_response_bytes: usize,
    allow_insecure_http: bool,
    configure_http: Option<ConfigureHttp>,
}

/// A caller's adjustments of the `reqwest::ClientBuilder` (see [`ClientBuilder::configure_http`]).
#[derive(Clone)]
struct ConfigureHttp(Arc<Configure>);

impl std::fmt::Debug for ConfigureHttp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ConfigureHttp(..)")
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_string(),
            base_url_source: "base_url",
            api_key: None,
            options: ClientOptions {
                reconcile_creates: true,
                ..ClientOptions::default()
            },
            timeouts: Timeouts::default(),
            retry: RetryConfig::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            allow_insecure_http: false,
            configure_http: None,
        }
    }
}

impl ClientBuilder {
    /// The API's base URL, such as `https://api.whylabsapp.com` or a self-hosted deployment's
    /// URL (a path prefix is kept, a trailing `/` dropped). Plain `http://` is accepted for
    /// loopback hosts; other hosts need [`allow_insecure_http`](Self::allow_insecure_http).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self.base_url_source = "base_url";
        self
    }

    /// The API key to authenticate with (sent as `X-API-Key`; never printed).
    pub fn api_key(mut self, key: impl Into<ApiKeySecret>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The organization [`Client::default_org_id`] reports, such as `org-123`.
    pub fn default_org_id(mut self, org_id: impl Into<String>) -> Self {
        self.options.default_org_id = Some(org_id.into());
        self
    }

    /// The managed child organization the v1 methods act on, sent as
    /// `X-WHYLABS-ORGANIZATION`: a parent organization's administrator key may name one of its
    /// managed organizations, and a system key must name the organization for v1 calls.
    ///
    /// ```
    /// let client = whylabs_api_keys::Client::builder()
    ///     .api_key("fh4dUNV3WQ.secret")
    ///     .managed_org("org-child")
    ///     .build()?;
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn managed_org(mut self, org_id: impl Into<String>) -> Self {
        self.options.managed_org = Some(org_id.into());
        self
    }

    /// The clock that [`expires_in`](crate::CreateKey::expires_in) and the expiration
    /// checks are computed against (default: the system's); see [`Clock`]. A local test
    /// server's clients take its clock, which may have been moved forward.
    ///
    /// ```
    /// use whylabs_api_keys::{Client, DateTime, Utc};
    ///
    /// // A clock frozen at one instant, so that computed expirations are reproducible.
    /// let frozen: DateTime<Utc> = "2030-01-02T03:04:05Z".parse().unwrap();
    /// let client = Client::builder()
    ///     .api_key("fh4dUNV3WQ.secret")
    ///     .clock(move || frozen)
    ///     .build()?;
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.options.clock = Some(SharedClock::new(clock));
        self
    }

    /// All three timeouts at once; see [`Timeouts`].
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// How long establishing a connection may take ([`Timeouts::connect`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts = self.timeouts.with_connect(timeout);
        self
    }

    /// How long one attempt may take, from sending the request to the end of the body
    /// ([`Timeouts::attempt`]).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts = self.timeouts.with_attempt(timeout);
        self
    }

    /// How long one call may take in all, retries and waits included ([`Timeouts::total`]).
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts = self.timeouts.with_total(timeout);
        self
    }

    /// How failed attempts are retried; [`RetryConfig::disabled`] for none.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// The largest response body read; a larger one ends the call in
    /// [`Error::BodyTooLarge`].
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Allows plain `http://` to hosts other than loopback, for self-hosted deployments on a
    /// trusted network. The API key then crosses that network unencrypted.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Adjusts the `reqwest::ClientBuilder` the client is built from: proxies, extra root
    /// certificates, a TLS backend, ...
    ///
    /// Whatever `configure` sets, the client then sets its own redirect policy (none: a
    /// redirect would carry the API key to another origin, or re-send a create), its timeouts,
    /// and `https_only` for an `https` base URL, so no adjustment can make it unsafe.
    ///
    /// ```
    /// use whylabs_api_keys::Client;
    ///
    /// let client = Client::builder()
    ///     .api_key("fh4dUNV3WQ.secret")
    ///     .configure_http(|http| http.user_agent("my-service/1.0").pool_max_idle_per_host(4))
    ///     .build()?;
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn configure_http(
        mut self,
        configure: impl Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync + 'static,
    ) -> Self {
        self.configure_http = Some(ConfigureHttp(Arc::new(configure)));
        self
    }

    /// Whether a create (v0) or generate (v1) whose outcome is unknown is reconciled (default
    /// `true`): when the request ends without a readable answer, the client lists the owner's
    /// keys (v0: the user's; v1: the organization's key metadata), finds the key it made, if
    /// it can tell it apart, and revokes it (v1: deletes it), since its secret is lost; see
    /// [`Reconciliation`](crate::Reconciliation). Nothing is sent before the request: on
    /// success a create or generate is one request either way. Off, such a failure is the
    /// plain [`Error::Timeout`], [`Error::Transport`] or [`Error::Api`] it was before.
    ///
    /// ```
    /// let client = whylabs_api_keys::Client::builder()
    ///     .api_key("id.secret")
    ///     .reconcile_creates(false)
    ///     .build()?;
    /// assert!(!client.reconciles_creates());
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn reconcile_creates(mut self, reconcile: bool) -> Self {
        self.options.reconcile_creates = reconcile;
        self
    }

    /// Reads the settings whylogs users already set: `WHYLABS_API_KEY` (required),
    /// `WHYLABS_API_ENDPOINT` and `WHYLABS_DEFAULT_ORG_ID` (optional).
    ///
    /// ```no_run
    /// let client = whylabs_api_keys::Client::builder().from_env()?.build()?;
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn from_env(mut self) -> Result<Self> {
        self.api_key = Some(
            env_var("WHYLABS_API_KEY")?
                .ok_or_else(|| Error::config("WHYLABS_API_KEY", "is not set"))?
                .into(),
        );
        if let Some(endpoint) = env_var("WHYLABS_API_ENDPOINT")? {
            self.base_url = endpoint;
            self.base_url_source = "WHYLABS_API_ENDPOINT";
        }
        if let Some(org_id) = env_var("WHYLABS_DEFAULT_ORG_ID")? {
            self.options.default_org_id = Some(org_id);
        }
        Ok(self)
    }

    /// Checks the settings and builds the client.
    ///
    /// Fails with [`Error::Config`] for a missing API key or an unusable base URL, and with
    /// [`Error::InvalidInput`] for an API key that cannot be sent as a header.
    pub fn build(self) -> Result<Client> {
        let api_key = self
            .api_key
            .as_ref()
            .ok_or_else(|| Error::config("api_key", "no API key was given"))?;
        let base_url = checked_base_url(
            &self.base_url,
            self.base_url_source,
            self.allow_insecure_http,
        )?;
        let configure = self.configure_http.map(|c| c.0);
        let https = base_url.starts_with("https:");
        let http = http_client(&self.timeouts, https, configure.as_deref())?;
        let transport = Transport::new(
            base_url,
            http,
            api_key.expose_secret(),
            self.retry,
            self.timeouts,
            self.max_response_bytes,
        )
        .map_err(|unsendable| Error::invalid("api_key", unsendable.0))?;
        let options = ClientOptions {
            own_key_id: api_key.key_id().map(str::to_string),
            ..self.options
        };
        Ok(Client::from_parts(transport, options))
    }
}
