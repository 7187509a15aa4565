//! A scripted loopback HTTP/1.1 server for faults wiremock cannot produce: stalls, resets
//! mid-body, dropped connections. It reads request heads only (the client sends no bodies)
//! and answers each with the [`Action`] its script picks.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// A request's head, as the script sees it.
#[derive(Clone, Debug)]
pub struct Head {
    pub method: String,
    /// The request target: path and query, still encoded.
    pub target: String,
    pub headers: Vec<(String, String)>,
}

impl Head {
    pub fn header(&self, name: &str) -> Option<&str> {
        let found = self
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name));
        found.map(|(_, value)| value.as_str())
    }
}

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Action {
    /// A complete response; the connection stays open for the next request.
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Nothing for this long, then the connection is closed.
    Stall(Duration),
    /// Headers announcing `length` bytes, then `sent`, then a stall of this long.
    StallBody {
        length: usize,
        sent: Vec<u8>,
        stall: Duration,
    },
    /// Headers announcing `length` bytes, then `sent`, then a TCP reset.
    ResetMidBody { length: usize, sent: Vec<u8> },
    /// The request is read, then the connection is closed without an answer.
    Drop,
}

impl Action {
    pub fn status(status: u16, body: &str) -> Self {
        Action::Respond {
            status,
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
        }
    }

    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        let headers = vec![("Content-Type".to_string(), "application/json".to_string())];
        Action::Respond {
            status,
            headers,
            body: body.to_string().into_bytes(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Action::Respond { headers, .. } = &mut self {
            headers.push((name.to_string(), value.to_string()));
        }
        self
    }
}

type Script = dyn Fn(&Head) -> Action + Send + Sync;

/// A running server; it stops when dropped.
pub struct RawServer {
    addr: SocketAddr,
    accepts: Arc<AtomicUsize>,
    heads: Arc<Mutex<Vec<Head>>>,
    task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    pub async fn start(script: impl Fn(&Head) -> Action + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let accepts = Arc::new(AtomicUsize::new(0));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Script> = Arc::new(script);
        let (counter, log) = (Arc::clone(&accepts), Arc::clone(&heads));
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve(stream, Arc::clone(&script), Arc::clone(&log)));
            }
        });
        Self {
            addr,
            accepts,
            heads,
            task,
        }
    }

    pub fn uri(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many TCP connections were accepted.
    pub fn accepts(&self) -> usize {
        self.accepts.load(Ordering::SeqCst)
    }

    /// Every request head received, in order.
    pub fn heads(&self) -> Vec<Head> {
        self.heads.lock().unwrap().clone()
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves one connection until the script ends it or the client closes it.
async fn serve(stream: TcpStream, script: Arc<Script>, log: Arc<Mutex<Vec<Head>>>) {
    let mut stream = BufReader::new(stream);
    while let Some(head) = read_head(&mut stream).await {
        log.lock().unwrap().push(head.clone());
        let socket = stream.get_mut();
        match script(&head) {
            Action::Respond {
                status,
                headers,
                body,
            } => {
                let head = response_head(status, &headers, body.len());
                if socket
                    .write_all(&[head.into_bytes(), body].concat())
                    .await
                    .is_err()
                {
                    return;
                }
            }
            Action::Stall(duration) => return tokio::time::sleep(duration).await,
            Action::StallBody {
                length,
                sent,
                stall,
            } => {
                let _ = socket
                    .write_all(&[response_head(200, &[], length).into_bytes(), sent].concat())
                    .await;
                return tokio::time::sleep(stall).await;
            }
            Action::ResetMidBody { length, sent } => {
                let _ = socket
                    .write_all(&[response_head(200, &[], length).into_bytes(), sent].concat())
                    .await;
                let _ = socket.set_zero_linger();
                return;
            }
            Action::Drop => return,
        }
    }
}

fn response_head(status: u16, headers: &[(String, String)], length: usize) -> String {
    let mut head = format!("HTTP/1.1 {status} X\r\ncontent-length: {length}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head + "\r\n"
}

/// Reads one request head; `None` when the connection closed or sent garbage. Clients here
/// never pipeline, so buffering past the head loses nothing.
async fn read_head(stream: &mut BufReader<TcpStream>) -> Option<Head> {
    let mut request_line = String::new();
    if stream.read_line(&mut request_line).await.ok()? == 0 {
        return None;
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next()?.to_string(), parts.next()?.to_string());
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if stream.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        match line.trim_end().split_once(':') {
            Some((name, value)) => {
                headers.push((name.trim().to_string(), value.trim().to_string()))
            }
            None => break,
        }
    }
    Some(Head {
        method,
        target,
        headers,
    })
}
