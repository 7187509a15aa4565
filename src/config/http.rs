//! The `reqwest::Client` underneath: no redirects, the TLS backend chosen by cargo features
//! (`rustls` with the `ring` provider by default, or `native-tls`), and the timeouts.

use crate::config::Timeouts;
use crate::error::{Error, Result};

/// A `reqwest::ClientBuilder` with this crate's defaults, to customise (proxies, extra root
/// certificates, ...) and hand to [`ClientBuilder::http_client`](crate::ClientBuilder::http_client):
/// redirects are not followed, so the API key never leaves the configured origin, and with the
/// `rustls` feature the `ring` provider is installed first (reqwest panics at `build()`
/// without one).
///
/// ```
/// use std::time::Duration;
///
/// let http = whylabs_api_keys::http_client_builder()
///     .connect_timeout(Duration::from_secs(5))
///     .build()
///     .expect("TLS backend available");
/// let client = whylabs_api_keys::Client::builder().api_key("id.secret").http_client(http).build()?;
/// # Ok::<(), whylabs_api_keys::Error>(())
/// ```
pub fn http_client_builder() -> reqwest::ClientBuilder {
    ensure_tls_provider();
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none())
}

/// The `reqwest::Client` built when none is injected: [`http_client_builder`] with the
/// connect and per-attempt timeouts.
pub(crate) fn default_http_client(timeouts: &Timeouts) -> Result<reqwest::Client> {
    http_client_builder()
        .connect_timeout(timeouts.connect)
        .timeout(timeouts.attempt)
        .build()
        .map_err(|e| Error::config("http_client", format!("cannot build the HTTP client: {e}")))
}

/// Installs `ring` as the process's rustls provider unless one is installed already, since
/// reqwest's `rustls-no-provider` build needs one before a client is built.
#[cfg(feature = "rustls")]
fn ensure_tls_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Err means another thread installed one first, which serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// native-tls needs no provider.
#[cfg(not(feature = "rustls"))]
fn ensure_tls_provider() {}
