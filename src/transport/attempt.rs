//! One attempt: send a copy of the request, read the body (bounded by the size limit), and
//! hand the read response back to the generated code.

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{CONTENT_LENGTH, HeaderMap};
use reqwest::{Request, Response, ResponseBuilderExt, Url};

use crate::headers::X_REQUEST_ID;
use crate::transport::context::{CallContext, Captured};
use crate::transport::retry_policy::retry_after;

/// A response whose body has been read.
pub(super) struct Answer {
    pub(super) captured: Captured,
    headers: HeaderMap,
    url: Url,
}

impl Answer {
    /// Hands the read response back to the generated code, which decodes it.
    pub(super) fn into_response(mut self) -> Response {
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
pub(super) async fn attempt_once(
    client: &reqwest::Client,
    request: &Request,
    context: &CallContext,
    budget: Duration,
) -> reqwest::Result<Answer> {
    let settings = &context.settings;
    let mut copy = request
        .try_clone()
        .expect("API-key requests have no streaming body");
    if settings.client_timeout != Some(budget) {
        *copy.timeout_mut() = Some(budget);
    }
    let mut response = client.execute(copy).await?;
    context.record.saw_status(response.status());
    let body = read_bounded(&mut response, settings.max_response_bytes).await?;
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
pub(super) fn trace_attempt(attempt: u32, started: Instant, outcome: &reqwest::Result<Answer>) {
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
