//! Plain values a user sets before the first call, and nothing that uses them: the base URL
//! and its checks, environment variables, the `reqwest::Client` settings, and the value types
//! [`Timeouts`] and [`RetryConfig`]. The builder that gathers them is
//! [`ClientBuilder`](crate::ClientBuilder), in `client/builder.rs`.

mod base_url;
mod env;
mod http;
mod retry;
mod timeouts;

pub use base_url::DEFAULT_BASE_URL;
pub(crate) use base_url::checked_base_url;
pub(crate) use env::env_var;
pub(crate) use http::{Configure, DEFAULT_MAX_RESPONSE_BYTES, http_client};
pub use retry::RetryConfig;
pub use timeouts::Timeouts;
