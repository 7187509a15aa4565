//! From a decoded request to its answer: routing, counters, faults, authentication and
//! roles, then the v0 or v1 operation. `lastUsedTime` is set only by a call that succeeds.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use bytes::Bytes;
use http::Method;
use whylabs_api_keys::Operation;

use super::answer::Answer;
use super::faults::{Action, FaultQueue};
use super::reject::{Refusal, Rejection};
use super::routes::{self, Call, Unrouted};
use super::store::Store;
use super::{v0, v1};

/// A request as the emulator reads it; the HTTP layer builds it.
#[derive(Debug)]
pub(super) struct Incoming {
    pub(super) method: Method,
    pub(super) path: String,
    /// The raw query, after `?`.
    pub(super) query: Option<String>,
    /// `X-API-Key`, when it is printable ASCII.
    pub(super) api_key: Option<String>,
    /// The request's `X-Request-Id`, or a fresh one; every answer repeats it.
    pub(super) request_id: String,
    /// `X-WHYLABS-ORGANIZATION`; a value that is not UTF-8 is a 400.
    pub(super) organization: Result<Option<String>, Rejection>,
    /// The body, kept only for the admin endpoint (the API has no bodies).
    pub(super) body: Bytes,
}

/// Everything the emulator knows, behind one lock: calls are served one at a time.
#[derive(Debug)]
pub(super) struct EmulatorState {
    pub(super) store: Store,
    pub(super) faults: FaultQueue,
    pub(super) seen: Seen,
}

/// How many API requests arrived, in all and per operation.
#[derive(Debug, Default)]
pub(super) struct Seen {
    pub(super) total: usize,
    pub(super) per_operation: BTreeMap<Operation, usize>,
}

/// Locks the state, ignoring poisoning: no update of it spans a point that can panic.
pub(super) fn lock(shared: &Mutex<EmulatorState>) -> MutexGuard<'_, EmulatorState> {
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

impl EmulatorState {
    /// Answers one API request.
    pub(super) fn handle(&mut self, request: &Incoming) -> Answer {
        self.seen.total += 1;
        let call = match routes::parse(&request.method, &request.path, request.query.as_deref()) {
            Ok(call) => call,
            Err(Unrouted::NotFound) => return Answer::empty(http::StatusCode::NOT_FOUND),
            Err(Unrouted::MethodNotAllowed(allow)) => return Answer::method_not_allowed(allow),
        };
        *self.seen.per_operation.entry(call.operation).or_default() += 1;
        let fault = self.faults.take(call.operation);
        match fault.as_ref().map(|f| (f, f.action())) {
            None => self.serve(&call, request),
            Some((fault, Action::Status(status))) => fault.answer(status, &request.request_id),
            Some((_, Action::Delay(delay))) => Answer {
                delay: Some(delay),
                ..self.serve(&call, request)
            },
        }
    }

    fn serve(&mut self, call: &Call, request: &Incoming) -> Answer {
        self.authorized(call, request)
            .unwrap_or_else(|refusal| Answer::refusal(refusal, &request.request_id))
    }

    /// Authenticates and authorizes the caller, then runs the operation; the key's
    /// `lastUsedTime` is set for the call (so that its own answer shows it) and put back when
    /// the call is refused.
    fn authorized(&mut self, call: &Call, request: &Incoming) -> Result<Answer, Refusal> {
        let caller = self.store.authenticate(request.api_key.as_deref())?;
        caller.authorize(call.operation)?;
        let used = caller.key.map(|at| (at, self.store.mark_used(at)));
        let result = self.operation(call, &caller, request);
        let succeeded = result
            .as_ref()
            .is_ok_and(|answer| answer.status.is_success());
        if let (false, Some((at, previous))) = (succeeded, used) {
            self.store.restore_last_used(at, previous);
        }
        result
    }

    fn operation(
        &mut self,
        call: &Call,
        caller: &super::auth::Caller,
        request: &Incoming,
    ) -> Result<Answer, Refusal> {
        if let Some(malformed) = &call.malformed {
            return Err(malformed.clone().into());
        }
        if call.operation.is_v1() {
            let organization = request.organization.clone()?;
            let id = &request.request_id;
            v1::serve(&mut self.store, call, caller, organization.as_deref(), id)
        } else {
            Ok(v0::serve(&mut self.store, call)?)
        }
    }
}
