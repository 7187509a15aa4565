//! [`Client`]: the facade over the generated client, one method per API operation.

use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use progenitor_client::ResponseValue;
use reqwest::StatusCode;
use tracing::Instrument;
use tracing::field::Empty;

use crate::error::{ApiError, ServerErrorBody};
use crate::generated::Client as Generated;
use crate::generated::types::ErrorResponse;
use crate::transport::{CallContext, CallRecord, Shared};
use crate::{ApiKey, ClientBuilder, CreateKey, Error, ListKeys, Result, RotateKey, redact};

/// What a generated operation returns.
type GeneratedResult<T> =
    std::result::Result<ResponseValue<T>, progenitor_client::Error<ErrorResponse>>;

/// A client of the WhyLabs API-key endpoints.
///
/// Cheap to clone (an `Arc` inside), `Send + Sync`: build one and share it. Every call carries
/// the API key, is retried and timed as configured, and runs in a `tracing` span named
/// `whylabs_api_keys` with the operation id, attempt count, status, duration and request id.
///
/// ```
/// use whylabs_api_keys::emulator::Emulator;
/// use whylabs_api_keys::{Client, Scope};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> whylabs_api_keys::Result<()> {
/// // A local emulator (feature `emulator`) stands in for WhyLabs here; against the real API,
/// // `Client::from_env()` or `Client::builder().api_key(..)` with its default URL.
/// let emulator = Emulator::start().await;
/// let client = Client::builder()
///     .base_url(emulator.base_url())
///     .api_key(emulator.admin_key().clone())
///     .build()?;
/// let created = client
///     .create_key("org-123", "user-123")
///     .alias("MLApplicationName")
///     .scopes([Scope::User, Scope::WriteData])
///     .send()
///     .await?;
/// let listed = client.list_keys("org-123").user("user-123").send().await?;
/// assert_eq!(listed, [created.key.clone()]);
/// let found = client.get_key("org-123", &created.key.key_id).await?;
/// assert_eq!(found.as_ref(), Some(&created.key));
/// let revoked = client.revoke_key("org-123", "user-123", &created.key.key_id).await?;
/// assert!(revoked.revoked);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    base_url: String,
    http: reqwest::Client,
    shared: Arc<Shared>,
    default_org_id: Option<String>,
}

impl Client {
    /// Starts configuring a client; see [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from `WHYLABS_API_KEY`, `WHYLABS_API_ENDPOINT` and
    /// `WHYLABS_DEFAULT_ORG_ID`; see [`ClientBuilder::from_env`].
    pub fn from_env() -> Result<Client> {
        Client::builder().from_env()?.build()
    }

    pub(crate) fn from_parts(
        base_url: String,
        http: reqwest::Client,
        shared: Arc<Shared>,
        default_org_id: Option<String>,
    ) -> Self {
        let inner = Inner {
            base_url,
            http,
            shared,
            default_org_id,
        };
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The base URL calls go to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The organization set by `WHYLABS_DEFAULT_ORG_ID` or
    /// [`ClientBuilder::default_org_id`], if any.
    pub fn default_org_id(&self) -> Option<&str> {
        self.inner.default_org_id.as_deref()
    }

    /// The progenitor-generated client, as an escape hatch to the raw operations.
    ///
    /// Its calls still get the API key, retries and tracing from this client's settings, but
    /// return progenitor's types and errors; the returned value is independent of `self`.
    pub fn generated(&self) -> Generated {
        let context = CallContext::new(Arc::clone(&self.inner.shared));
        Generated::new_with_client(&self.inner.base_url, self.inner.http.clone(), context)
    }

    /// Creates a key for `user_id` in `org_id`; set alias, scopes and expiration on the
    /// returned request, then `send` it. The answer holds the key's secret, shown only this once.
    pub fn create_key(
        &self,
        org_id: impl Into<String>,
        user_id: impl Into<String>,
    ) -> CreateKey<'_> {
        CreateKey::new(self, org_id.into(), user_id.into())
    }

    /// Looks up one key's metadata; `Ok(None)` when the server does not know the key (it
    /// answers `{}` then, not 404).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// # let emulator = whylabs_api_keys::emulator::Emulator::start().await;
    /// # let client = emulator.client();
    /// # let key_id = client.create_key("org-123", "user-123").await?.key.key_id;
    /// match client.get_key("org-123", &key_id).await? {
    ///     Some(key) => println!("{} revoked: {}", key.key_id, key.revoked),
    ///     None => println!("unknown key"),
    /// }
    /// assert_eq!(client.get_key("org-123", "fh4dUNV3WQ").await?, None);
    /// # Ok(()) }
    /// ```
    pub async fn get_key(&self, org_id: &str, key_id: &str) -> Result<Option<ApiKey>> {
        crate::validate::id("org_id", org_id)?;
        crate::validate::id("key_id", key_id)?;
        let generated = self.generated();
        let call = generated.get_api_key().org_id(org_id).key_id(key_id).send();
        let found = self.execute("get_api_key", &generated, call).await?;
        Ok(found.key.map(|key| ApiKey::from_generated(key).0))
    }

    /// Lists keys' metadata (never secrets). Without [`ListKeys::user`] the server returns the
    /// organization's active keys only; with a user, all of that user's keys, revoked ones
    /// included.
    pub fn list_keys(&self, org_id: impl Into<String>) -> ListKeys<'_> {
        ListKeys::new(self, org_id.into())
    }

    /// Revokes a key and returns its metadata with `revoked: true`. Revoking a revoked key
    /// succeeds again; an unknown key is an error for which
    /// [`Error::is_not_found`] holds.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// # let emulator = whylabs_api_keys::emulator::Emulator::start().await;
    /// # let client = emulator.client();
    /// # let key_id = client.create_key("org-123", "user-123").await?.key.key_id;
    /// let revoked = client.revoke_key("org-123", "user-123", &key_id).await?;
    /// assert!(revoked.revoked);
    /// let unknown = client.revoke_key("org-123", "user-123", "HMiFAgQeNb").await;
    /// assert!(unknown.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn revoke_key(&self, org_id: &str, user_id: &str, key_id: &str) -> Result<ApiKey> {
        crate::validate::id("org_id", org_id)?;
        crate::validate::id("user_id", user_id)?;
        crate::validate::id("key_id", key_id)?;
        let generated = self.generated();
        let call = generated
            .revoke_api_key()
            .org_id(org_id)
            .user_id(user_id)
            .key_id(key_id)
            .send();
        let revoked = self.execute("revoke_api_key", &generated, call).await?;
        Ok(ApiKey::from_generated(revoked).0)
    }

    /// Replaces `old` with a new key for the same user, alias and scopes, then revokes `old`;
    /// see [`RotateKey`] for the expiration and what happens when the revoke fails.
    pub fn rotate_key(&self, old: &ApiKey) -> RotateKey<'_> {
        RotateKey::new(self, old.clone())
    }

    /// Runs one generated call in its tracing span, and turns its
    /// outcome into this crate's types using what the hooks recorded.
    pub(crate) async fn execute<T>(
        &self,
        operation: &'static str,
        generated: &Generated,
        call: impl Future<Output = GeneratedResult<T>>,
    ) -> Result<T> {
        let span = tracing::info_span!(
            "whylabs_api_keys",
            operation,
            attempts = Empty,
            status = Empty,
            duration_ms = Empty,
            request_id = Empty
        );
        // No clock read when no subscriber listens (the span is disabled then).
        let started = (!span.is_disabled()).then(Instant::now);
        // The total deadline is enforced in the exec hook (src/transport.rs).
        let outcome = call.instrument(span.clone()).await;
        if let Some(started) = started {
            span.record("duration_ms", started.elapsed().as_millis() as u64);
        }
        let error = match outcome {
            Ok(value) => return Ok(value.into_inner()),
            Err(error) => self.convert_error(operation, &generated.inner.record, error),
        };
        if let Some(id) = error.api_error().and_then(ApiError::request_id) {
            span.record("request_id", id);
        }
        Err(error)
    }

    /// Maps a generated error onto [`Error`]; the status and body come from the call record,
    /// since progenitor drops the status of an undecodable body.
    fn convert_error(
        &self,
        operation: &'static str,
        record: &CallRecord,
        error: progenitor_client::Error<ErrorResponse>,
    ) -> Error {
        use progenitor_client::Error as E;
        let attempts = record.attempts();
        let last = record.last();
        if let Some(last) = last.as_ref().filter(|last| last.too_large) {
            return Error::BodyTooLarge {
                operation,
                status: last.status,
                limit: self.inner.shared.max_response_bytes,
            };
        }
        let retry_after = last.as_ref().and_then(|c| c.retry_after);
        let (status, body) = last.map(|c| (c.status, c.body)).unwrap_or_default();
        let api = |body: ServerErrorBody, excerpt: String| {
            Error::from(ApiError {
                operation,
                status,
                body,
                excerpt,
                retry_after,
                attempts,
            })
        };
        match error {
            E::CommunicationError(source)
            | E::ResponseBodyError(source)
            | E::InvalidUpgrade(source) => {
                let status = record.status();
                if source.is_timeout() {
                    Error::Timeout {
                        operation,
                        attempts,
                        status,
                    }
                } else {
                    Error::Transport {
                        operation,
                        attempts,
                        status,
                        source,
                    }
                }
            }
            E::ErrorResponse(value) => api(value.into_inner().into(), String::new()),
            E::InvalidResponsePayload(_, _) | E::UnexpectedResponse(_) if !status.is_success() => {
                match serde_json::from_slice::<ServerErrorBody>(&body) {
                    Ok(parsed) if parsed.message.is_some() => api(parsed, String::new()),
                    _ => api(ServerErrorBody::default(), self.excerpt(&body)),
                }
            }
            E::InvalidResponsePayload(_, reason) => {
                self.decode_error(operation, status, reason.to_string(), &body)
            }
            E::UnexpectedResponse(_) => self.decode_error(
                operation,
                status,
                "the API documents no such status".to_string(),
                &body,
            ),
            E::InvalidRequest(reason) | E::Custom(reason) => Error::InvalidInput {
                field: "request",
                reason,
            },
        }
    }

    fn decode_error(
        &self,
        operation: &'static str,
        status: StatusCode,
        reason: String,
        body: &[u8],
    ) -> Error {
        Error::Decode {
            operation,
            status,
            reason: self.excerpt(reason.as_bytes()),
            excerpt: self.excerpt(body),
        }
    }

    /// A short excerpt of `text` with the API key and key secrets redacted.
    fn excerpt(&self, text: &[u8]) -> String {
        let api_key = self.inner.shared.api_key.to_str().unwrap_or_default();
        redact::Redactor::new(api_key).excerpt(text)
    }
}

impl From<ErrorResponse> for ServerErrorBody {
    fn from(value: ErrorResponse) -> Self {
        Self {
            message: Some(value.message),
            request_id: Some(value.request_id),
            kind: Some(value.type_),
            parameter: value.parameter,
        }
    }
}
