//! Everything a user sets before the first call: [`ClientBuilder`] with its base URL, API key
//! and environment variables, and the plain value types [`Timeouts`] and [`RetryConfig`].

mod base_url;
mod builder;
mod env;
mod http;
mod retry;
mod timeouts;

pub use builder::{ClientBuilder, DEFAULT_BASE_URL};
pub use retry::RetryConfig;
pub use timeouts::Timeouts;
