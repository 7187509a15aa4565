//! The runtime of a blocking client: a thread of its own running a current-thread Tokio
//! runtime, to which each call is handed and whose answer the caller waits for.
//!
//! Why a thread of its own: a blocking call made on a Tokio worker (inside `#[tokio::main]`,
//! say) cannot drive the async client on that worker's runtime without blocking it, and
//! `Runtime::block_on` panics there; a separate thread's runtime has neither problem, so the
//! blocking client is safe inside and outside a runtime.

use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc;

use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

use crate::error::{Error, Result};

/// One call, as the runtime thread runs it.
type Job = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A handle to the runtime thread; the thread ends when the last handle is dropped.
#[derive(Clone, Debug)]
pub(crate) struct Runner {
    jobs: UnboundedSender<Job>,
}

impl Runner {
    /// Starts the runtime thread.
    pub(crate) fn start() -> Result<Runner> {
        let unavailable = |e: std::io::Error| {
            Error::config(
                "blocking",
                format!("cannot start the client's runtime: {e}"),
            )
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(unavailable)?;
        let (jobs, mut incoming) = unbounded_channel::<Job>();
        std::thread::Builder::new()
            .name("whylabs-api-keys".to_string())
            .spawn(move || {
                // Each call runs as its own task, so that calls from several threads overlap.
                runtime.block_on(async move {
                    while let Some(job) = incoming.recv().await {
                        tokio::spawn(job);
                    }
                });
            })
            .map_err(unavailable)?;
        Ok(Runner { jobs })
    }

    /// Runs `future` on the runtime thread and waits for its output.
    ///
    /// # Panics
    ///
    /// Only if the runtime thread is gone, which happens only when a call panicked there:
    /// the panic is then carried over to the caller.
    pub(crate) fn run<F>(&self, future: F) -> F::Output
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let (answer, answered) = mpsc::sync_channel(1);
        let job = Box::pin(async move {
            // The caller waits on `answered`; it cannot have gone away.
            let _ = answer.send(future.await);
        });
        let sent = self.jobs.send(job);
        match sent.ok().and_then(|()| answered.recv().ok()) {
            Some(output) => output,
            None => panic!("whylabs-api-keys: the blocking client's runtime thread has stopped"),
        }
    }
}
