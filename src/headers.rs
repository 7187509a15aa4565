//! The HTTP header names the client sends and reads and the emulator serves: one definition
//! each, so that the two cannot drift apart.

use http::HeaderName;

/// The header WhyLabs reads the API key from.
pub(crate) const X_API_KEY: HeaderName = HeaderName::from_static("x-api-key");

/// The header carrying the server's request id, which its error bodies repeat as `requestId`.
pub(crate) const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
