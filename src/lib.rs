//! A typed client for the WhyLabs API-key management API: create, inspect, list, rotate and
//! revoke the API keys of an organization's users.
//!
//! The path from spec to caller: `openapi.yaml` → `build.rs` (progenitor) → the generated
//! client (never edited) → the transport hooks (credentials, retries, timeouts, tracing) →
//! the outcome conversion (typed [`Error`]s) → this facade ([`Client`] and its models).
//! `docs/architecture.md` in the repository names the file of each step.
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
//!
//! # Features
//!
//! - `rustls` (default): TLS by rustls with the `ring` provider. `native-tls`: the platform's.
//! - `blocking`: [`blocking::Client`], the same methods without `async`.
//! - `raw`: the progenitor-generated module and [`Client::generated`], outside semver.
//! - `generate` (default): progenitor generates the client from `openapi.yaml` at build time.
//!   Without it (`default-features = false, features = ["rustls"]`) the build includes the
//!   committed copy of the same code and compiles none of the generator's crates.
//!
//! The local stand-in for the WhyLabs server that the examples here run against is a crate of
//! its own, `whylabs-api-keys-emulator` (a dev-dependency: `whylabs_api_keys_emulator::Emulator`).
//! It uses only this crate's public API: [`rules`], [`Clock`] and [`headers`] among it.

#![warn(missing_docs)]
// docs.rs builds with `--cfg docsrs` (see Cargo.toml) and labels feature-gated items.
#![cfg_attr(docsrs, feature(doc_cfg))]

// Spec → generated client → transport hooks → outcome → facade, in that order.
#[cfg(feature = "raw")]
#[cfg_attr(docsrs, doc(cfg(feature = "raw")))]
pub mod generated;
#[cfg(not(feature = "raw"))]
mod generated;
pub mod headers;
mod transport;

mod convert;
mod display;
mod outcome;
mod redact;
pub mod rules;
mod validate;

mod client;
mod clock;
mod config;
mod error;
mod models;
mod operation;
mod reconcile;
mod requests;

#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
pub mod blocking;

/// The `chrono` types the API takes and returns (`expires_at`, the models' times), so that
/// callers need not depend on a matching `chrono` themselves.
pub use chrono::{DateTime, Utc};
pub use client::{Client, ClientBuilder, OrgClient};
pub use clock::Clock;
pub use config::{DEFAULT_BASE_URL, RetryConfig, Timeouts};
pub use display::escape_controls;
pub use error::{ApiError, Error, Reconciliation, Result};
pub use models::{ApiKey, ApiKeyMetadata, ApiKeySecret, CreatedApiKey, KeyValidation, Scope};
pub use operation::Operation;
pub use requests::{
    CreateKey, GenerateKey, ListKeys, PendingRotation, RotateKey, RotatedApiKey, Settlement,
};
pub use transport::CLIENT_USER_AGENT as USER_AGENT;

/// The README's examples, compiled as doctests so that they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
