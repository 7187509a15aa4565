//! From HTTP request to HTTP answer: routing, faults, authentication, the operations, and the
//! server's response shapes.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use http::StatusCode;
use serde::Serialize;
use wiremock::{Request, Respond, ResponseTemplate};

use super::faults::{Action, Fault, FaultQueue};
use super::routes::{self, Call};
use super::state::{Denied, NewKey, Rejection, Store};
use crate::generated::types::{ErrorResponse, ListUserApiKeys, UserApiKey, UserApiKeyResponse};
use crate::headers::{X_API_KEY, X_REQUEST_ID};
use crate::operation::Operation;

/// The message of the server's 500 body.
const INTERNAL_MESSAGE: &str = "Internal error. Unable to process request";

/// Everything the emulator knows, behind one lock: calls are served one at a time.
#[derive(Debug)]
pub(super) struct EmulatorState {
    pub(super) store: Store,
    pub(super) faults: FaultQueue,
    pub(super) seen: Seen,
}

/// How many requests arrived, in all and per operation.
#[derive(Debug, Default)]
pub(super) struct Seen {
    pub(super) total: usize,
    pub(super) per_operation: [usize; Operation::ALL.len()],
}

/// The wiremock responder that serves every request from the shared state.
pub(super) struct Responder(pub(super) Arc<Mutex<EmulatorState>>);

/// Locks the state, ignoring poisoning: no update of it spans a point that can panic.
pub(super) fn lock(shared: &Mutex<EmulatorState>) -> MutexGuard<'_, EmulatorState> {
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let request_id = request
            .headers
            .get(&X_REQUEST_ID)
            .and_then(|id| id.to_str().ok())
            .map_or_else(new_request_id, str::to_string);
        let answer = lock(&self.0).handle(request, &request_id);
        answer.insert_header(X_REQUEST_ID, request_id)
    }
}

impl EmulatorState {
    fn handle(&mut self, request: &Request, request_id: &str) -> ResponseTemplate {
        self.seen.total += 1;
        let call = match routes::parse(&request.method, &request.url) {
            Ok(call) => call,
            Err(status) => return ResponseTemplate::new(status),
        };
        self.seen.per_operation[call.operation.index()] += 1;
        let credential = request.headers.get(X_API_KEY).and_then(|v| v.to_str().ok());
        match self.faults.take(call.operation) {
            None => self.serve(&call, credential, request_id),
            Some(fault) => match fault.action() {
                Action::Status(status) => fault_answer(&fault, status, request_id),
                Action::Delay(delay) => self.serve(&call, credential, request_id).set_delay(delay),
            },
        }
    }

    /// Authenticates the call, then runs its operation.
    fn serve(
        &mut self,
        call: &Call,
        credential: Option<&str>,
        request_id: &str,
    ) -> ResponseTemplate {
        if let Err(denied) = self.store.authenticate(credential, &call.org_id) {
            return ResponseTemplate::new(match denied {
                Denied::Unauthorized => StatusCode::UNAUTHORIZED,
                Denied::Forbidden => StatusCode::FORBIDDEN,
            });
        }
        let answer = match call.operation {
            Operation::Create => self.create(call).map(json),
            Operation::Get => Ok(json(self.get(call))),
            Operation::List => Ok(json(self.list(call))),
            Operation::Revoke => self.revoke(call).map(json),
            // Not routed yet: the v1 operations are served by the next commit.
            _ => return ResponseTemplate::new(StatusCode::NOT_FOUND),
        };
        answer.unwrap_or_else(|rejection| rejection_answer(rejection, request_id))
    }

    fn create(&mut self, call: &Call) -> Result<UserApiKey, Rejection> {
        let query = &call.query;
        let expiration_ms = match query.first("expiration_time") {
            None => None,
            Some(text) => Some(
                text.parse()
                    .map_err(|_| bad_value("expiration_time", text))?,
            ),
        };
        let new = NewKey {
            org_id: &call.org_id,
            user_id: required(call, "user_id")?,
            alias: query.first("alias"),
            scopes: query.all("scopes").collect(),
            expiration_ms,
        };
        self.store.create(new)
    }

    fn get(&self, call: &Call) -> UserApiKeyResponse {
        let key_id = call.key_id.as_deref().unwrap_or_default();
        UserApiKeyResponse {
            key: self.store.get(&call.org_id, key_id),
        }
    }

    fn list(&self, call: &Call) -> ListUserApiKeys {
        ListUserApiKeys {
            items: self.store.list(&call.org_id, call.query.first("user_id")),
        }
    }

    fn revoke(&mut self, call: &Call) -> Result<UserApiKey, Rejection> {
        let user_id = required(call, "user_id")?;
        let key_id = required(call, "key_id")?;
        self.store.revoke(&call.org_id, user_id, key_id)
    }
}

/// A required, non-blank query parameter.
fn required<'a>(call: &'a Call, name: &'static str) -> Result<&'a str, Rejection> {
    call.query
        .first(name)
        .filter(|value| !value.trim().is_empty())
        .ok_or_else(|| Rejection::IllegalArgument {
            message: format!("Required parameter {name} is not specified"),
            parameter: Some(name),
        })
}

fn bad_value(name: &'static str, value: &str) -> Rejection {
    Rejection::IllegalArgument {
        message: format!("Invalid value for parameter {name}: {value}"),
        parameter: Some(name),
    }
}

/// A 200 answer with `body` serialized as JSON.
fn json(body: impl Serialize) -> ResponseTemplate {
    ResponseTemplate::new(StatusCode::OK).set_body_json(body)
}

/// The server's error body for a rejection, with its status.
fn rejection_answer(rejection: Rejection, request_id: &str) -> ResponseTemplate {
    match rejection {
        Rejection::IllegalArgument { message, parameter } => error_answer(
            StatusCode::BAD_REQUEST,
            "IllegalArgument",
            message,
            parameter,
            request_id,
        ),
        Rejection::NotFound { message } => error_answer(
            StatusCode::NOT_FOUND,
            "ResourceNotFound",
            message,
            None,
            request_id,
        ),
    }
}

/// The answer of a status fault: its text body, else the server's body for a 500, else none.
fn fault_answer(fault: &Fault, status: StatusCode, request_id: &str) -> ResponseTemplate {
    let answer = match fault.body_text() {
        Some(text) => ResponseTemplate::new(status).set_body_raw(text, "text/plain; charset=utf-8"),
        None if status == StatusCode::INTERNAL_SERVER_ERROR => error_answer(
            status,
            "Internal",
            INTERNAL_MESSAGE.to_string(),
            None,
            request_id,
        ),
        None => ResponseTemplate::new(status),
    };
    match fault.retry_after_seconds() {
        Some(seconds) => answer.insert_header("retry-after", seconds.to_string()),
        None => answer,
    }
}

/// The body the server's exception handlers send, built from the generated type.
fn error_answer(
    status: StatusCode,
    type_: &str,
    message: String,
    parameter: Option<&str>,
    request_id: &str,
) -> ResponseTemplate {
    let body = ErrorResponse {
        message,
        request_id: request_id.to_string(),
        type_: type_.to_string(),
        parameter: parameter.map(str::to_string),
    };
    ResponseTemplate::new(status).set_body_json(body)
}

/// A request id shaped like the random UUIDs real gateways use.
fn new_request_id() -> String {
    let hex = |digits: usize| -> String {
        std::iter::repeat_with(|| fastrand::digit(16))
            .take(digits)
            .collect()
    };
    let variant = fastrand::choice(['8', '9', 'a', 'b']).unwrap_or('8');
    format!(
        "{}-{}-4{}-{variant}{}-{}",
        hex(8),
        hex(4),
        hex(3),
        hex(3),
        hex(12)
    )
}
