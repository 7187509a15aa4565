//! The transport: [`Transport`], one client's way to the API (base URL, HTTP client, the
//! settings every call shares), and the generated client's hooks, the one place where requests
//! get their credentials, are retried, timed, traced and have their bodies read (bounded) for
//! error reporting.
//!
//! `hooks.rs` holds progenitor's hooks, `attempt.rs` one attempt, `retry/` the retry subsystem
//! (policy, delays and the loop), `context.rs` what the hooks work with, `request_url.rs` the
//! URL checks. This layer knows the generated client and `config`'s values; it knows nothing
//! of the facade, its models or its errors (those are `outcome`'s job).

mod attempt;
pub(crate) mod context;
mod hooks;
mod request_url;
mod retry;

use std::sync::Arc;
use std::time::Instant;

use reqwest::header::HeaderValue;

use crate::config::{RetryConfig, Timeouts};
use crate::generated::Client as Generated;
use crate::redact::Redactor;
pub use context::CallContext;
pub(crate) use context::{CallRecord, CallSettings};

/// The `User-Agent` every request carries.
pub const CLIENT_USER_AGENT: &str = concat!("whylabs-api-keys/", env!("CARGO_PKG_VERSION"));

/// One client's way to the API: where calls go, the HTTP client they go through, and the
/// settings every call shares (the API key, retries, timeouts, the body limit, the redactor).
/// The facade asks it for a generated client per call ([`Transport::call_within`]) and never
/// reaches into the settings.
#[derive(Debug)]
pub(crate) struct Transport {
    base_url: String,
    http: reqwest::Client,
    settings: Arc<CallSettings>,
}

/// Why an API key cannot be sent, for the builder's error.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct UnsendableKey(pub(crate) &'static str);

impl Transport {
    /// A transport to `base_url` (checked, without its trailing `/`) through `http`, sending
    /// `api_key` on every request; an [`UnsendableKey`] when the key cannot be a header.
    pub(crate) fn new(
        base_url: String,
        http: reqwest::Client,
        api_key: &str,
        retry: RetryConfig,
        timeouts: Timeouts,
        max_response_bytes: usize,
    ) -> Result<Transport, UnsendableKey> {
        let settings = CallSettings {
            redactor: Redactor::new(api_key),
            api_key: header_value(api_key)?,
            retry,
            timeouts,
            max_response_bytes,
        };
        Ok(Transport {
            base_url,
            http,
            settings: Arc::new(settings),
        })
    }

    /// The base URL calls go to, without a trailing `/`.
    pub(crate) fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The timeouts calls run with.
    pub(crate) fn timeouts(&self) -> Timeouts {
        self.settings.timeouts
    }

    /// A generated client for one call: its context records what that call's attempts saw.
    /// The call ends within its total timeout, and by `deadline` when one is given.
    pub(crate) fn call_within(&self, deadline: Option<Instant>) -> Generated {
        let context = CallContext::new(Arc::clone(&self.settings), deadline);
        Generated::new_with_client(&self.base_url, self.http.clone(), context)
    }

    /// Redacts `secret` from every later error and trace of this transport's calls (a key
    /// secret the server just handed out).
    pub(crate) fn redact_from_now_on(&self, secret: &str) {
        self.settings.redactor.add_secret(secret);
    }

    /// `text` from the server, made safe to quote: secrets redacted, controls escaped, cut.
    pub(crate) fn clean(&self, text: &str) -> String {
        self.settings.redactor.clean(text)
    }
}

/// The API key as a header value, marked sensitive so that it never shows in Debug output.
fn header_value(secret: &str) -> Result<HeaderValue, UnsendableKey> {
    if secret.trim().is_empty() {
        return Err(UnsendableKey("is empty"));
    }
    let mut value = HeaderValue::from_str(secret)
        .map_err(|_| UnsendableKey("contains characters a header cannot carry"))?;
    value.set_sensitive(true);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_key_header_is_marked_sensitive() {
        let value = header_value("fh4dUNV3WQ.secret").unwrap();
        assert!(value.is_sensitive());
        assert_eq!(format!("{value:?}"), "Sensitive");
    }

    #[test]
    fn an_unsendable_key_says_why() {
        assert_eq!(header_value(" ").unwrap_err(), UnsendableKey("is empty"));
        let reason = header_value("id.se\ncret").unwrap_err().0;
        assert!(reason.contains("cannot carry"), "{reason}");
    }
}
