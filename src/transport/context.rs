//! What the hooks work with: the settings every call of a client shares ([`CallSettings`]) and
//! what one call observed ([`CallRecord`]), together the generated client's inner value
//! ([`CallContext`]).

use std::sync::atomic::{AtomicU16, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderValue;

use crate::config::{RetryConfig, Timeouts};
use crate::redact::Redactor;

/// Settings every call of one client shares: its [`Transport`](super::Transport)'s.
#[derive(Debug)]
pub(crate) struct CallSettings {
    /// The `X-API-Key` value, marked sensitive so it never shows in Debug output.
    pub(crate) api_key: HeaderValue,
    pub(crate) retry: RetryConfig,
    pub(crate) timeouts: Timeouts,
    pub(crate) max_response_bytes: usize,
    /// Redacts the API key and every secret this client received from server text.
    pub(crate) redactor: Redactor,
}

/// The generated client's inner value: shared settings plus what one call observed.
///
/// The facade makes one per call, so the record belongs to that call alone. It is public only
/// because the generated client's constructor names it (feature `raw`); it cannot be built
/// outside the crate.
#[derive(Debug)]
pub struct CallContext {
    pub(crate) settings: Arc<CallSettings>,
    pub(crate) record: CallRecord,
    /// An end the call must keep to besides its own total timeout: that of a larger operation
    /// it is part of (a create with its reconciliation).
    pub(crate) deadline: Option<Instant>,
}

/// What the hooks saw during one call.
#[derive(Debug, Default)]
pub(crate) struct CallRecord {
    attempts: AtomicU32,
    /// The status of the current attempt once its headers arrived; 0 before.
    status: AtomicU16,
    /// The current attempt's response once its body was read.
    last: Mutex<Option<Captured>>,
    /// The URL the call went to, for error messages.
    url: OnceLock<String>,
}

/// The last response of a call, its body read in full (or up to the limit).
#[derive(Debug, Clone)]
pub(crate) struct Captured {
    pub(crate) status: StatusCode,
    pub(crate) body: Bytes,
    pub(crate) retry_after: Option<Duration>,
    /// The body exceeded the limit and was not read to its end.
    pub(crate) too_large: bool,
}

impl CallContext {
    pub(super) fn new(settings: Arc<CallSettings>, deadline: Option<Instant>) -> Self {
        Self {
            settings,
            record: CallRecord::default(),
            deadline,
        }
    }

    /// When the call must end: its total timeout from now, or the larger operation's deadline
    /// if that comes first. `None` for no end (a total timeout too large to represent).
    pub(crate) fn deadline_from(&self, now: Instant) -> Option<Instant> {
        let own = now.checked_add(self.settings.timeouts.total);
        match (own, self.deadline) {
            (Some(own), Some(outer)) => Some(own.min(outer)),
            (own, outer) => own.or(outer),
        }
    }
}

/// A clone starts a fresh record: records belong to one call.
impl Clone for CallContext {
    fn clone(&self) -> Self {
        Self::new(Arc::clone(&self.settings), self.deadline)
    }
}

impl CallRecord {
    pub(crate) fn attempts(&self) -> u32 {
        self.attempts.load(Ordering::Relaxed)
    }

    pub(crate) fn last(&self) -> Option<Captured> {
        self.last.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The status of the last attempt, if its headers arrived (even if its body then failed).
    pub(crate) fn status(&self) -> Option<StatusCode> {
        StatusCode::from_u16(self.status.load(Ordering::Relaxed)).ok()
    }

    /// The URL the call went to; empty before the request was built.
    pub(crate) fn url(&self) -> &str {
        self.url.get().map_or("", String::as_str)
    }

    pub(super) fn set_url(&self, url: &reqwest::Url) {
        // Set once per call: retries send the same URL.
        let _ = self.url.set(url.to_string());
    }

    /// Starts an attempt, forgetting what the previous one saw; returns its 1-based number.
    pub(super) fn begin_attempt(&self) -> u32 {
        self.status.store(0, Ordering::Relaxed);
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) = None;
        self.attempts.fetch_add(1, Ordering::Relaxed) + 1
    }

    pub(super) fn saw_status(&self, status: StatusCode) {
        self.status.store(status.as_u16(), Ordering::Relaxed);
    }

    pub(super) fn capture(&self, captured: Captured) {
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) = Some(captured);
    }
}
