//! The generated client's hooks: the one place where requests get their credentials, are
//! retried, timed, traced and have their bodies read (bounded) for error reporting.

use std::sync::atomic::{AtomicU16, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{
    CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT,
};
use reqwest::{Method, Request, Response, ResponseBuilderExt, StatusCode, Url};

use crate::RetryConfig;
use crate::generated::Client as Generated;
use crate::retry::{is_retryable_error, is_retryable_status, retry_after};

/// The header WhyLabs reads the API key from.
const X_API_KEY: HeaderName = HeaderName::from_static("x-api-key");
/// progenitor adds `api-version: <spec version>`; no WhyLabs client sends it.
const API_VERSION: HeaderName = HeaderName::from_static("api-version");
/// The header carrying the server's request id, which its error bodies repeat as `requestId`.
const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Settings every call of one [`Client`](crate::Client) shares.
#[derive(Debug)]
pub(crate) struct Shared {
    /// The `X-API-Key` value, marked sensitive so it never shows in Debug output.
    pub(crate) api_key: HeaderValue,
    pub(crate) retry: RetryConfig,
    pub(crate) attempt_timeout: Duration,
    /// The timeout set on the `reqwest::Client` itself, when the crate built it: an attempt
    /// whose budget equals it needs no timeout of its own.
    pub(crate) client_timeout: Option<Duration>,
    /// The deadline of a whole call, retries and waits included.
    pub(crate) total_timeout: Duration,
    pub(crate) max_response_bytes: usize,
}

/// The generated client's inner value: shared settings plus what one call observed.
///
/// The facade makes one per call, so the record belongs to that call alone. It is public only
/// because the generated client's constructor names it; it cannot be built outside the crate.
#[derive(Debug)]
pub struct CallContext {
    pub(crate) shared: Arc<Shared>,
    pub(crate) record: CallRecord,
}

/// What the hooks saw during one call.
#[derive(Debug, Default)]
pub(crate) struct CallRecord {
    attempts: AtomicU32,
    /// The status of the current attempt once its headers arrived; 0 before.
    status: AtomicU16,
    /// The current attempt's response once its body was read.
    last: Mutex<Option<Captured>>,
}

/// The last response of a call, its body read in full (or up to the limit).
#[derive(Debug, Clone)]
pub(crate) struct Captured {
    pub(crate) status: StatusCode,
    pub(crate) body: Bytes,
    pub(crate) retry_after: Option<Duration>,
    /// The body exceeded the limit and was not read to its end.
    pub(crate) too_large: bool,
}

impl CallContext {
    pub(crate) fn new(shared: Arc<Shared>) -> Self {
        Self {
            shared,
            record: CallRecord::default(),
        }
    }
}

/// A clone starts a fresh record: records belong to one call.
impl Clone for CallContext {
    fn clone(&self) -> Self {
        Self::new(Arc::clone(&self.shared))
    }
}

impl CallRecord {
    pub(crate) fn attempts(&self) -> u32 {
        self.attempts.load(Ordering::Relaxed)
    }

    pub(crate) fn last(&self) -> Option<Captured> {
        self.last.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The status of the last attempt, if its headers arrived (even if its body then failed).
    pub(crate) fn status(&self) -> Option<StatusCode> {
        StatusCode::from_u16(self.status.load(Ordering::Relaxed)).ok()
    }

    /// Starts an attempt, forgetting what the previous one saw; returns its 1-based number.
    fn begin_attempt(&self) -> u32 {
        self.status.store(0, Ordering::Relaxed);
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) = None;
        self.attempts.fetch_add(1, Ordering::Relaxed) + 1
    }

    fn saw_status(&self, status: StatusCode) {
        self.status.store(status.as_u16(), Ordering::Relaxed);
    }

    fn capture(&self, captured: Captured) {
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) = Some(captured);
    }
}

impl ClientHooks<CallContext> for Generated {
    async fn pre<E>(
        &self,
        request: &mut Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        let headers = request.headers_mut();
        headers.remove(API_VERSION);
        headers.insert(X_API_KEY, self.inner().shared.api_key.clone());
        headers.insert(USER_AGENT, HeaderValue::from_static(crate::USER_AGENT));
        if request.method() == Method::POST {
            // The real clients send `Content-Length: 0` and a JSON content type on their
            // empty POST; proxies may answer 411 to a POST without a length.
            let json = HeaderValue::from_static("application/json");
            request.headers_mut().insert(CONTENT_TYPE, json);
            request
                .headers_mut()
                .insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
        }
        Ok(())
    }

    /// Attempts, retries and waits, all within the call's deadline. Every byte of the response
    /// is read here, so bounding each attempt by the time left bounds the whole call without a
    /// timer of its own.
    async fn exec(&self, request: Request, info: &OperationInfo) -> reqwest::Result<Response> {
        let context = self.inner();
        let deadline = Instant::now() + context.shared.total_timeout;
        let idempotent = info.operation_id != "create_api_key";
        let mut retries = 0;
        loop {
            let attempt = context.record.begin_attempt();
            let started = Instant::now();
            let budget = context
                .shared
                .attempt_timeout
                .min(deadline.saturating_duration_since(started));
            let outcome = attempt_once(self.client(), &request, context, budget).await;
            trace_attempt(attempt, started, &outcome);
            let retryable = match &outcome {
                Ok(answer) => {
                    context.record.capture(answer.captured.clone());
                    !answer.captured.too_large
                        && is_retryable_status(answer.captured.status, idempotent)
                }
                Err(error) => is_retryable_error(error, idempotent),
            };
            if !retryable || retries >= context.shared.retry.max_retries {
                return outcome.map(Answer::into_response);
            }
            let server_wait = outcome
                .as_ref()
                .ok()
                .and_then(|answer| answer.captured.retry_after);
            let wait = context.shared.retry.delay(retries + 1, server_wait);
            if Instant::now() + wait >= deadline {
                return outcome.map(Answer::into_response);
            }
            retries += 1;
            tokio::time::sleep(wait).await;
        }
    }
}

/// A response whose body has been read.
struct Answer {
    captured: Captured,
    headers: HeaderMap,
    url: Url,
}

impl Answer {
    /// Hands the read response back to the generated code, which decodes it.
    fn into_response(mut self) -> Response {
        if self.captured.too_large {
            self.headers.remove(CONTENT_LENGTH);
        }
        // Carrying the URL over also spares reqwest parsing a placeholder URL for a response
        // without one, a tenth of the facade's own cost per small call (BENCHMARKS.md).
        let mut response = http::Response::builder()
            .status(self.captured.status)
            .url(self.url)
            .body(self.captured.body)
            .expect("a status taken from a response");
        *response.headers_mut() = self.headers;
        Response::from(response)
    }
}

/// One attempt: send a copy of the request and read the body, bounded by the size limit.
async fn attempt_once(
    client: &reqwest::Client,
    request: &Request,
    context: &CallContext,
    budget: Duration,
) -> reqwest::Result<Answer> {
    let shared = &context.shared;
    let mut copy = request
        .try_clone()
        .expect("API-key requests have no streaming body");
    if shared.client_timeout != Some(budget) {
        *copy.timeout_mut() = Some(budget);
    }
    let mut response = client.execute(copy).await?;
    context.record.saw_status(response.status());
    let body = read_bounded(&mut response, shared.max_response_bytes).await?;
    let headers = std::mem::take(response.headers_mut());
    let captured = Captured {
        status: response.status(),
        retry_after: retry_after(&headers),
        too_large: body.is_none(),
        body: body.unwrap_or_default(),
    };
    let url = response.url().clone();
    Ok(Answer {
        captured,
        headers,
        url,
    })
}

/// Reads the body to its end, or `None` once it passes `limit` bytes (the rest is left unread).
/// A body that arrives in one chunk, as small answers do, is kept as it came, without a copy.
async fn read_bounded(response: &mut Response, limit: usize) -> reqwest::Result<Option<Bytes>> {
    // Taken before reading: reqwest reports what remains of the announced length.
    let announced = response.content_length().unwrap_or(0);
    let Some(first) = response.chunk().await? else {
        return Ok(Some(Bytes::new()));
    };
    if first.len() > limit {
        return Ok(None);
    }
    let Some(second) = response.chunk().await? else {
        return Ok(Some(first));
    };
    // Sized up front when announced, so a large list is copied once rather than regrown.
    let mut body = Vec::with_capacity(usize::try_from(announced).unwrap_or(0).min(limit));
    let mut next = Some(second);
    body.extend_from_slice(&first);
    while let Some(chunk) = next {
        if body.len() + chunk.len() > limit {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
        next = response.chunk().await?;
    }
    Ok(Some(Bytes::from(body)))
}

/// Records an attempt on the call's span (see `Client::execute`) and as a debug event.
fn trace_attempt(attempt: u32, started: Instant, outcome: &reqwest::Result<Answer>) {
    let span = tracing::Span::current();
    span.record("attempts", attempt);
    // Evaluated only when a DEBUG event is enabled: no clock read otherwise.
    let elapsed_ms = || started.elapsed().as_millis() as u64;
    match outcome {
        Ok(answer) => {
            let status = answer.captured.status.as_u16();
            span.record("status", status);
            if let Some(id) = answer
                .headers
                .get(X_REQUEST_ID)
                .and_then(|v| v.to_str().ok())
            {
                span.record("request_id", id);
            }
            tracing::debug!(
                attempt,
                status,
                elapsed_ms = elapsed_ms(),
                "attempt answered"
            );
        }
        Err(error) => {
            tracing::debug!(attempt, elapsed_ms = elapsed_ms(), error = %error, "attempt failed")
        }
    }
}
