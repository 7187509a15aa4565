//! One attempt: send the request (or a copy of it), read the body (bounded by the size limit), and
//! hand the read response back to the generated code.

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{CONTENT_LENGTH, HeaderMap};
use reqwest::{Request, Response, ResponseBuilderExt, Url};

use crate::headers::X_REQUEST_ID;
use crate::redact::Redactor;
use crate::transport::context::{CallContext, Captured};
use crate::transport::retry::policy::retry_after;

/// The most a body buffer is sized to from an announced `Content-Length`, before any byte
/// arrived; it grows past this only as bytes come.
const PRESIZE_MAX: usize = 1024 * 1024;

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

/// One attempt: send the request (a copy while retries may follow) and read the body,
/// bounded by the size limit.
pub(super) async fn attempt_once(
    client: &reqwest::Client,
    mut copy: Request,
    context: &CallContext,
    budget: Duration,
) -> reqwest::Result<Answer> {
    let settings = &context.settings;
    // The `reqwest::Client` carries the per-attempt timeout already: only an attempt whose
    // budget the call's deadline shortened needs its own.
    if settings.timeouts.attempt != budget {
        *copy.timeout_mut() = Some(budget);
    }
    let mut response = client.execute(copy).await?;
    context.record.saw_status(response.status());
    let body = read_bounded(&mut response, settings.max_response_bytes).await?;
    let headers = std::mem::take(response.headers_mut());
    let status = response.status();
    let captured = Captured {
        status,
        // Read only where it is used: retrying, and errors that quote it.
        retry_after: (!status.is_success())
            .then(|| retry_after(&headers))
            .flatten(),
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
    // Never more than PRESIZE_MAX before the bytes arrive: a server announcing a terabyte
    // must not make this process allocate one (or abort trying).
    let presize = usize::try_from(announced)
        .unwrap_or(0)
        .min(limit)
        .min(PRESIZE_MAX);
    let mut body = Vec::with_capacity(presize);
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

/// Records an attempt on the call's span (see `outcome::execute`) and as a debug event. What
/// the server sent (its request id) and error texts are redacted first: a gateway may echo
/// the API key in `X-Request-Id`.
pub(super) fn trace_attempt(
    attempt: u32,
    started: Instant,
    outcome: &reqwest::Result<Answer>,
    redactor: &Redactor,
) {
    let span = tracing::Span::current();
    if span.is_disabled() {
        // No subscriber listens: spare the redaction and the clock read.
        return;
    }
    span.record("attempts", attempt);
    let elapsed_ms = started.elapsed().as_millis() as u64;
    match outcome {
        Ok(answer) => {
            let status = answer.captured.status.as_u16();
            span.record("status", status);
            if let Some(id) = answer.headers.get(X_REQUEST_ID) {
                let id = redactor.clean(&String::from_utf8_lossy(id.as_bytes()));
                span.record("request_id", id.as_str());
            }
            tracing::debug!(attempt, status, elapsed_ms, "attempt answered");
        }
        Err(error) => {
            let error = redactor.clean(&error.to_string());
            tracing::debug!(attempt, elapsed_ms, error, "attempt failed")
        }
    }
}
