//! The loopback server the benchmark calls: hyper's HTTP/1.1 server with keep-alive, on a
//! thread of its own, answering every request with a canned, real-shaped body built once at
//! start, so that per request it only routes and clones a `Bytes`.
//!
//! Routes: `POST .../api-key` → a created key (with its secret); `GET
//! /v0/organizations/org-<n>/api-key` → a list of `n` keys; `GET .../api-key/<KEY_ID>` →
//! `{"key": ...}`, that key's metadata.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpListener;

/// A running server; it lives as long as the process.
pub struct Server {
    addr: SocketAddr,
    accepts: Arc<AtomicUsize>,
}

/// The id of the key a get asks for (key number 0, the first of every list).
pub const KEY_ID: &str = "K000000000";

struct Routes {
    lists: HashMap<String, Bytes>,
    found: Bytes,
    created: Bytes,
}

impl Server {
    /// Starts serving lists of each size in `list_sizes` (org `org-<n>`) and creates.
    pub fn start(list_sizes: &[usize]) -> Self {
        let lists = list_sizes
            .iter()
            .map(|&n| {
                (
                    format!("/v0/organizations/{}/api-key", org_of(n)),
                    list_body(n),
                )
            })
            .collect();
        let routes = Arc::new(Routes {
            lists,
            found: Bytes::from(json!({ "key": key(0, false) }).to_string()),
            created: Bytes::from(key(0, true).to_string()),
        });
        let (sender, receiver) = std::sync::mpsc::channel();
        let accepts = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&accepts);
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("server runtime");
            runtime.block_on(async move {
                let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
                sender.send(listener.local_addr().unwrap()).unwrap();
                accept_loop(listener, routes, counter).await;
            });
        });
        let addr = receiver.recv().expect("server started");
        Self { addr, accepts }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many TCP connections the server accepted so far.
    pub fn accepts(&self) -> usize {
        self.accepts.load(Ordering::Relaxed)
    }
}

/// The organization whose list has `n` keys.
pub fn org_of(n: usize) -> String {
    format!("org-{n}")
}

async fn accept_loop(listener: TcpListener, routes: Arc<Routes>, accepts: Arc<AtomicUsize>) {
    while let Ok((stream, _)) = listener.accept().await {
        accepts.fetch_add(1, Ordering::Relaxed);
        let _ = stream.set_nodelay(true);
        let routes = Arc::clone(&routes);
        let service = hyper::service::service_fn(move |request| {
            let response = answer(&routes, &request);
            async move { Ok::<_, Infallible>(response) }
        });
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service);
            // A client closing its idle connection at exit is not an error worth reporting.
            let _ = connection.await;
        });
    }
}

fn answer(routes: &Routes, request: &Request<Incoming>) -> Response<Full<Bytes>> {
    let body = match *request.method() {
        Method::POST => Some(routes.created.clone()),
        Method::GET if request.uri().path().ends_with(KEY_ID) => Some(routes.found.clone()),
        Method::GET => routes.lists.get(request.uri().path()).cloned(),
        _ => None,
    };
    let Some(body) = body else {
        let mut missing = Response::new(Full::new(Bytes::new()));
        *missing.status_mut() = StatusCode::NOT_FOUND;
        return missing;
    };
    let mut response = Response::new(Full::new(body));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert("x-request-id", HeaderValue::from_static("bench-request-id"));
    response
}

/// `{"items": [...]}` with `n` keys, as the server renders a list (no secrets).
pub fn list_body(n: usize) -> Bytes {
    let items: Vec<Value> = (0..n).map(|i| key(i, false)).collect();
    Bytes::from(json!({ "items": items }).to_string())
}

/// Key number `i`, with the fields and timestamp shapes the real server sends: optional
/// fields present or omitted in turn, fractions of 0 to 3 digits.
fn key(i: usize, with_secret: bool) -> Value {
    let mut key = json!({
        "keyId": format!("K{i:09}"),
        "orgId": "org-123",
        "userId": "user-123",
        "creationTime": format!("2024-01-02T03:04:{:02}.{}", i % 60, i % 1000),
        "lastUsedTime": "2024-02-03T04:05:06",
        "scopes": [":user", ":write_data"],
        "alias": format!("model-upload-{i}"),
        "revoked": i.is_multiple_of(7),
    });
    if i.is_multiple_of(2) {
        key["expirationTime"] = json!("2030-01-01T00:00:00.5");
    }
    if i.is_multiple_of(3) {
        key["resourceId"] = json!(format!("model-{i}"));
    }
    if with_secret {
        key["key"] = json!(format!("K{i:09}.{}", "s".repeat(53)));
    }
    key
}
