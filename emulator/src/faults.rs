//! Fault injection: [`Fault`] describes how the next calls misbehave, [`FaultQueue`] hands
//! them out one call at a time.

use std::time::Duration;

use http::StatusCode;
use whylabs_api_keys::Operation;

use super::answer::Answer;

/// How the emulator misbehaves for the next calls: answer a status instead of serving them,
/// or serve them late. Hand it to [`Emulator::inject`](super::Emulator::inject).
///
/// A fault applies to the next call (or the next [`times`](Self::times) calls), of any
/// operation or only of [`operation`](Self::operation). Calls the client retries count one
/// each, so `Fault::status(503).times(2)` makes a retrying client succeed on its third
/// attempt. Faults injected earlier are used up first. A status fault answers before
/// authentication, as a gateway or a crashing server would. A delayed call is served at once
/// (a create makes its key) and only its answer is held back, as when a server's answer
/// arrives after the client gave up.
///
/// From outside Rust, the same faults are written as text (`--fault` on the standalone
/// emulator, see [`Fault::from_str`](#impl-FromStr-for-Fault)) or as JSON (`POST
/// /__emulator/faults`, see the [module documentation](super)).
///
/// ```
/// use std::time::Duration;
/// use whylabs_api_keys::Operation;
/// use whylabs_api_keys_emulator::Fault;
///
/// let outage = Fault::status(503).times(2).retry_after(1);
/// let broken_revoke = Fault::status(500).operation(Operation::Revoke).times(4);
/// let slow_lists = Fault::delay(Duration::from_millis(300)).operation(Operation::List);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "a fault does nothing until it is injected"]
pub struct Fault {
    action: Action,
    times: u32,
    operation: Option<Operation>,
    retry_after: Option<u64>,
    body: Option<String>,
}

/// What a fault does to a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Action {
    /// Answer this status instead of serving the call.
    Status(StatusCode),
    /// Serve the call normally, after this delay.
    Delay(Duration),
}

impl Fault {
    /// Answer `status` instead of serving the call. A 500 carries the server's `Internal`
    /// error body unless [`body`](Self::body) sets another; other statuses have an empty body.
    ///
    /// # Panics
    ///
    /// When `status` is not a valid HTTP status code (100 to 999).
    ///
    /// ```
    /// let fault = whylabs_api_keys_emulator::Fault::status(429).retry_after(2);
    /// ```
    pub fn status(status: u16) -> Self {
        let status = StatusCode::from_u16(status)
            .unwrap_or_else(|_| panic!("{status} is not an HTTP status code"));
        Self::new(Action::Status(status))
    }

    /// Serve the call normally, but only after `delay` (to trip client timeouts).
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let fault = whylabs_api_keys_emulator::Fault::delay(Duration::from_secs(2));
    /// ```
    pub fn delay(delay: Duration) -> Self {
        Self::new(Action::Delay(delay))
    }

    fn new(action: Action) -> Self {
        Self {
            action,
            times: 1,
            operation: None,
            retry_after: None,
            body: None,
        }
    }

    /// Apply to this many calls instead of one; `0` makes the fault a no-op.
    ///
    /// ```
    /// let fault = whylabs_api_keys_emulator::Fault::status(502).times(3);
    /// ```
    pub fn times(mut self, times: u32) -> Self {
        self.times = times;
        self
    }

    /// Apply only to calls of this operation; other calls pass untouched.
    ///
    /// ```
    /// use whylabs_api_keys::Operation;
    /// use whylabs_api_keys_emulator::Fault;
    ///
    /// let fault = Fault::status(500).operation(Operation::Create);
    /// ```
    pub fn operation(mut self, operation: Operation) -> Self {
        self.operation = Some(operation);
        self
    }

    /// Send `Retry-After: <seconds>` with the status (not used by a delay fault).
    ///
    /// ```
    /// let fault = whylabs_api_keys_emulator::Fault::status(503).retry_after(1);
    /// ```
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// Send this text as the status's body, as `text/plain` (not used by a delay fault).
    ///
    /// ```
    /// let fault = whylabs_api_keys_emulator::Fault::status(502).body("<html>Bad Gateway</html>");
    /// ```
    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }

    pub(super) fn action(&self) -> Action {
        self.action
    }

    /// The answer of a status fault: its text body, else the server's body for a 500, else
    /// none.
    pub(super) fn answer(&self, status: StatusCode, request_id: &str) -> Answer {
        let answer = match &self.body {
            Some(text) => Answer::text(status, "text/plain; charset=utf-8", text.clone()),
            None if status == StatusCode::INTERNAL_SERVER_ERROR => Answer::internal(request_id),
            None => Answer::empty(status),
        };
        Answer {
            retry_after: self.retry_after,
            ..answer
        }
    }

    fn applies_to(&self, operation: Operation) -> bool {
        self.operation.is_none_or(|only| only == operation)
    }
}

/// The injected faults still to be used, oldest first.
#[derive(Debug, Default)]
pub(super) struct FaultQueue {
    pending: Vec<Fault>,
}

impl FaultQueue {
    pub(super) fn push(&mut self, fault: Fault) {
        if fault.times > 0 {
            self.pending.push(fault);
        }
    }

    pub(super) fn clear(&mut self) {
        self.pending.clear();
    }

    /// How many faults are waiting, each counted once however many calls it still applies to.
    pub(super) fn len(&self) -> usize {
        self.pending.len()
    }

    /// The oldest fault that applies to a call of `operation`, used up by one.
    pub(super) fn take(&mut self, operation: Operation) -> Option<Fault> {
        let at = self.pending.iter().position(|f| f.applies_to(operation))?;
        let fault = &mut self.pending[at];
        fault.times -= 1;
        if fault.times == 0 {
            Some(self.pending.remove(at))
        } else {
            Some(fault.clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_used_up_oldest_first_and_only_by_their_operation() {
        let mut queue = FaultQueue::default();
        queue.push(Fault::status(500).operation(Operation::Revoke).times(2));
        queue.push(Fault::status(503));
        queue.push(Fault::status(502).times(0));

        let status = |f: Option<Fault>| f.map(|f| f.action());
        let code = |c| Some(Action::Status(StatusCode::from_u16(c).unwrap()));
        assert_eq!(status(queue.take(Operation::Create)), code(503));
        assert_eq!(status(queue.take(Operation::Create)), None);
        assert_eq!(status(queue.take(Operation::Revoke)), code(500));
        assert_eq!(status(queue.take(Operation::Revoke)), code(500));
        assert_eq!(status(queue.take(Operation::Revoke)), None);
    }

    #[test]
    #[should_panic(expected = "1000 is not an HTTP status code")]
    fn an_invalid_status_is_refused() {
        let _ = Fault::status(1000);
    }
}
