//! The HTTP side of one request: headers read, the body discarded (or, for the admin
//! endpoint, kept) within a bound, the answer written, late when a delay fault says so.

use std::sync::{Arc, Mutex};

use bytes::{Bytes, BytesMut};
use http::header::{ALLOW, CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, DATE, RETRY_AFTER};
use http::{HeaderMap, HeaderValue, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming as Body;
use whylabs_api_keys::headers::{X_API_KEY, X_REQUEST_ID, X_WHYLABS_ORGANIZATION};

use super::admin;
use super::answer::{Answer, new_request_id};
use super::dispatch::{EmulatorState, Incoming, lock};
use super::reject::Rejection;

/// The most body bytes an API request may carry; they are read and dropped as they come (the
/// API has no bodies), so memory does not grow with them. More is answered 413.
const API_BODY_LIMIT: u64 = 1 << 20;
/// The most body bytes an admin request may carry; they are kept to be read as JSON.
const ADMIN_BODY_LIMIT: u64 = 64 << 10;

/// Serves one request from the shared state. An error (a body that breaks off, a client that
/// leaves) closes the connection; nothing here panics.
pub(super) async fn respond(
    request: Request<Body>,
    shared: Arc<Mutex<EmulatorState>>,
) -> Result<Response<Full<Bytes>>, hyper::Error> {
    let (parts, body) = request.into_parts();
    let headers = &parts.headers;
    let request_id = text(headers, &X_REQUEST_ID).map_or_else(new_request_id, str::to_string);
    let is_admin = admin::is_admin_path(parts.uri.path());
    let limit = if is_admin {
        ADMIN_BODY_LIMIT
    } else {
        API_BODY_LIMIT
    };
    let Some(body) = read_body(headers, body, limit, is_admin).await? else {
        let mut response = into_response(Answer::empty(StatusCode::PAYLOAD_TOO_LARGE), &request_id);
        response
            .headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
        return Ok(response);
    };
    let incoming = Incoming {
        method: parts.method.clone(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(str::to_string),
        api_key: text(headers, &X_API_KEY).map(str::to_string),
        organization: organization(headers),
        request_id,
        body,
    };
    let answer = {
        let mut state = lock(&shared);
        if is_admin {
            admin::handle(&mut state, &incoming)
        } else {
            state.handle(&incoming)
        }
    };
    if let Some(delay) = answer.delay {
        tokio::time::sleep(delay).await;
    }
    let mut response = into_response(answer, &incoming.request_id);
    // The real server's `Date` comes from the clock its creation times come from (one
    // service): so does the emulator's, moved clock included. Reconciliation relies on it.
    let now = lock(&shared).store.now();
    if let Ok(date) = HeaderValue::from_str(&httpdate::fmt_http_date(now.into())) {
        response.headers_mut().insert(DATE, date);
    }
    Ok(response)
}

/// A header's value when it is printable ASCII.
fn text<'a>(headers: &'a HeaderMap, name: &http::HeaderName) -> Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// `X-WHYLABS-ORGANIZATION`: absent or blank is `None`, bytes that are not UTF-8 a 400.
fn organization(headers: &HeaderMap) -> Result<Option<String>, Rejection> {
    let Some(value) = headers.get(X_WHYLABS_ORGANIZATION) else {
        return Ok(None);
    };
    match std::str::from_utf8(value.as_bytes()) {
        Ok(org) if org.trim().is_empty() => Ok(None),
        Ok(org) => Ok(Some(org.to_string())),
        Err(_) => {
            let raw = String::from_utf8_lossy(value.as_bytes());
            Err(Rejection::bad_value("X-WHYLABS-ORGANIZATION", &raw))
        }
    }
}

/// Reads the body frame by frame, keeping it only when `keep`; `None` once it passes `limit`
/// bytes (or announces more in `Content-Length`).
async fn read_body(
    headers: &HeaderMap,
    mut body: Body,
    limit: u64,
    keep: bool,
) -> Result<Option<Bytes>, hyper::Error> {
    let announced = text(headers, &CONTENT_LENGTH).and_then(|n| n.parse::<u64>().ok());
    if announced.is_some_and(|n| n > limit) {
        return Ok(None);
    }
    let (mut kept, mut seen) = (BytesMut::new(), 0_u64);
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame?.into_data() {
            seen = seen.saturating_add(data.len() as u64);
            if seen > limit {
                return Ok(None);
            }
            if keep {
                kept.extend_from_slice(&data);
            }
        }
    }
    Ok(Some(kept.freeze()))
}

/// The HTTP response of `answer`, with `X-Request-Id`, `Retry-After` and `Content-Type`.
fn into_response(answer: Answer, request_id: &str) -> Response<Full<Bytes>> {
    let (content_type, body) = answer.body.unwrap_or(("", Bytes::new()));
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = answer.status;
    let headers = response.headers_mut();
    if let Ok(id) = HeaderValue::from_str(request_id) {
        headers.insert(X_REQUEST_ID, id);
    }
    if let Some(seconds) = answer.retry_after {
        headers.insert(RETRY_AFTER, HeaderValue::from(seconds));
    }
    if let Some(methods) = answer.allow {
        headers.insert(ALLOW, HeaderValue::from_static(methods));
    }
    if !content_type.is_empty() {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    response
}
