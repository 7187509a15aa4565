//! Which outcomes of an attempt are worth another one, which operations may be repeated, and
//! what the server asked to wait.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

use crate::operation::Operation;

/// Whether the generated operation `id` may be retried after it may have reached the
/// server ([`Operation::is_idempotent`]). An id this crate does not know is **not**
/// idempotent: renaming an operation in `openapi.yaml` must never make it retryable by
/// accident (fail closed).
pub(crate) fn is_idempotent_id(id: &str) -> bool {
    Operation::from_id(id).is_some_and(Operation::is_idempotent)
}

/// Whether an answer with `status` is worth another attempt.
pub(crate) fn is_retryable_status(status: StatusCode, idempotent: bool) -> bool {
    match status.as_u16() {
        429 => true,
        408 | 500 | 502 | 503 | 504 => idempotent,
        _ => false,
    }
}

/// Whether a transport failure is worth another attempt. A connect failure means the request
/// never left, so even create may be retried; anything later may have reached the server.
/// A failure that would repeat itself (a request that cannot be built, a certificate or TLS
/// handshake the peer or this client rejects) is never retried.
pub(crate) fn is_retryable_error(error: &reqwest::Error, idempotent: bool) -> bool {
    !is_deterministic(error) && (error.is_connect() || idempotent)
}

/// Whether `error` would happen again on another attempt: building the request failed, or TLS
/// refused the peer (rustls's error, which reaches us wrapped in an `io::Error`, or any cause
/// that speaks of a certificate, as OpenSSL's "certificate verify failed" does for native TLS).
fn is_deterministic(error: &reqwest::Error) -> bool {
    if error.is_builder() {
        return true;
    }
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        if is_tls_refusal(inner) {
            return true;
        }
        cause = inner.source();
    }
    false
}

/// Whether `error` is a TLS library refusing the handshake or the certificate.
fn is_tls_refusal(error: &(dyn std::error::Error + 'static)) -> bool {
    #[cfg(feature = "rustls")]
    {
        // `io::Error::source` skips the error it wraps, so look inside it.
        let wrapped = error
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .is_some_and(|inner| inner.is::<rustls::Error>());
        if wrapped || error.is::<rustls::Error>() {
            return true;
        }
    }
    error
        .to_string()
        .to_ascii_lowercase()
        .contains("certificate")
}

/// The `Retry-After` header as a duration: delta-seconds or an HTTP-date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));

        let soon = SystemTime::now() + Duration::from_secs(120);
        let date = HeaderValue::from_str(&httpdate::fmt_http_date(soon)).unwrap();
        headers.insert(RETRY_AFTER, date);
        let wait = retry_after(&headers).unwrap();
        assert!(
            wait > Duration::from_secs(100) && wait <= Duration::from_secs(120),
            "{wait:?}"
        );

        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn create_is_retried_only_on_429() {
        for status in [408, 500, 502, 503, 504] {
            let status = StatusCode::from_u16(status).unwrap();
            assert!(is_retryable_status(status, true));
            assert!(!is_retryable_status(status, false));
        }
        assert!(is_retryable_status(StatusCode::TOO_MANY_REQUESTS, false));
        assert!(!is_retryable_status(StatusCode::BAD_REQUEST, true));
        assert!(!is_retryable_status(StatusCode::NOT_FOUND, true));
    }

    #[test]
    fn an_unknown_operation_id_is_never_retried() {
        assert!(is_idempotent_id("get_api_key"));
        assert!(!is_idempotent_id("create_api_key"));
        assert!(!is_idempotent_id("generate_api_key"));
        assert!(is_idempotent_id("delete_api_key"));
        // A renamed create (or any id added to the spec but not here) fails closed.
        for unknown in ["create_api_key_v2", "CreateApiKey", "", "generate_key"] {
            assert!(!is_idempotent_id(unknown), "{unknown}");
        }
    }
}
