//! Real HTTPS with the default TLS backend (rustls with the `ring` provider): a local server
//! with a self-signed certificate made here, trusted by an injected `reqwest::Client`.

use std::sync::Arc;

use rcgen::CertifiedKey;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use whylabs_api_keys::{Client, http_client_builder};

/// Serves one HTTPS connection: reads the request head, answers `{}` (an unknown key).
async fn serve_once(listener: TcpListener, acceptor: TlsAcceptor) -> String {
    let (tcp, _) = listener.accept().await.unwrap();
    let mut tls = BufReader::new(acceptor.accept(tcp).await.unwrap());
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
    head
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

#[tokio::test]
async fn calls_go_over_real_https() {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(serve_once(listener, acceptor(&certified)));

    let trusted = reqwest::Certificate::from_der(
        CertificateDer::from(certified.cert.der().to_vec()).as_ref(),
    )
    .unwrap();
    let http = http_client_builder()
        .tls_certs_only([trusted])
        .build()
        .unwrap();
    let client = Client::builder()
        .base_url(format!("https://localhost:{port}"))
        .api_key("fh4dUNV3WQ.secret")
        .http_client(http)
        .build()
        .unwrap();
    assert_eq!(client.get_key("org-1", "fh4dUNV3WQ").await.unwrap(), None);
    let head = server.await.unwrap();
    assert!(
        head.starts_with("GET /v0/organizations/org-1/api-key/fh4dUNV3WQ HTTP/1.1\r\n"),
        "{head}"
    );
}

#[tokio::test]
async fn an_untrusted_certificate_is_refused() {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let acceptor = acceptor(&certified);
    tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let _ = acceptor.accept(tcp).await;
    });
    let client = Client::builder()
        .base_url(format!("https://localhost:{port}"))
        .api_key("fh4dUNV3WQ.secret")
        .retry(whylabs_api_keys::RetryConfig::disabled())
        .build()
        .unwrap();
    let error = client.get_key("org-1", "k").await.unwrap_err();
    assert!(
        matches!(error, whylabs_api_keys::Error::Transport { .. }),
        "{error:?}"
    );
}
