//! [`Error`]: everything a call can fail with, in kinds a caller can act on.

mod api_error;
mod display;
#[cfg(test)]
mod display_tests;
mod reconciliation;

use reqwest::StatusCode;

pub use api_error::ApiError;
pub(crate) use api_error::ServerErrorBody;
pub use reconciliation::Reconciliation;

use crate::models::CreatedApiKey;
use crate::operation::Operation;

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a call failed.
///
/// Every variant's `Display` and `Debug` are free of API keys and key secrets: bodies are
/// quoted as short, redacted excerpts.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
/// # let client = emulator.client();
/// match client.revoke_key("org-123", "user-123", "HMiFAgQeNb").await {
///     Ok(key) => println!("revoked {}", key.key_id),
///     Err(e) if e.is_not_found() => println!("no such key"),
///     Err(e) if e.is_rate_limited() => println!("slow down: {e}"),
///     Err(e) => eprintln!("revoke failed: {e}"),
/// }
/// # let error = client.revoke_key("org-123", "user-123", "HMiFAgQeNb").await.unwrap_err();
/// # assert!(error.is_not_found());
/// # assert_eq!(error.api_error().unwrap().error_type(), Some("ResourceNotFound"));
/// # }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A caller-supplied value was rejected before anything was sent.
    InvalidInput {
        /// The parameter or setting at fault, such as `org_id` or `expiration`.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },

    /// The client could not be configured (builder settings or environment variables).
    Config {
        /// The setting or environment variable at fault, such as `WHYLABS_API_KEY`.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },

    /// The server answered with an error status.
    Api(Box<ApiError>),

    /// The server answered 404 without its typed `ResourceNotFound` body: the URL called is
    /// not an endpoint of the API (a wrong base URL or path prefix), so nothing can be said
    /// about the key. [`Error::is_not_found`] does not hold for it.
    EndpointNotFound {
        /// The operation, such as [`Operation::Revoke`].
        operation: Operation,
        /// The URL called, without the API key (which travels in a header).
        url: String,
    },

    /// No answer arrived in time: a connect, per-attempt or overall timeout elapsed. The
    /// request may have reached the server.
    Timeout {
        /// The operation, such as [`Operation::Create`].
        operation: Operation,
        /// How many attempts were made.
        attempts: u32,
        /// The status of the last attempt, when its headers arrived but its body stalled.
        status: Option<StatusCode>,
        /// The URL called.
        url: String,
    },

    /// The request could not be sent or the response could not be read (DNS failure,
    /// connection refused or reset, certificate rejected, ...). `Display` ends with the root
    /// cause; the full `reqwest::Error` is in `error`.
    Transport {
        /// The operation, such as [`Operation::Create`].
        operation: Operation,
        /// How many attempts were made.
        attempts: u32,
        /// The status of the last attempt, when its headers arrived before the failure (a
        /// connection reset mid-body).
        status: Option<StatusCode>,
        /// The URL called.
        url: String,
        /// The innermost cause, such as `Connection refused (os error 111)` or
        /// `invalid peer certificate: UnknownIssuer`, redacted and on one line.
        cause: String,
        /// The underlying error. Not returned by `source()`: `Display` already ends with its
        /// root cause, and an error chain would print it twice.
        error: reqwest::Error,
    },

    /// A success status came with a body that is not what the API describes.
    Decode {
        /// The operation, such as [`Operation::Create`].
        operation: Operation,
        /// The response status.
        status: StatusCode,
        /// Why decoding failed.
        reason: String,
        /// The start of the body, secrets redacted.
        excerpt: String,
    },

    /// The response body was larger than the configured limit and was not read further.
    BodyTooLarge {
        /// The operation, such as [`Operation::List`].
        operation: Operation,
        /// The response status.
        status: StatusCode,
        /// The configured limit, in bytes.
        limit: usize,
    },

    /// A rotation created its replacement key but could not revoke the old one. The new key
    /// and its secret are here, so nothing is lost; the old key may still be active.
    RotationIncomplete {
        /// The replacement key, with its secret.
        new_key: Box<CreatedApiKey>,
        /// The id of the key whose revocation failed.
        old_key_id: String,
        /// Why the revoke failed.
        source: Box<Error>,
    },

    /// A create (v0, [`Operation::Create`]) or generate (v1, [`Operation::Generate`]) ended
    /// without an answer the client could read (`cause`: a timeout, a connection lost after the
    /// request was sent, a 5xx or 408, a success it could not decode), so the server may have
    /// made a key whose secret nobody has. The client then reconciled: see [`Reconciliation`]
    /// for what it found and did. [`status`](Self::status),
    /// [`api_error`](Self::api_error) and [`is_timeout`](Self::is_timeout) answer for `cause`.
    /// Turned off by [`ClientBuilder::reconcile_creates`](crate::ClientBuilder::reconcile_creates).
    CreateOutcomeUnknown {
        /// [`Operation::Create`] or [`Operation::Generate`].
        operation: Operation,
        /// How the create ended.
        cause: Box<Error>,
        /// What reconciling found and did.
        reconciliation: Reconciliation,
    },

    /// The server answered a revoke ([`Operation::Revoke`], v0) or delete
    /// ([`Operation::Delete`], v1) with a success status, but its answer does not confirm that
    /// the requested key is revoked: it says `revoked: false` (or nothing), or it is another
    /// key (another `keyId`, or for v0 another organization or user). The request **did reach
    /// the server**; the key may still be active, so this is never a success.
    RevokeNotConfirmed {
        /// [`Operation::Revoke`] or [`Operation::Delete`].
        operation: Operation,
        /// The id of the key that was to be revoked.
        key_id: String,
        /// What in the answer is wrong, such as `it says revoked: false`; server values are
        /// redacted and escaped.
        reason: String,
    },

    /// Another rotation of this key through this client (or a clone of it) is under way, so
    /// this one was refused before anything was sent: rotating a key twice would leave two
    /// replacements.
    RotationInProgress {
        /// The id of the key being rotated.
        key_id: String,
    },
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // The server's answer is this error itself, not a cause of it.
            Error::Api(api) => api.source(),
            Error::RotationIncomplete { source, .. } => Some(source),
            Error::CreateOutcomeUnknown { cause, .. } => Some(cause),
            // `Transport` keeps its `reqwest::Error` out of the chain: `Display` already ends
            // with its root cause.
            _ => None,
        }
    }
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode { status, .. } | Error::BodyTooLarge { status, .. } => Some(*status),
            Error::EndpointNotFound { .. } => Some(StatusCode::NOT_FOUND),
            Error::Transport { status, .. } | Error::Timeout { status, .. } => *status,
            Error::RotationIncomplete { source, .. } => source.status(),
            Error::CreateOutcomeUnknown { cause, .. } => cause.status(),
            // Only a 200 is a success the answer of which is checked.
            Error::RevokeNotConfirmed { .. } => Some(StatusCode::OK),
            _ => None,
        }
    }

    /// The server's error details, when it answered with an error status.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            Error::RotationIncomplete { source, .. } => source.api_error(),
            Error::CreateOutcomeUnknown { cause, .. } => cause.api_error(),
            _ => None,
        }
    }

    /// The server said that the key (or other resource) does not exist: a 404 with its typed
    /// body `type: ResourceNotFound`, as for revoking an unknown key. A bare 404 from a URL
    /// that is no endpoint of the API is [`Error::EndpointNotFound`] instead, for which this
    /// does not hold: a wrong base URL never reads as "already gone".
    pub fn is_not_found(&self) -> bool {
        self.api_error().is_some_and(|api| {
            api.status == StatusCode::NOT_FOUND && api.error_type() == Some("ResourceNotFound")
        })
    }

    /// The server answered 401: the API key is missing, unknown, revoked or expired.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED)
    }

    /// The server answered 403: the key lacks the role for this operation.
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(StatusCode::FORBIDDEN)
    }

    /// The server answered 429: too many requests.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// The server answered 400: the request was well-formed but its values were rejected
    /// (unknown scope, expiration too soon, key limit reached, ...).
    pub fn is_bad_request(&self) -> bool {
        self.status() == Some(StatusCode::BAD_REQUEST)
    }

    /// A timeout elapsed (also when it left a create's outcome unknown).
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout { .. } => true,
            Error::CreateOutcomeUnknown { cause, .. } => cause.is_timeout(),
            _ => false,
        }
    }

    /// What the client found and did after a create whose outcome was unknown
    /// ([`Error::CreateOutcomeUnknown`]); see [`Reconciliation`].
    ///
    /// ```
    /// let error = whylabs_api_keys::Error::RotationInProgress { key_id: "fh4dUNV3WQ".into() };
    /// assert!(error.reconciliation().is_none());
    /// ```
    pub fn reconciliation(&self) -> Option<&Reconciliation> {
        match self {
            Error::CreateOutcomeUnknown { reconciliation, .. } => Some(reconciliation),
            _ => None,
        }
    }

    /// The input was rejected before anything was sent.
    pub fn is_invalid_input(&self) -> bool {
        matches!(self, Error::InvalidInput { .. })
    }

    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field,
            reason: reason.into(),
        }
    }

    pub(crate) fn config(name: &'static str, reason: impl Into<String>) -> Self {
        Error::Config {
            name,
            reason: reason.into(),
        }
    }
}
