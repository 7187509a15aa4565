//! The HTTP header names of the WhyLabs API that the client sends and reads and a server
//! (such as the `whylabs-api-keys-emulator` crate's) serves: one definition each, so that the
//! two sides cannot drift apart. They are [`http::HeaderName`]s, the type `reqwest` and
//! `hyper` use.
//!
//! ```
//! use whylabs_api_keys::headers::X_API_KEY;
//!
//! let mut headers = http::HeaderMap::new();
//! headers.insert(X_API_KEY, http::HeaderValue::from_static("fh4dUNV3WQ.secret"));
//! assert!(headers.contains_key("X-API-Key"));
//! ```

use http::HeaderName;

/// The header WhyLabs reads the API key from (`X-API-Key`, without a `Bearer` prefix).
///
/// ```
/// assert_eq!(whylabs_api_keys::headers::X_API_KEY.as_str(), "x-api-key");
/// ```
pub const X_API_KEY: HeaderName = HeaderName::from_static("x-api-key");

/// The header carrying the server's request id, which its error bodies repeat as `requestId`.
///
/// ```
/// assert_eq!(whylabs_api_keys::headers::X_REQUEST_ID.as_str(), "x-request-id");
/// ```
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The header naming the organization a v1 call acts on: a managed organization of the key's
/// own, or any organization for a system key (see
/// [`ClientBuilder::managed_org`](crate::ClientBuilder::managed_org)).
///
/// ```
/// use whylabs_api_keys::headers::X_WHYLABS_ORGANIZATION;
///
/// assert_eq!(X_WHYLABS_ORGANIZATION.as_str(), "x-whylabs-organization");
/// ```
pub const X_WHYLABS_ORGANIZATION: HeaderName = HeaderName::from_static("x-whylabs-organization");
