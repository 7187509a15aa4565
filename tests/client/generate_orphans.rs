//! No orphaned key from v1 generate: a generate whose outcome is unknown is reconciled against
//! the emulator as a create is (orphans.rs), with the organization's key metadata for the
//! list and v1 delete for the revoke. The metadata shows no creation times, so the key a
//! generate made is told apart only by an expiration counted from its sending (`expires_in`);
//! then it is deleted, and otherwise the matching keys are reported and none is deleted. A key
//! of another administrator is never deleted (the server refuses to delete another user's
//! key); generate is never re-sent once it may have reached the server.

use std::collections::HashSet;
use std::future::IntoFuture;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;

use whylabs_api_keys::{Client, Error, Operation, Reconciliation, Scope};
use whylabs_api_keys_emulator::{Emulator, Fault};

use crate::common::outcome_unknown;
use crate::common::raw::{Action, Head, RawServer};
use crate::reconciling::{assert_reconciliation_ends_within, until};

const ORG: &str = "org-1";
const ALIAS: &str = "nightly-upload";
/// Each attempt's timeout, and how late the emulator answers a "late" generate (it makes the
/// key at once): well apart, so a busy machine does not blur them.
const ATTEMPT: Duration = Duration::from_millis(1_500);
const LATE: Duration = Duration::from_millis(3_000);
/// A lifetime counted from the generate's sending: its expiration tells its key apart.
const LIFETIME: Duration = Duration::from_secs(7 * 24 * 3600);

/// A paid organization (v1 generate needs one) and a client with the key of its
/// administrator `admin-1`.
async fn paid() -> (Emulator, Client) {
    let emulator = Emulator::builder().paid_org(ORG).start().await.unwrap();
    let client = admin(&emulator, "admin-1");
    (emulator, client)
}

/// A client with a fresh key of `user`, an administrator of [`ORG`].
fn admin(emulator: &Emulator, user: &str) -> Client {
    let key = emulator.issue_key(ORG, user, [Scope::Administrator]);
    emulator
        .client_builder()
        .api_key(key)
        .attempt_timeout(ATTEMPT)
        .build()
        .unwrap()
}

/// Makes the next generate late: processed at once, answered after the attempt timeout.
fn late_generate(emulator: &Emulator) {
    emulator.inject(Fault::delay(LATE).operation(Operation::Generate));
}

/// The ids of the organization's active keys, as an administrator sees them.
async fn active_ids(client: &Client) -> HashSet<String> {
    let listed = client.list_key_metadata().await.unwrap();
    listed.into_iter().map(|key| key.key_id).collect()
}

/// The reconciliation of `error`, which must be a generate's `CreateOutcomeUnknown`.
fn reconciliation(error: &Error) -> &Reconciliation {
    assert!(
        matches!(
            error,
            Error::CreateOutcomeUnknown {
                operation: Operation::Generate,
                ..
            }
        ),
        "expected a generate's CreateOutcomeUnknown, got {error:?}"
    );
    outcome_unknown(error).1
}

#[tokio::test]
async fn a_late_generate_is_reconciled_and_its_orphan_deleted() {
    let (emulator, client) = paid().await;
    let kept = client.generate_key().alias(ALIAS).await.unwrap();
    let before = active_ids(&client).await;
    late_generate(&emulator);

    let generate = client.generate_key().alias(ALIAS).expires_in(LIFETIME);
    let error = generate.await.unwrap_err();
    assert!(error.is_timeout(), "the cause still answers: {error:?}");
    let Reconciliation::OrphanRevoked { key_id } = reconciliation(&error) else {
        panic!("expected OrphanRevoked, got {error:?}");
    };
    let text = error.to_string();
    assert!(
        text.starts_with("generate_api_key: outcome unknown"),
        "{text}"
    );
    assert!(
        text.contains(key_id.as_str()) && text.contains("was revoked"),
        "{text}"
    );
    let active = active_ids(&client).await;
    assert_eq!(active, before, "the orphan is gone, nothing else");
    assert!(active.contains(&kept.key.key_id));
    assert!(!active.contains(key_id));
    assert_eq!(
        emulator.requests_of(Operation::Generate),
        2,
        "nothing re-sent"
    );
    assert_eq!(emulator.requests_of(Operation::Delete), 1);
}

#[tokio::test]
async fn a_late_generate_in_a_managed_organization_is_reconciled_there() {
    let emulator = Emulator::builder()
        .managed_org(ORG, "org-child")
        .paid_org("org-child")
        .start()
        .await
        .unwrap();
    let key = emulator.issue_key(ORG, "admin-1", [Scope::Administrator]);
    let client = emulator
        .client_builder()
        .api_key(key)
        .attempt_timeout(ATTEMPT)
        .managed_org("org-child")
        .build()
        .unwrap();
    late_generate(&emulator);

    let generate = client.generate_key().alias(ALIAS).expires_in(LIFETIME);
    let error = generate.await.unwrap_err();
    let Reconciliation::OrphanRevoked { key_id } = reconciliation(&error) else {
        panic!("expected OrphanRevoked, got {error:?}");
    };
    assert!(!active_ids(&client).await.contains(key_id));
    assert!(active_ids(&client).await.is_empty(), "the child has no key");
}

#[tokio::test]
async fn a_late_generate_without_a_lifetime_cannot_be_told_apart_and_deletes_nothing() {
    let (emulator, client) = paid().await;
    late_generate(&emulator);
    let error = client.generate_key().alias(ALIAS).await.unwrap_err();
    let Reconciliation::Ambiguous { candidates } = reconciliation(&error) else {
        panic!("expected Ambiguous, got {error:?}");
    };
    assert_eq!(candidates.len(), 1, "{candidates:?}");
    assert!(active_ids(&client).await.contains(&candidates[0]));
    assert_eq!(emulator.requests_of(Operation::Delete), 0);
}

#[tokio::test]
async fn a_generate_the_server_never_processed_finds_no_key_and_deletes_nothing() {
    let (emulator, client) = paid().await;
    let before = active_ids(&client).await;
    emulator.inject(Fault::status(503).operation(Operation::Generate));

    let error = client.generate_key().alias(ALIAS).await.unwrap_err();
    assert!(
        matches!(reconciliation(&error), Reconciliation::NoKeyFound),
        "{error:?}"
    );
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(emulator.requests_of(Operation::Generate), 1, "not re-sent");
    assert_eq!(emulator.requests_of(Operation::Delete), 0);
    assert_eq!(active_ids(&client).await, before);
}

#[tokio::test]
async fn another_administrators_identical_key_made_meanwhile_is_never_deleted() {
    let (emulator, mine) = paid().await;
    let theirs_client = admin(&emulator, "admin-2");
    late_generate(&emulator);
    let pending = tokio::spawn(mine.generate_key().alias(ALIAS).into_future());
    // Once my generate has been processed, the other administrator asks for the same key.
    until(|| emulator.requests_of(Operation::Generate), 1).await;
    let theirs = theirs_client.generate_key().alias(ALIAS).await.unwrap();

    let error = pending.await.unwrap().unwrap_err();
    let Reconciliation::Ambiguous { candidates } = reconciliation(&error) else {
        panic!("expected Ambiguous, got {error:?}");
    };
    assert_eq!(candidates.len(), 2, "{candidates:?}");
    assert!(candidates.contains(&theirs.key.key_id));
    assert_eq!(emulator.requests_of(Operation::Delete), 0);
    assert!(active_ids(&mine).await.contains(&theirs.key.key_id));
}

#[tokio::test]
async fn another_administrators_key_taken_for_the_orphan_is_refused_by_the_server() {
    // My generate fails unprocessed; the organization shows one key with my very alias and
    // expiration (another administrator's, made in the same millisecond), so it is the only
    // candidate: the server refuses to delete it for me, and nothing was made.
    let expiration = Arc::new(Mutex::new(String::new()));
    let seen = Arc::clone(&expiration);
    let server = RawServer::start(move |head: &Head| match head.method.as_str() {
        "POST" => {
            let query = head.target.split('?').nth(1).unwrap_or_default();
            let ms = query
                .split('&')
                .find_map(|pair| pair.strip_prefix("expiration_time="));
            *seen.lock().unwrap() = ms.unwrap_or_default().to_string();
            Action::status(503, "")
        }
        "GET" => {
            let ms: i64 = seen.lock().unwrap().parse().unwrap();
            let at = chrono::DateTime::from_timestamp_millis(ms).unwrap();
            let theirs = json!({
                "keyId": "THEIRS0001", "orgId": ORG, "alias": ALIAS,
                "expirationTime": at.format("%Y-%m-%dT%H:%M:%S%.3f").to_string(),
            });
            Action::json(200, &json!({ "items": [theirs] }))
        }
        _ => Action::json(
            404,
            &json!({"message": "Resource ApiKey with ID THEIRS0001 not found.",
            "requestId": "r", "type": "ResourceNotFound"}),
        ),
    })
    .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key("fh4dUNV3WQ.secret")
        .build()
        .unwrap();
    let error = client
        .generate_key()
        .alias(ALIAS)
        .expires_in(LIFETIME)
        .await
        .unwrap_err();
    assert!(
        matches!(reconciliation(&error), Reconciliation::NoKeyFound),
        "{error:?}"
    );
    let methods: Vec<String> = server.heads().into_iter().map(|h| h.method).collect();
    assert_eq!(methods, ["POST", "GET", "DELETE"], "the delete was tried");
    assert!(!expiration.lock().unwrap().is_empty());
}

#[tokio::test]
async fn generate_is_never_re_sent_once_it_may_have_reached_the_server() {
    let (emulator, client) = paid().await;
    for status in [500, 502, 503, 504, 408] {
        let sent = emulator.requests_of(Operation::Generate);
        emulator.inject(
            Fault::status(status)
                .operation(Operation::Generate)
                .times(4),
        );
        let error = client.generate_key().await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(
            emulator.requests_of(Operation::Generate),
            sent + 1,
            "{status}"
        );
        emulator.clear_faults();
    }
    // A late answer: one request, whatever the retry settings.
    let sent = emulator.requests_of(Operation::Generate);
    late_generate(&emulator);
    assert!(client.generate_key().await.unwrap_err().is_timeout());
    assert_eq!(emulator.requests_of(Operation::Generate), sent + 1);
    // A 429 is a refusal: the server did not process it, so it is sent again.
    let sent = emulator.requests_of(Operation::Generate);
    emulator.inject(Fault::status(429).operation(Operation::Generate));
    client.generate_key().await.unwrap();
    assert_eq!(emulator.requests_of(Operation::Generate), sent + 2);
}

#[tokio::test]
async fn reconciling_a_generate_ends_within_the_total_timeout() {
    let emulator = Emulator::builder().paid_org(ORG).start().await.unwrap();
    let key = emulator.issue_key(ORG, "admin-1", [Scope::Administrator]);
    let total = Duration::from_millis(2_500);
    let client = emulator
        .client_builder()
        .api_key(key)
        .attempt_timeout(Duration::from_millis(500))
        .total_timeout(total)
        .build()
        .unwrap();
    let generate = client.generate_key().alias(ALIAS);
    let late = (Operation::Generate, LATE, Operation::ListMetadata);
    assert_reconciliation_ends_within(total, &emulator, late, generate).await;
}

#[tokio::test]
async fn with_reconciliation_off_a_late_generate_is_a_plain_timeout() {
    let emulator = Emulator::builder().paid_org(ORG).start().await.unwrap();
    let key = emulator.issue_key(ORG, "admin-1", [Scope::Administrator]);
    let client = emulator
        .client_builder()
        .api_key(key)
        .attempt_timeout(ATTEMPT)
        .reconcile_creates(false)
        .build()
        .unwrap();
    late_generate(&emulator);
    let error = client.generate_key().await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_eq!(
        emulator.requests_of(Operation::ListMetadata),
        0,
        "no reconciliation"
    );
    assert_eq!(
        active_ids(&client).await.len(),
        2,
        "the orphan stays beside the administrator's key: the cost of turning it off"
    );
}
