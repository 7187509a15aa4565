//! [`ClientBuilder`]: where the client's endpoint, credentials, timeouts and retries are set.

use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::HeaderValue;

use crate::transport::Shared;
use crate::{ApiKeySecret, Client, Error, Result, RetryConfig};

/// The WhyLabs API's public endpoint.
pub const DEFAULT_BASE_URL: &str = "https://api.whylabsapp.com";

/// Configures and builds a [`Client`].
///
/// Defaults: base URL [`DEFAULT_BASE_URL`], connect timeout 10 s, 30 s per attempt, 120 s per
/// call including retries, [`RetryConfig::default`], response bodies up to 8 MiB.
///
/// ```
/// use std::time::Duration;
/// use whylabs_api_keys::Client;
///
/// let client = Client::builder()
///     .base_url("https://whylabs.internal.example.com/")
///     .api_key("fh4dUNV3WQ.secret:org-123")
///     .request_timeout(Duration::from_secs(10))
///     .build()?;
/// assert_eq!(client.base_url(), "https://whylabs.internal.example.com");
/// # Ok::<(), whylabs_api_keys::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    api_key: Option<ApiKeySecret>,
    default_org_id: Option<String>,
    connect_timeout: Duration,
    request_timeout: Duration,
    total_timeout: Duration,
    retry: RetryConfig,
    max_response_bytes: usize,
    allow_insecure_http: bool,
    http_client: Option<reqwest::Client>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_string(),
            api_key: None,
            default_org_id: None,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            total_timeout: Duration::from_secs(120),
            retry: RetryConfig::default(),
            max_response_bytes: 8 * 1024 * 1024,
            allow_insecure_http: false,
            http_client: None,
        }
    }
}

impl ClientBuilder {
    /// The API's base URL, such as `https://api.whylabsapp.com` or a self-hosted deployment's
    /// URL (a path prefix is kept, a trailing `/` dropped). Plain `http://` is accepted for
    /// loopback hosts; other hosts need [`allow_insecure_http`](Self::allow_insecure_http).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The API key to authenticate with (sent as `X-API-Key`; never printed).
    pub fn api_key(mut self, key: impl Into<ApiKeySecret>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The organization [`Client::default_org_id`] reports, such as `org-123`.
    pub fn default_org_id(mut self, org_id: impl Into<String>) -> Self {
        self.default_org_id = Some(org_id.into());
        self
    }

    /// How long establishing a connection may take (only for clients this builder creates).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take, from sending the request to the end of the body.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// How long one call may take in all, retries and waits included.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = timeout;
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

    /// Uses this `reqwest::Client` (proxies, custom roots, ...). Its own redirect policy and
    /// connect timeout then apply: start from [`http_client_builder`], which follows no
    /// redirects (so the API key never leaves the configured origin) and sets up TLS.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
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
        }
        if let Some(org_id) = env_var("WHYLABS_DEFAULT_ORG_ID")? {
            self.default_org_id = Some(org_id);
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
        let base_url = checked_base_url(&self.base_url, self.allow_insecure_http)?;
        // The per-attempt timeout lives in a client built here, so that a first attempt sets
        // no timeout of its own; an injected client's timeout is unknown, so each attempt does.
        let (http, client_timeout) = match self.http_client {
            Some(client) => (client, None),
            None => (
                default_http_client(self.connect_timeout, self.request_timeout)?,
                Some(self.request_timeout),
            ),
        };
        let shared = Shared {
            api_key: header_value(api_key)?,
            retry: self.retry,
            attempt_timeout: self.request_timeout,
            client_timeout,
            total_timeout: self.total_timeout,
            max_response_bytes: self.max_response_bytes,
        };
        Ok(Client::from_parts(
            base_url,
            http,
            Arc::new(shared),
            self.default_org_id,
        ))
    }
}

/// An environment variable: `None` when unset, an error when set but empty or not Unicode.
fn env_var(name: &'static str) -> Result<Option<String>> {
    match std::env::var(name) {
        Ok(value) if value.trim().is_empty() => Err(Error::config(name, "is set but empty")),
        Ok(value) => Ok(Some(value.trim().to_string())),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::config(name, "is not valid Unicode")),
    }
}

/// The API key as a header value, marked sensitive so that it never shows in Debug output.
fn header_value(key: &ApiKeySecret) -> Result<HeaderValue> {
    let secret = key.expose_secret();
    if secret.trim().is_empty() {
        return Err(Error::invalid("api_key", "is empty"));
    }
    let mut value = HeaderValue::from_str(secret)
        .map_err(|_| Error::invalid("api_key", "contains characters a header cannot carry"))?;
    value.set_sensitive(true);
    Ok(value)
}

/// The base URL without its trailing `/`, after checking scheme, host and the http opt-in.
fn checked_base_url(raw: &str, allow_insecure_http: bool) -> Result<String> {
    let url = Url::parse(raw.trim())
        .map_err(|e| Error::config("base_url", format!("{raw:?} is not a URL: {e}")))?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(
            "base_url",
            format!("{raw:?} must not have a query or fragment"),
        ));
    }
    let loopback = match url.host() {
        Some(url::Host::Domain(domain)) => domain == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => return Err(Error::config("base_url", format!("{raw:?} has no host"))),
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback || allow_insecure_http => {}
        "http" => {
            return Err(Error::config(
                "base_url",
                format!(
                    "{raw:?} is plain http to a non-loopback host; use https or allow_insecure_http(true)"
                ),
            ));
        }
        other => {
            return Err(Error::config(
                "base_url",
                format!("scheme {other:?} is not http or https"),
            ));
        }
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// A `reqwest::ClientBuilder` with this crate's defaults, to customise (proxies, extra root
/// certificates, ...) and hand to [`ClientBuilder::http_client`]: redirects are not followed,
/// so the API key never leaves the configured origin, and with the `rustls` feature the `ring`
/// provider is installed first (reqwest panics at `build()` without one).
///
/// ```
/// use std::time::Duration;
///
/// let http = whylabs_api_keys::http_client_builder()
///     .connect_timeout(Duration::from_secs(5))
///     .build()
///     .expect("TLS backend available");
/// let client = whylabs_api_keys::Client::builder().api_key("id.secret").http_client(http).build()?;
/// # Ok::<(), whylabs_api_keys::Error>(())
/// ```
pub fn http_client_builder() -> reqwest::ClientBuilder {
    crate::tls::ensure_provider();
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none())
}

/// The `reqwest::Client` built when none is injected: [`http_client_builder`] with the
/// connect and per-attempt timeouts.
fn default_http_client(
    connect_timeout: Duration,
    attempt_timeout: Duration,
) -> Result<reqwest::Client> {
    http_client_builder()
        .connect_timeout(connect_timeout)
        .timeout(attempt_timeout)
        .build()
        .map_err(|e| Error::config("http_client", format!("cannot build the HTTP client: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_key_header_is_marked_sensitive() {
        let value = header_value(&ApiKeySecret::from("fh4dUNV3WQ.secret")).unwrap();
        assert!(value.is_sensitive());
        assert_eq!(format!("{value:?}"), "Sensitive");
    }
}
