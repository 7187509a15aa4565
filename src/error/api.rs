//! [`ApiError`]: an error status from the server, with what its body said.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

use crate::operation::Operation;

/// An error status from the server, with what its body said.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub(crate) operation: Operation,
    pub(crate) status: StatusCode,
    pub(crate) body: ServerErrorBody,
    pub(crate) excerpt: String,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) attempts: u32,
}

/// The fields of the server's error body; each is optional because gateways send anything.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ServerErrorBody {
    pub(crate) message: Option<String>,
    pub(crate) request_id: Option<String>,
    #[serde(rename = "type")]
    pub(crate) kind: Option<String>,
    pub(crate) parameter: Option<String>,
}

impl ApiError {
    /// The operation that failed, such as [`Operation::Revoke`].
    pub fn operation(&self) -> Operation {
        self.operation
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The server's `message`, such as `Invalid scope provided: :admin`.
    pub fn message(&self) -> Option<&str> {
        self.body.message.as_deref()
    }

    /// The server's `requestId`, to quote to WhyLabs support.
    pub fn request_id(&self) -> Option<&str> {
        self.body.request_id.as_deref()
    }

    /// The server's error `type`, such as `IllegalArgument` or `ResourceNotFound`.
    pub fn error_type(&self) -> Option<&str> {
        self.body.kind.as_deref()
    }

    /// The offending parameter, for a 400 about one parameter's value.
    pub fn parameter(&self) -> Option<&str> {
        self.body.parameter.as_deref()
    }

    /// The server's `Retry-After`, when it sent one.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// How many attempts were made before giving up.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The start of the body when it was not the server's JSON error shape (secrets redacted);
    /// empty when the body was empty or was parsed.
    pub fn body_excerpt(&self) -> &str {
        &self.excerpt
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: HTTP {}", self.operation, self.status)?;
        match (&self.body.message, self.excerpt.is_empty()) {
            (Some(message), _) => write!(f, ": {message}")?,
            (None, false) => write!(f, ": body starts {:?}", self.excerpt)?,
            (None, true) => {}
        }
        if let Some(kind) = &self.body.kind {
            write!(f, " (type {kind})")?;
        }
        if let Some(id) = &self.body.request_id {
            write!(f, " [request id {id}]")?;
        }
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}
