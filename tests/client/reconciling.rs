//! What the no-orphan tests of create (orphans.rs) and generate (generate_orphans.rs) share.

use std::future::IntoFuture;
use std::time::{Duration, Instant};

use whylabs_api_keys::{CreatedApiKey, Operation, Reconciliation, Result};
use whylabs_api_keys_emulator::{Emulator, Fault};

/// No wait here may take longer.
const BOUND: Duration = Duration::from_secs(60);

/// Waits until `count` reaches `target` (the emulator counts requests as they arrive).
pub async fn until(count: impl Fn() -> usize, target: usize) {
    let waited = tokio::time::timeout(BOUND, async {
        while count() < target {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    });
    waited.await.expect("the request arrives");
}

/// Sends `request`, a create or generate (`made`) that the emulator processes at once but
/// answers after `late`, from a client whose total timeout is `total`; once it has been
/// processed, every `list` hangs, so reconciliation cannot finish. Asserts that it fails
/// (no key named, a timeout) and that all of it ends within `total`.
pub async fn assert_reconciliation_ends_within<R>(
    total: Duration,
    emulator: &Emulator,
    (made, late, list): (Operation, Duration, Operation),
    request: R,
) where
    R: IntoFuture<Output = Result<CreatedApiKey>>,
    R::IntoFuture: Send + 'static,
{
    emulator.inject(Fault::delay(late).operation(made));
    let sent = emulator.requests_of(made);
    let started = Instant::now();
    let pending = tokio::spawn(request.into_future());
    until(|| emulator.requests_of(made), sent + 1).await;
    emulator.inject(
        Fault::delay(Duration::from_secs(30))
            .operation(list)
            .times(20),
    );

    let error = pending.await.unwrap().unwrap_err();
    let elapsed = started.elapsed();
    let Some(Reconciliation::Failed {
        key_id: None,
        source,
    }) = error.reconciliation()
    else {
        panic!("expected Failed, got {error:?}");
    };
    assert!(source.is_timeout(), "{source:?}");
    assert!(
        elapsed < total + Duration::from_millis(500),
        "took {elapsed:?}"
    );
}
