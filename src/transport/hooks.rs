//! The generated client's hooks: the one place where requests get their credentials, are
//! retried, timed, traced and have their bodies read (bounded) for error reporting.
//!
//! `context` holds what the hooks work with, `attempt` one attempt, `retry_policy` which
//! outcomes are retried. This layer knows the generated client and the settings; it knows
//! nothing of the facade's models or errors (those are `outcome`'s job).

mod attempt;
mod context;
mod request_url;
mod retry_policy;

use std::time::Instant;

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{Method, Request, Response};

use crate::generated::Client as Generated;
use crate::headers::X_API_KEY;
use crate::operation::Operation;
use attempt::{Answer, attempt_once, trace_attempt};
pub use context::CallContext;
pub(crate) use context::{CallRecord, CallSettings};
use retry_policy::{is_retryable_error, is_retryable_status};

/// The `User-Agent` every request carries.
pub const CLIENT_USER_AGENT: &str = concat!("whylabs-api-keys/", env!("CARGO_PKG_VERSION"));

/// progenitor adds `api-version: <spec version>`; no WhyLabs client sends it.
const API_VERSION: HeaderName = HeaderName::from_static("api-version");

impl ClientHooks<CallContext> for Generated {
    async fn pre<E>(
        &self,
        request: &mut Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        request_url::encode_path_strictly(request.url_mut());
        if let Some(reason) = request_url::too_long(request.url()) {
            // `Custom` is the error kind only hooks produce; `outcome` reports it as the URL.
            return Err(progenitor_client::Error::Custom(reason));
        }
        let headers = request.headers_mut();
        headers.remove(API_VERSION);
        headers.insert(X_API_KEY, self.inner().settings.api_key.clone());
        headers.insert(USER_AGENT, HeaderValue::from_static(CLIENT_USER_AGENT));
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
        let settings = &context.settings;
        // The first attempt starts as the call does: one clock read for both.
        let mut started = Instant::now();
        // Saturates: a total timeout of `Duration::MAX` means no deadline, not a panic.
        let deadline = context.deadline_from(started);
        let idempotent = Operation::is_idempotent_id(info.operation_id);
        // Kept while a retry may follow; the last attempt that can be made sends it itself,
        // keeping only its URL for an error message.
        let mut kept = Some(request);
        let mut last_url = None;
        let mut retries = 0;
        loop {
            let sent = match kept.take_if(|_| retries >= settings.retry.max_retries) {
                Some(request) => {
                    last_url = Some(request.url().clone());
                    request
                }
                None => kept
                    .as_ref()
                    .and_then(Request::try_clone)
                    .expect("API-key requests have no streaming body"),
            };
            let attempt = context.record.begin_attempt();
            let left = deadline.map(|deadline| deadline.saturating_duration_since(started));
            let budget = left.map_or(settings.timeouts.attempt, |left| {
                settings.timeouts.attempt.min(left)
            });
            let outcome = attempt_once(self.client(), sent, context, budget).await;
            trace_attempt(attempt, started, &outcome, &settings.redactor);
            let retryable = match &outcome {
                Ok(answer) => {
                    context.record.capture(answer.captured.clone());
                    !answer.captured.too_large
                        && is_retryable_status(answer.captured.status, idempotent)
                }
                Err(error) => is_retryable_error(error, idempotent),
            };
            let url = || kept.as_ref().map(Request::url).or(last_url.as_ref());
            if !retryable || retries >= settings.retry.max_retries {
                return finish(&context.record, outcome, url());
            }
            let server_wait = outcome
                .as_ref()
                .ok()
                .and_then(|answer| answer.captured.retry_after);
            let wait = settings.retry.delay(retries + 1, server_wait);
            let wait_ends = Instant::now().checked_add(wait);
            if deadline.is_some_and(|deadline| wait_ends.is_none_or(|ends| ends >= deadline)) {
                return finish(&context.record, outcome, url());
            }
            retries += 1;
            tokio::time::sleep(wait).await;
            started = Instant::now();
        }
    }
}

/// The call's last outcome, handed to the generated code. Its URL is recorded only for an
/// outcome that can become an error quoting it (a failed attempt or an unsuccessful status):
/// formatting it on every call cost more than the rest of the record.
fn finish(
    record: &CallRecord,
    outcome: reqwest::Result<Answer>,
    url: Option<&reqwest::Url>,
) -> reqwest::Result<Response> {
    let failed = outcome
        .as_ref()
        .map_or(true, |answer| !answer.captured.status.is_success());
    if let (true, Some(url)) = (failed, url) {
        record.set_url(url);
    }
    outcome.map(Answer::into_response)
}
