//! Real HTTPS with every TLS backend this build has: rustls with the `ring` provider (feature
//! `rustls`, the default) and the platform's TLS (feature `native-tls`; `--all-features` builds
//! both). A local server presents a self-signed certificate made here; the client, configured
//! with `configure_http` for the backend under test, trusts it.

use std::sync::Arc;

use rcgen::CertifiedKey;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use whylabs_api_keys::{Client, Error, RetryConfig};

/// A TLS backend: its name and how a `reqwest::ClientBuilder` selects it.
type Backend = (
    &'static str,
    fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder,
);

/// The backends compiled in.
fn backends() -> Vec<Backend> {
    let backends: Vec<Backend> = vec![
        #[cfg(feature = "rustls")]
        ("rustls", reqwest::ClientBuilder::tls_backend_rustls),
        #[cfg(feature = "native-tls")]
        ("native-tls", reqwest::ClientBuilder::tls_backend_native),
    ];
    assert!(!backends.is_empty(), "the crate needs a TLS feature");
    backends
}

fn self_signed() -> CertifiedKey<rcgen::KeyPair> {
    rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap()
}

fn acceptor(certified: &CertifiedKey<rcgen::KeyPair>) -> TlsAcceptor {
    let chain = vec![certified.cert.der().clone()];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    TlsAcceptor::from(Arc::new(config))
}

/// Serves one HTTPS connection on a new port: reads the request head and answers `{}` (an
/// unknown key). The task returns the head, or `None` if the handshake failed.
async fn https_server(
    certified: &CertifiedKey<rcgen::KeyPair>,
) -> (u16, JoinHandle<Option<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let acceptor = acceptor(certified);
    let task = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let mut tls = BufReader::new(acceptor.accept(tcp).await.ok()?);
        let mut head = String::new();
        while !head.ends_with("\r\n\r\n") {
            assert!(
                tls.read_line(&mut head).await.unwrap() > 0,
                "client closed early"
            );
        }
        let response = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}";
        tls.get_mut().write_all(response.as_bytes()).await.unwrap();
        tls.get_mut().shutdown().await.unwrap();
        Some(head)
    });
    (port, task)
}

/// A client of the local server on `backend`, trusting only `trusted` when given, and the
/// platform's roots otherwise; with `retry`.
fn client(
    port: u16,
    backend: Option<Backend>,
    trusted: Option<reqwest::Certificate>,
    retry: RetryConfig,
) -> Client {
    Client::builder()
        .base_url(format!("https://localhost:{port}"))
        .api_key("fh4dUNV3WQ.secret")
        .retry(retry)
        .configure_http(move |http| {
            let http = match backend {
                Some((_, select)) => select(http),
                None => http,
            };
            match &trusted {
                Some(cert) => http.tls_certs_only([cert.clone()]),
                None => http,
            }
        })
        .build()
        .unwrap()
}

#[tokio::test]
async fn calls_go_over_real_https_with_every_backend() {
    for (name, select) in backends() {
        let certified = self_signed();
        let (port, server) = https_server(&certified).await;
        let trusted = reqwest::Certificate::from_der(certified.cert.der()).unwrap();
        let found = client(
            port,
            Some((name, select)),
            Some(trusted),
            RetryConfig::disabled(),
        )
        .get_key("org-1", "fh4dUNV3WQ")
        .await;
        assert_eq!(found.unwrap(), None, "{name}");
        let head = server.await.unwrap().expect("handshake");
        assert!(
            head.starts_with("GET /v0/organizations/org-1/api-key/fh4dUNV3WQ HTTP/1.1\r\n"),
            "{name}: {head}"
        );
    }
}

#[tokio::test]
async fn an_untrusted_certificate_is_refused_by_every_backend() {
    for (name, select) in backends() {
        let (port, server) = https_server(&self_signed()).await;
        let client = client(port, Some((name, select)), None, RetryConfig::disabled());
        let error = client.get_key("org-1", "k").await;
        let error = error.unwrap_err();
        assert!(
            matches!(error, Error::Transport { .. }),
            "{name}: {error:?}"
        );
        assert_eq!(
            server.await.unwrap(),
            None,
            "{name}: no request got through"
        );
    }
}

#[tokio::test]
async fn the_default_client_verifies_certificates() {
    let (port, server) = https_server(&self_signed()).await;
    let client = client(port, None, None, RetryConfig::disabled());
    let error = client.get_key("org-1", "k").await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(server.await.unwrap(), None);
}

/// A rejected certificate would be rejected again: it is not retried, even for an idempotent
/// call with retries on, and the error says why.
#[tokio::test]
async fn a_rejected_certificate_is_not_retried_and_says_why() {
    for backend in backends() {
        let (port, server) = https_server(&self_signed()).await;
        let retries = RetryConfig::new()
            .with_max_retries(3)
            .with_initial_backoff(std::time::Duration::from_millis(1));
        let error = client(port, Some(backend), None, retries)
            .get_key("org-1", "k")
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::Transport { attempts: 1, .. }),
            "{}: {error:?}",
            backend.0
        );
        let shown = error.to_string();
        assert!(shown.contains("certificate"), "{}: {shown}", backend.0);
        assert_eq!(server.await.unwrap(), None);
    }
}
