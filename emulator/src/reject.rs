//! Why the emulator refuses a call: [`Denied`] for credentials and roles (401, 403, no body),
//! [`Rejection`] for what the server's exception handlers answer (400, 404, with a body).

/// Why a request's credentials were refused. The server's security filter answers these with
/// no defined body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Denied {
    /// 401: no key, or an unknown, revoked or expired one.
    Unauthorized,
    /// 403: a valid key without the role the operation needs, or on an organization it may
    /// not act on.
    Forbidden,
}

/// A refusal as the server's exception handlers report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Rejection {
    /// 400, type `IllegalArgument`; `parameter` names a missing or unreadable parameter.
    IllegalArgument {
        message: String,
        parameter: Option<String>,
    },
    /// 404, type `ResourceNotFound`.
    NotFound { message: String },
}

impl Rejection {
    /// A 400 that names no parameter.
    pub(super) fn illegal(message: impl Into<String>) -> Self {
        Rejection::IllegalArgument {
            message: message.into(),
            parameter: None,
        }
    }

    /// A 400 for a required parameter that is absent or blank.
    pub(super) fn missing(name: &str) -> Self {
        Rejection::IllegalArgument {
            message: format!("Required parameter {name} is not specified"),
            parameter: Some(name.to_string()),
        }
    }

    /// A 400 for a parameter whose value cannot be read; `raw` is the value as sent.
    pub(super) fn bad_value(name: &str, raw: &str) -> Self {
        Rejection::IllegalArgument {
            message: format!("Invalid value for parameter {name}: {raw}"),
            parameter: Some(name.to_string()),
        }
    }

    /// The 404 of a key that does not exist (or is not the caller's).
    pub(super) fn key_not_found(key_id: &str) -> Self {
        Rejection::NotFound {
            message: format!("Resource ApiKey with ID {key_id} not found."),
        }
    }
}

/// Any refusal: what the security filter denies or what the exception handlers reject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Refusal {
    Denied(Denied),
    Rejected(Rejection),
}

impl From<Denied> for Refusal {
    fn from(denied: Denied) -> Self {
        Refusal::Denied(denied)
    }
}

impl From<Rejection> for Refusal {
    fn from(rejection: Rejection) -> Self {
        Refusal::Rejected(rejection)
    }
}
