//! progenitor's hooks on the generated client: `pre`, the one place where requests get their
//! credentials, User-Agent and strict path; `exec`, which hands the request to the retry loop.

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{Method, Request, Response};

use crate::generated::Client as Generated;
use crate::headers::X_API_KEY;
use crate::transport::context::CallContext;
use crate::transport::retry::{is_idempotent_id, send_with_retries};
use crate::transport::{CLIENT_USER_AGENT, request_url};

/// progenitor adds `api-version: <spec version>`; no WhyLabs client sends it.
const API_VERSION: HeaderName = HeaderName::from_static("api-version");

impl ClientHooks<CallContext> for Generated {
    async fn pre<E>(
        &self,
        request: &mut Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        request_url::encode_path_strictly(request.url_mut());
        if let Some(reason) = request_url::too_long(request.url()) {
            // `Custom` is the error kind only hooks produce; `outcome` reports it as the URL.
            return Err(progenitor_client::Error::Custom(reason));
        }
        let headers = request.headers_mut();
        headers.remove(API_VERSION);
        headers.insert(X_API_KEY, self.inner().settings.api_key.clone());
        headers.insert(USER_AGENT, HeaderValue::from_static(CLIENT_USER_AGENT));
        if request.method() == Method::POST {
            // The real clients send `Content-Length: 0` and a JSON content type on their
            // empty POST; proxies may answer 411 to a POST without a length.
            let json = HeaderValue::from_static("application/json");
            request.headers_mut().insert(CONTENT_TYPE, json);
            request
                .headers_mut()
                .insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
        }
        Ok(())
    }

    /// Attempts, retries and waits, all within the call's deadline (see `retry/mod.rs`).
    async fn exec(&self, request: Request, info: &OperationInfo) -> reqwest::Result<Response> {
        let idempotent = is_idempotent_id(info.operation_id);
        // On the heap: the loop holds reqwest's `Pending` (kilobytes), which the generated
        // `send` and every future above it would otherwise copy at each level (callgrind:
        // BENCHMARKS.md).
        Box::pin(send_with_retries(
            self.client(),
            request,
            self.inner(),
            idempotent,
        ))
        .await
    }
}
