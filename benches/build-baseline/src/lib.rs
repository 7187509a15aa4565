//! The hand-written baseline: the crate's get, list, create and generate requests written directly with
//! reqwest + serde, as a user without the crate would write them — same method, path, query,
//! headers and empty POST body, decoded into an equivalent struct (timestamps parsed too).
//!
//! Two users: `benches/per_call` runs it as variant (c), the figure the facade is measured
//! against, and `scripts/build-cost.sh` builds it as the dependency baseline of a clean build.

use chrono::NaiveDateTime;
use reqwest::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{RequestBuilder, Url};
use serde::Deserialize;
use serde::de::DeserializeOwned;

const X_API_KEY: HeaderName = HeaderName::from_static("x-api-key");

/// An API key as the server sends it. `NaiveDateTime` reads the server's offset-less
/// timestamps (`2024-01-02T03:04:05.678`), so decoding does the same work as the crate's.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Key {
    pub key_id: String,
    pub org_id: String,
    pub user_id: String,
    pub creation_time: NaiveDateTime,
    pub expiration_time: Option<NaiveDateTime>,
    pub last_used_time: Option<NaiveDateTime>,
    pub scopes: Option<Vec<String>>,
    pub resource_id: Option<String>,
    pub alias: Option<String>,
    pub revoked: Option<bool>,
    /// The secret, in a create response only.
    pub key: Option<String>,
}

/// A get response, `{"key": {...}}`, `{}` for an unknown key.
#[derive(Debug, Deserialize)]
pub struct Found {
    pub key: Option<Key>,
}

/// A list response, `{"items": [...]}`.
#[derive(Debug, Deserialize)]
pub struct KeyList {
    pub items: Vec<Key>,
}

/// A client for one base URL and API key over an injected `reqwest::Client`.
#[derive(Clone, Debug)]
pub struct RawClient {
    http: reqwest::Client,
    base_url: Url,
    api_key: HeaderValue,
}

impl RawClient {
    /// `base_url` such as `http://127.0.0.1:8080`; panics on a malformed URL or key.
    pub fn new(http: reqwest::Client, base_url: &str, api_key: &str) -> Self {
        let mut api_key = HeaderValue::from_str(api_key).expect("a header-safe key");
        api_key.set_sensitive(true);
        let base_url = Url::parse(base_url).expect("a valid base URL");
        Self {
            http,
            base_url,
            api_key,
        }
    }

    /// `GET /v0/organizations/{org_id}/api-key/{key_id}`
    pub async fn get_key(&self, org_id: &str, key_id: &str) -> reqwest::Result<Found> {
        let mut url = self.keys_url(org_id);
        url.path_segments_mut()
            .expect("an http(s) base URL")
            .push(key_id);
        self.send(self.http.get(url)).await
    }

    /// `GET /v0/organizations/{org_id}/api-key?user_id=..`
    pub async fn list_keys(&self, org_id: &str, user_id: &str) -> reqwest::Result<Vec<Key>> {
        let request = self.http.get(self.keys_url(org_id));
        let list: KeyList = self.send(request.query(&[("user_id", user_id)])).await?;
        Ok(list.items)
    }

    /// `POST /v0/organizations/{org_id}/api-key?user_id=..&alias=..&scopes=..&scopes=..`
    pub async fn create_key(
        &self,
        org_id: &str,
        user_id: &str,
        alias: &str,
        scopes: &[&str],
    ) -> reqwest::Result<Key> {
        let mut query = vec![("user_id", user_id), ("alias", alias)];
        query.extend(scopes.iter().map(|scope| ("scopes", *scope)));
        let request = self
            .http
            .post(self.keys_url(org_id))
            .query(&query)
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .header(CONTENT_LENGTH, HeaderValue::from_static("0"));
        self.send(request).await
    }

    /// `POST /v1/api-key?alias=..&scopes=..`
    pub async fn generate_key(&self, alias: &str, scopes: &[&str]) -> reqwest::Result<Key> {
        let mut query = vec![("alias", alias)];
        query.extend(scopes.iter().map(|scope| ("scopes", *scope)));
        let mut url = self.base_url.clone();
        url.path_segments_mut()
            .expect("an http(s) base URL")
            .pop_if_empty()
            .extend(["v1", "api-key"]);
        let request = self
            .http
            .post(url)
            .query(&query)
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .header(CONTENT_LENGTH, HeaderValue::from_static("0"));
        self.send(request).await
    }

    /// The keys collection of `org_id`, the id percent-encoded as one path segment.
    fn keys_url(&self, org_id: &str) -> Url {
        let mut url = self.base_url.clone();
        url.path_segments_mut()
            .expect("an http(s) base URL")
            .pop_if_empty()
            .extend(["v0", "organizations", org_id, "api-key"]);
        url
    }

    /// Adds the headers every call carries, sends, and decodes a 2xx JSON body.
    async fn send<T: DeserializeOwned>(&self, request: RequestBuilder) -> reqwest::Result<T> {
        request
            .header(X_API_KEY, self.api_key.clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(USER_AGENT, HeaderValue::from_static("build-baseline/0.0.0"))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await
    }
}
