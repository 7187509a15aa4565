//! [`ApiError`]: an error status from the server, with what its body said (redacted).

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

use crate::error::Error;
use crate::operation::Operation;
use crate::redact::Redactor;

/// An error status from the server, with what its body said.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub(crate) operation: Operation,
    pub(crate) status: StatusCode,
    pub(crate) url: String,
    pub(crate) body: ServerErrorBody,
    pub(crate) excerpt: String,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) attempts: u32,
}

/// The fields of the server's error body; each is optional because gateways send anything.
/// Every field is redacted and escaped ([`ServerErrorBody::cleaned`]) before an [`ApiError`]
/// holds it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ServerErrorBody {
    pub(crate) message: Option<String>,
    pub(crate) request_id: Option<String>,
    #[serde(rename = "type")]
    pub(crate) kind: Option<String>,
    pub(crate) parameter: Option<String>,
}

impl ServerErrorBody {
    /// Every field redacted (the API key and the client's secrets, in any encoding) and
    /// escaped to one line: the server may echo a secret or send control characters.
    pub(crate) fn cleaned(self, redactor: &Redactor) -> Self {
        let clean = |field: Option<String>| field.map(|text| redactor.clean(&text));
        Self {
            message: clean(self.message),
            request_id: clean(self.request_id),
            kind: clean(self.kind),
            parameter: clean(self.parameter),
        }
    }
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

    /// The URL called, such as `https://api.whylabsapp.com/v0/organizations/org-1/api-key`
    /// (the API key travels in a header, never in the URL).
    pub fn url(&self) -> &str {
        &self.url
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
        write!(
            f,
            "{}: HTTP {} from {}",
            self.operation, self.status, self.url
        )?;
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
        if self.status == StatusCode::FORBIDDEN && !self.operation.is_v1() {
            f.write_str(V0_NEEDS_A_SYSTEM_KEY)?;
        }
        Ok(())
    }
}

/// What a 403 on a v0 call means: the key is valid but not a system key.
const V0_NEEDS_A_SYSTEM_KEY: &str = "; the v0 API needs a system key (:whylabs_system): with an \
    organization administrator's key use the v1 methods (generate_key, delete_key, \
    list_key_metadata, validate_key)";

impl std::error::Error for ApiError {}

impl From<ApiError> for Error {
    fn from(value: ApiError) -> Self {
        Error::Api(Box::new(value))
    }
}
