//! A typed client for the WhyLabs API-key management API: create, inspect, list, rotate and
//! revoke the API keys of an organization's users.
//!
//! The path from spec to caller: `openapi.yaml` → `build.rs` (progenitor) → [`generated`]
//! (never edited) → this facade ([`Client`], typed models and [`Error`]).
//!
//! ```
//! use whylabs_api_keys::{Client, Scope};
//!
//! # async fn demo() -> whylabs_api_keys::Result<()> {
//! let client = Client::from_env()?; // WHYLABS_API_KEY, WHYLABS_API_ENDPOINT, ...
//! let created = client
//!     .create_key("org-123", "user-123")
//!     .scopes([Scope::User])
//!     .send()
//!     .await?;
//! println!("give this to its owner once: {}", created.secret().expose_secret());
//! client.revoke_key("org-123", "user-123", &created.key.key_id).await?;
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

mod client;
mod config;
#[cfg(feature = "emulator")]
pub mod emulator;
mod error;
pub mod generated;
mod model;
mod redact;
mod requests;
mod retry;
mod rotate;
mod scope;
mod secret;
mod timestamp;
mod tls;
mod transport;
mod validate;

pub use client::Client;
pub use config::{ClientBuilder, DEFAULT_BASE_URL, http_client_builder};
pub use error::{ApiError, Error, Result};
pub use model::{ApiKey, CreatedApiKey};
pub use requests::{CreateKey, ListKeys};
pub use retry::RetryConfig;
pub use rotate::{RotateKey, RotatedApiKey};
pub use scope::Scope;
pub use secret::ApiKeySecret;
pub use timestamp::{Timestamp, TimestampError};
pub use transport::CallContext;

/// The README's examples, compiled as doctests so that they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The `User-Agent` every request carries.
pub const USER_AGENT: &str = concat!("whylabs-api-keys/", env!("CARGO_PKG_VERSION"));
