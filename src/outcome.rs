//! From a generated call's outcome to this crate's types: runs the call in its tracing span,
//! and turns progenitor's results and errors into [`Error`] kinds, quoting bodies only as
//! short, redacted excerpts.

use std::future::Future;
use std::time::Instant;

use chrono::{DateTime, Utc};
use progenitor_client::{ClientInfo, ResponseValue};
use reqwest::StatusCode;
use reqwest::header::DATE;
use serde::de::DeserializeOwned;
use tracing::Instrument;
use tracing::field::Empty;

use crate::error::{ApiError, Error, Result, ServerErrorBody};
use crate::generated::Client as Generated;
use crate::generated::types::ErrorResponse;
use crate::operation::Operation;
use crate::transport::{CallRecord, CallSettings};

/// The error `type` by which the server says that a resource (a key) does not exist.
const RESOURCE_NOT_FOUND: &str = "ResourceNotFound";

/// What a generated operation returns.
type GeneratedResult<T> =
    std::result::Result<ResponseValue<T>, progenitor_client::Error<ErrorResponse>>;

/// Runs one generated call of `operation` in its tracing span, and turns its outcome into this
/// crate's types using what the hooks recorded in `generated`'s call context.
pub(crate) async fn execute<T: DeserializeOwned>(
    operation: Operation,
    generated: &Generated,
    call: impl Future<Output = GeneratedResult<T>>,
) -> Result<T> {
    let value = run(operation, generated, call).await?;
    Ok(value.into_inner())
}

/// [`execute`], also returning the server's `Date` header (its clock when it answered, to the
/// second), `None` when it sent none, an unreadable one, or a success the API does not declare.
pub(crate) async fn execute_dated<T: DeserializeOwned>(
    operation: Operation,
    generated: &Generated,
    call: impl Future<Output = GeneratedResult<T>>,
) -> Result<(T, Option<DateTime<Utc>>)> {
    let value = run(operation, generated, call).await?;
    let date = match &value {
        Answer::Declared(value) => value
            .headers()
            .get(DATE)
            .and_then(|date| date.to_str().ok())
            .and_then(|date| httpdate::parse_http_date(date).ok())
            .map(DateTime::<Utc>::from),
        Answer::Undeclared(_) => None,
    };
    Ok((value.into_inner(), date))
}

/// A call's value: a declared success with its response's headers, or an undeclared 2xx.
enum Answer<T> {
    Declared(ResponseValue<T>),
    Undeclared(T),
}

impl<T> Answer<T> {
    fn into_inner(self) -> T {
        match self {
            Answer::Declared(value) => value.into_inner(),
            Answer::Undeclared(value) => value,
        }
    }
}

/// The body of [`execute`] and [`execute_dated`].
async fn run<T: DeserializeOwned>(
    operation: Operation,
    generated: &Generated,
    call: impl Future<Output = GeneratedResult<T>>,
) -> Result<Answer<T>> {
    let span = tracing::info_span!(
        "whylabs_api_keys",
        operation = operation.id(),
        attempts = Empty,
        status = Empty,
        duration_ms = Empty,
        request_id = Empty
    );
    // The total deadline is enforced in the retry loop (src/transport/retry/mod.rs).
    let outcome = if span.is_disabled() {
        // No subscriber listens: entering and leaving a disabled span on every poll does
        // nothing but cost, and no clock is read for a duration nobody records.
        call.await
    } else {
        let started = Instant::now();
        let outcome = call.instrument(span.clone()).await;
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        outcome
    };
    let context = generated.inner();
    let error = match outcome {
        Ok(value) => return Ok(Answer::Declared(value)),
        Err(error) => match undeclared_success(&error, &context.record) {
            Some(value) => return Ok(Answer::Undeclared(value)),
            None => Conversion {
                operation,
                settings: &context.settings,
                record: &context.record,
            }
            .error(error),
        },
    };
    // Already redacted: ApiError holds only cleaned server text.
    if let Some(id) = error.api_error().and_then(ApiError::request_id) {
        span.record("request_id", id);
    }
    Err(error)
}

/// The value of a success status the API does not declare (a 201 or 202 where the spec says
/// 200), when its body is what the declared success carries: a created key's secret is not
/// dropped because a gateway or a newer server picked another 2xx.
fn undeclared_success<T: DeserializeOwned>(
    error: &progenitor_client::Error<ErrorResponse>,
    record: &CallRecord,
) -> Option<T> {
    if !matches!(error, progenitor_client::Error::UnexpectedResponse(_)) {
        return None;
    }
    let last = record.last()?;
    if !last.status.is_success() || last.too_large {
        return None;
    }
    serde_json::from_slice(&last.body).ok()
}

/// What converting one call's error needs: the operation, the client's settings and what the
/// hooks recorded (progenitor drops the status of an undecodable body; the record has it).
struct Conversion<'a> {
    operation: Operation,
    settings: &'a CallSettings,
    record: &'a CallRecord,
}

impl Conversion<'_> {
    /// Maps a generated error onto [`Error`].
    fn error(&self, error: progenitor_client::Error<ErrorResponse>) -> Error {
        use progenitor_client::Error as E;
        let operation = self.operation;
        let attempts = self.record.attempts();
        let last = self.record.last();
        if let Some(last) = last.as_ref().filter(|last| last.too_large) {
            return Error::BodyTooLarge {
                operation,
                status: last.status,
                limit: self.settings.max_response_bytes,
            };
        }
        let retry_after = last.as_ref().and_then(|c| c.retry_after);
        let (status, body) = last.map(|c| (c.status, c.body)).unwrap_or_default();
        let api = |body: ServerErrorBody, excerpt: String| {
            if status == StatusCode::NOT_FOUND && body.kind.as_deref() != Some(RESOURCE_NOT_FOUND) {
                return Error::EndpointNotFound {
                    operation,
                    url: self.url(),
                };
            }
            Error::from(ApiError {
                operation,
                status,
                url: self.url(),
                body: body.cleaned(&self.settings.redactor),
                excerpt,
                retry_after,
                attempts,
            })
        };
        match error {
            E::CommunicationError(source)
            | E::ResponseBodyError(source)
            | E::InvalidUpgrade(source) => self.transport(source),
            E::ErrorResponse(value) => api(value.into_inner().into(), String::new()),
            E::InvalidResponsePayload(_, _) | E::UnexpectedResponse(_) if !status.is_success() => {
                match serde_json::from_slice::<ServerErrorBody>(&body) {
                    Ok(parsed) if parsed.message.is_some() => api(parsed, String::new()),
                    _ => api(ServerErrorBody::default(), self.excerpt(&body)),
                }
            }
            E::InvalidResponsePayload(_, reason) => self.decode(status, reason.to_string(), &body),
            E::UnexpectedResponse(_) => self.decode(
                status,
                "the API documents no such status".to_string(),
                &body,
            ),
            E::InvalidRequest(reason) => Error::InvalidInput {
                field: "request",
                reason,
            },
            // Only the `pre` hook makes a `Custom` error: the URL is too long.
            E::Custom(reason) => Error::InvalidInput {
                field: "url",
                reason,
            },
        }
    }

    /// A failure to send the request or to read the answer: a timeout or another transport
    /// error, with the status when the headers had arrived.
    fn transport(&self, error: reqwest::Error) -> Error {
        let (operation, attempts, status) =
            (self.operation, self.record.attempts(), self.record.status());
        let url = self.url();
        if error.is_timeout() {
            return Error::Timeout {
                operation,
                attempts,
                status,
                url,
            };
        }
        let cause = self
            .settings
            .redactor
            .clean(&root_cause(&error).to_string());
        Error::Transport {
            operation,
            attempts,
            status,
            url,
            cause,
            error,
        }
    }

    /// The URL called, redacted and on one line (ids come from the caller, but a caller may
    /// have put a secret where an id belongs).
    fn url(&self) -> String {
        self.settings.redactor.clean(self.record.url())
    }

    fn decode(&self, status: StatusCode, reason: String, body: &[u8]) -> Error {
        Error::Decode {
            operation: self.operation,
            status,
            reason: self.excerpt(reason.as_bytes()),
            excerpt: self.excerpt(body),
        }
    }

    /// A short excerpt of `text` with the API key and key secrets redacted.
    fn excerpt(&self, text: &[u8]) -> String {
        self.settings.redactor.excerpt(text)
    }
}

/// The innermost error of `error`'s chain: what actually went wrong (`Connection refused`,
/// `invalid peer certificate: UnknownIssuer`), where the outer layers only say "error sending
/// request".
fn root_cause<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> &'a (dyn std::error::Error + 'static) {
    let mut cause = error;
    while let Some(inner) = cause.source() {
        cause = inner;
    }
    cause
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
