//! [`Answer`]: what the emulator sends back, in the server's shapes, before it becomes an
//! HTTP response.

use std::time::Duration;

use bytes::Bytes;
use http::StatusCode;
use serde::Serialize;
use whylabs_api_keys::generated::types::ErrorResponse;

use super::reject::{Denied, Refusal, Rejection};

/// The message of the server's 500 body.
pub(super) const INTERNAL_MESSAGE: &str = "Internal error. Unable to process request";

const JSON: &str = "application/json";

/// One answer: status, body with its content type, extra headers, and how long to hold it
/// back (a delay fault: the call is served at once, its answer sent late).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Answer {
    pub(super) status: StatusCode,
    pub(super) body: Option<(&'static str, Bytes)>,
    pub(super) retry_after: Option<u64>,
    /// The methods a path serves, for the `Allow` header of a 405.
    pub(super) allow: Option<&'static str>,
    pub(super) delay: Option<Duration>,
}

impl Answer {
    /// A status without a body.
    pub(super) fn empty(status: StatusCode) -> Self {
        Self {
            status,
            body: None,
            retry_after: None,
            allow: None,
            delay: None,
        }
    }

    /// 405 with the methods the path does serve.
    pub(super) fn method_not_allowed(allow: &'static str) -> Self {
        Self {
            allow: Some(allow),
            ..Self::empty(StatusCode::METHOD_NOT_ALLOWED)
        }
    }

    /// `status` with `body` serialized as JSON.
    pub(super) fn json(status: StatusCode, body: &impl Serialize) -> Self {
        // The generated types always serialize; an empty body would be the emulator's bug.
        let bytes = serde_json::to_vec(body).unwrap_or_default();
        Self::text(status, JSON, bytes)
    }

    /// A 200 with `body` as JSON.
    pub(super) fn ok(body: &impl Serialize) -> Self {
        Self::json(StatusCode::OK, body)
    }

    /// `status` with a body of `content_type`.
    pub(super) fn text(
        status: StatusCode,
        content_type: &'static str,
        body: impl Into<Bytes>,
    ) -> Self {
        Self {
            body: Some((content_type, body.into())),
            ..Self::empty(status)
        }
    }

    /// The body the server's exception handlers send, built from the generated type.
    pub(super) fn error(
        status: StatusCode,
        type_: &str,
        message: String,
        parameter: Option<String>,
        request_id: &str,
    ) -> Self {
        let body = ErrorResponse {
            message,
            request_id: request_id.to_string(),
            type_: type_.to_string(),
            parameter,
        };
        Self::json(status, &body)
    }

    /// The server's 500 body.
    pub(super) fn internal(request_id: &str) -> Self {
        let message = INTERNAL_MESSAGE.to_string();
        Self::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal",
            message,
            None,
            request_id,
        )
    }

    /// The answer to a refusal: 401/403 without a body, 400/404 with the server's error body.
    pub(super) fn refusal(refusal: Refusal, request_id: &str) -> Self {
        match refusal {
            Refusal::Denied(Denied::Unauthorized) => Self::empty(StatusCode::UNAUTHORIZED),
            Refusal::Denied(Denied::Forbidden) => Self::empty(StatusCode::FORBIDDEN),
            Refusal::Rejected(Rejection::IllegalArgument { message, parameter }) => {
                let status = StatusCode::BAD_REQUEST;
                Self::error(status, "IllegalArgument", message, parameter, request_id)
            }
            Refusal::Rejected(Rejection::NotFound { message }) => {
                let status = StatusCode::NOT_FOUND;
                Self::error(status, "ResourceNotFound", message, None, request_id)
            }
        }
    }
}

/// A request id shaped like the random UUIDs real gateways use.
pub(super) fn new_request_id() -> String {
    let hex = |digits: usize| -> String {
        std::iter::repeat_with(|| fastrand::digit(16))
            .take(digits)
            .collect()
    };
    let variant = fastrand::choice(['8', '9', 'a', 'b']).unwrap_or('8');
    format!(
        "{}-{}-4{}-{variant}{}-{}",
        hex(8),
        hex(4),
        hex(3),
        hex(3),
        hex(12)
    )
}
