//! `Display` of [`Error`]: one line that names the operation and says what happened.

use std::fmt;

use crate::error::Error;

// Written out rather than derived (thiserror): a proc-macro and a build script fewer for every
// application to compile before this crate, on the critical path of its clean build.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidInput { field, reason } => write!(f, "invalid {field}: {reason}"),
            Error::Config { name, reason } => write!(f, "invalid configuration {name}: {reason}"),
            Error::Api(api) => fmt::Display::fmt(api, f),
            Error::EndpointNotFound { operation, url } => write!(
                f,
                "{operation}: HTTP 404 from {url}: the endpoint was not found (not the key); \
                 check the base URL"
            ),
            Error::Timeout {
                operation,
                attempts,
                url,
                ..
            } => write!(
                f,
                "{operation}: timed out after {attempts} attempt(s) calling {url}"
            ),
            Error::Transport {
                operation,
                attempts,
                url,
                cause,
                ..
            } => write!(
                f,
                "{operation}: transport error after {attempts} attempt(s) calling {url}: {cause}"
            ),
            Error::Decode {
                operation,
                status,
                reason,
                excerpt,
            } => write!(
                f,
                "{operation}: undecodable response (HTTP {status}): {reason}; body starts \
                 {excerpt:?}"
            ),
            Error::BodyTooLarge {
                operation,
                status,
                limit,
            } => write!(
                f,
                "{operation}: response body (HTTP {status}) exceeds the limit of {limit} bytes"
            ),
            Error::RotationIncomplete {
                new_key,
                old_key_id,
                source,
            } => write!(
                f,
                "rotation incomplete: replacement key {} was created, but revoking old key \
                 {old_key_id} failed, so it may still be active: {source}",
                new_key.key.key_id
            ),
            Error::CreateOutcomeUnknown {
                operation,
                cause,
                reconciliation,
            } => write!(
                f,
                "{operation}: outcome unknown ({cause}); {reconciliation}"
            ),
            Error::RevokeNotConfirmed {
                operation,
                key_id,
                reason,
            } => write!(
                f,
                "{operation}: key {key_id} is not confirmed revoked: the server answered \
                 success, but {reason}; the request reached the server and the key may \
                 still be active"
            ),
            Error::RotationInProgress { key_id } => write!(
                f,
                "key {key_id} is already being rotated by this client; nothing was sent"
            ),
        }
    }
}
