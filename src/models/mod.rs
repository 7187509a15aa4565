//! What users read and write: [`ApiKey`] and [`CreatedApiKey`] (v0), [`ApiKeyMetadata`] and
//! [`KeyValidation`] (v1), [`Scope`], [`ApiKeySecret`], and the server's [`Timestamp`] shape.

mod api_key;
mod metadata;
pub(crate) mod scope;
mod secret;
pub(crate) mod timestamp;

pub use api_key::{ApiKey, CreatedApiKey};
pub use metadata::{ApiKeyMetadata, KeyValidation};
pub use scope::Scope;
pub use secret::ApiKeySecret;
pub(crate) use timestamp::Timestamp;
