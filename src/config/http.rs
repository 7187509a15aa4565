//! The `reqwest::Client` underneath: no redirects, the TLS backend chosen by cargo features
//! (`rustls` with the `ring` provider by default, or `native-tls`), and the timeouts.

use crate::config::Timeouts;
use crate::error::{Error, Result};

/// The largest response body read by default: 8 MiB.
pub(crate) const DEFAULT_MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

/// What a caller may adjust on the `reqwest::ClientBuilder` before this crate's settings.
pub(crate) type Configure = dyn Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync;

/// The `reqwest::Client` of a [`Client`](crate::Client): the caller's adjustments first, then
/// what must hold whatever they are: no redirects (a redirect would carry the API key to
/// another origin, or re-send a create), `https_only` for an `https` base URL, the connect and
/// per-attempt timeouts. With the `rustls` feature the `ring` provider is installed first
/// (reqwest panics at `build()` without one).
pub(crate) fn http_client(
    timeouts: &Timeouts,
    https_only: bool,
    configure: Option<&Configure>,
) -> Result<reqwest::Client> {
    ensure_tls_provider();
    let mut builder = reqwest::Client::builder();
    if let Some(configure) = configure {
        builder = configure(builder);
    }
    builder
        .redirect(reqwest::redirect::Policy::none())
        .https_only(https_only)
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
