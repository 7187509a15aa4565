//! The TLS backend, chosen by cargo features: `rustls` (default, with the `ring` provider,
//! which builds no C library) or `native-tls` (the platform's TLS).

/// Installs `ring` as the process's rustls provider unless one is installed already, since
/// reqwest's `rustls-no-provider` build needs one before a client is built.
#[cfg(feature = "rustls")]
pub(crate) fn ensure_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Err means another thread installed one first, which serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// native-tls needs no provider.
#[cfg(not(feature = "rustls"))]
pub(crate) fn ensure_provider() {}
