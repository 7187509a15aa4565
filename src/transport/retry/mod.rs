//! Retries, as one subsystem: which outcomes are retried (`policy.rs`), how long to wait
//! before the next attempt (`delay.rs`), and the loop that makes the attempts within the
//! call's deadline (here). The values it reads are the plain [`RetryConfig`] and
//! [`Timeouts`](crate::config::Timeouts) of `config/`.
//!
//! [`RetryConfig`]: crate::config::RetryConfig

mod delay;
pub(super) mod policy;

use std::time::Instant;

use reqwest::{Request, Response};

use crate::transport::attempt::{Answer, attempt_once, trace_attempt};
use crate::transport::context::{CallContext, CallRecord};
use delay::delay;
pub(super) use policy::is_idempotent_id;
use policy::{is_retryable_error, is_retryable_status};

/// Sends `request` with `client`, retrying as the call's settings say, all within the call's
/// deadline. Every byte of the response is read here, so bounding each attempt by the time
/// left bounds the whole call without a timer of its own. `idempotent`: whether an attempt
/// that may have reached the server can be repeated.
pub(super) async fn send_with_retries(
    client: &reqwest::Client,
    request: Request,
    context: &CallContext,
    idempotent: bool,
) -> reqwest::Result<Response> {
    let settings = &context.settings;
    // The first attempt starts as the call does: one clock read for both.
    let mut started = Instant::now();
    // Saturates: a total timeout of `Duration::MAX` means no deadline, not a panic.
    let deadline = context.deadline_from(started);
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
        let outcome = attempt_once(client, sent, context, budget).await;
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
        let wait = delay(&settings.retry, retries + 1, server_wait);
        let wait_ends = Instant::now().checked_add(wait);
        if deadline.is_some_and(|deadline| wait_ends.is_none_or(|ends| ends >= deadline)) {
            return finish(&context.record, outcome, url());
        }
        retries += 1;
        tokio::time::sleep(wait).await;
        started = Instant::now();
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
