//! The emulator's HTTP/1.1 server on hyper: its own thread and single-threaded runtime (so it
//! serves whatever the caller's runtime does, even a blocked one), a bounded number of
//! connections, a header-read timeout, and a stop that ends every connection.

use std::io;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, oneshot};

use super::dispatch::EmulatorState;
use super::http::respond;

/// The most connections served at once; more wait to be accepted.
const MAX_CONNECTIONS: usize = 512;
/// How long a client may take to send a request's headers.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// The running server: dropping it stops it and waits for its thread, so the port is free
/// again when the drop returns.
#[derive(Debug)]
pub(super) struct Server {
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves `listener` on a thread of its own until the returned value is dropped.
    pub(super) fn spawn(
        listener: std::net::TcpListener,
        shared: Arc<Mutex<EmulatorState>>,
    ) -> io::Result<Server> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        listener.set_nonblocking(true)?;
        let listener = {
            let _inside = runtime.enter();
            TcpListener::from_std(listener)?
        };
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("whylabs-emulator".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let accepting = tokio::spawn(accept(listener, shared));
                    // A send or a dropped sender both mean stop.
                    let _ = stopped.await;
                    accepting.abort();
                });
                // Dropping the runtime here cancels every connection still open.
            })?;
        Ok(Server {
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Accepts connections and serves each on a task of its own.
async fn accept(listener: TcpListener, shared: Arc<Mutex<EmulatorState>>) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors, or a connection reset before it was accepted: wait a
            // little instead of spinning, then go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let service = service_fn(move |request| respond(request, Arc::clone(&shared)));
            // A malformed request or a client that leaves ends this connection only.
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
            drop(slot);
        });
    }
}
