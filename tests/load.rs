//! Load under faults: 5,000 calls at concurrency 64 against a server that injects transient
//! faults into a quarter of its responses. Every idempotent call must end `Ok`, every failure
//! must be a typed error, nothing may hang, and no create may be re-sent after an answer that
//! could mean it was processed. Run with `--nocapture` to see the figures.

mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use whylabs_api_keys::{Client, Error, Reconciliation, RetryConfig};

use common::raw::{Action, Head, RawServer};

const CALLS: usize = 5_000;
const CONCURRENCY: usize = 64;

/// The faults, with their share of responses in percent (25% in all).
const FAULTS: [(&str, u64); 8] = [
    ("503 Retry-After: 0", 5),
    ("503", 4),
    ("429 Retry-After: 1", 2),
    ("429 Retry-After: 0", 2),
    ("429", 2),
    ("connection dropped", 4),
    ("reset mid-body", 4),
    ("stall", 2),
];

/// The fault for the `n`th request, if any: a fixed pseudo-random pattern, so runs repeat.
fn fault_for(n: usize) -> Option<&'static str> {
    let mut roll = (n as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .rotate_right(17)
        % 100;
    for (name, share) in FAULTS {
        if roll < share {
            return Some(name);
        }
        roll -= share;
    }
    None
}

fn fault_action(name: &str) -> Action {
    match name {
        "503 Retry-After: 0" => Action::status(503, "").with_header("Retry-After", "0"),
        "503" => Action::status(503, "<html>busy</html>"),
        "429 Retry-After: 1" => Action::status(429, "").with_header("Retry-After", "1"),
        "429 Retry-After: 0" => Action::status(429, "").with_header("Retry-After", "0"),
        "429" => Action::status(429, "slow down"),
        "connection dropped" => Action::Drop,
        "reset mid-body" => Action::ResetMidBody {
            length: 300,
            sent: b"{\"items\": [".to_vec(),
        },
        _ => Action::Stall(Duration::from_secs(2)),
    }
}

/// The successful answer to a request.
fn success(head: &Head) -> Action {
    let mut key = common::full_key();
    match (head.method.as_str(), head.target.contains("/api-key/")) {
        ("GET", true) => Action::json(200, &json!({ "key": key })),
        ("GET", false) => Action::json(200, &json!({ "items": [key] })),
        ("POST", _) => {
            key["key"] = json!("fh4dUNV3WQ.secret");
            Action::json(200, &key)
        }
        // A revoke succeeds only with the requested key (as `call` names it), revoked.
        _ => Action::json(200, &common::revoked_key("org-1", "u", "fh4dUNV3WQ")),
    }
}

/// What the server did for each create, by alias, in order.
type CreateLog = Arc<Mutex<BTreeMap<String, Vec<&'static str>>>>;

fn alias_of(head: &Head) -> Option<String> {
    let query = head.target.split_once('?')?.1;
    let pair = query.split('&').find(|pair| pair.starts_with("alias="))?;
    Some(pair["alias=".len()..].to_string())
}

async fn fault_injecting_server(creates: CreateLog) -> (RawServer, Arc<AtomicUsize>) {
    let counter = Arc::new(AtomicUsize::new(0));
    let faults = Arc::new(AtomicUsize::new(0));
    let seen_faults = Arc::clone(&faults);
    let server = RawServer::start(move |head| {
        let fault = fault_for(counter.fetch_add(1, Ordering::SeqCst));
        if fault.is_some() {
            faults.fetch_add(1, Ordering::SeqCst);
        }
        if let Some(alias) = alias_of(head).filter(|_| head.method == "POST") {
            creates
                .lock()
                .unwrap()
                .entry(alias)
                .or_default()
                .push(fault.unwrap_or("200"));
        }
        fault.map_or_else(|| success(head), fault_action)
    })
    .await;
    (server, seen_faults)
}

/// Runs call number `i`: every fifth is a create, the rest cycle through get, list, revoke.
async fn call(client: &Client, i: usize) -> (bool, Result<(), Error>) {
    match i % 5 {
        0 => (
            false,
            client
                .create_key("org-1", "u")
                .alias(format!("call-{i}"))
                .send()
                .await
                .map(drop),
        ),
        1 | 4 => (true, client.get_key("org-1", "fh4dUNV3WQ").await.map(drop)),
        2 => (true, client.list_keys("org-1").send().await.map(drop)),
        _ => (
            true,
            client
                .revoke_key("org-1", "u", "fh4dUNV3WQ")
                .await
                .map(drop),
        ),
    }
}

fn kind(error: &Error) -> String {
    match error {
        Error::Api(api) => format!("api {}", api.status().as_u16()),
        Error::Timeout { .. } => "timeout".to_string(),
        Error::Transport { .. } => "transport".to_string(),
        // The server's list always holds the same one key: nothing new is ever found.
        Error::CreateOutcomeUnknown {
            cause,
            reconciliation: Reconciliation::NoKeyFound,
            ..
        } => format!("{}, reconciled", kind(cause)),
        other => format!("unexpected: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousands_of_calls_survive_transient_faults() {
    let creates = CreateLog::default();
    let (server, faults) = fault_injecting_server(Arc::clone(&creates)).await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key("k")
        .attempt_timeout(Duration::from_millis(300))
        .total_timeout(Duration::from_secs(60))
        .retry(
            RetryConfig::new()
                .with_max_retries(10)
                .with_initial_backoff(Duration::from_millis(2))
                .with_max_backoff(Duration::from_millis(50)),
        )
        .build()
        .unwrap();

    let next = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(Mutex::new(BTreeMap::<String, usize>::new()));
    let started = Instant::now();
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (client, next, failures) =
                (client.clone(), Arc::clone(&next), Arc::clone(&failures));
            tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= CALLS {
                        return;
                    }
                    let (idempotent, outcome) = call(&client, i).await;
                    if let Err(error) = outcome {
                        assert!(!idempotent, "idempotent call {i} failed: {error}");
                        *failures.lock().unwrap().entry(kind(&error)).or_default() += 1;
                    }
                }
            })
        })
        .collect();
    let all = async {
        for worker in workers {
            worker.await.expect("no worker panicked");
        }
    };
    tokio::time::timeout(Duration::from_secs(180), all)
        .await
        .expect("the run finished in time");
    let wall = started.elapsed();

    let requests = server.heads().len();
    let faults = faults.load(Ordering::SeqCst);
    let failures = failures.lock().unwrap().clone();
    println!(
        "calls {CALLS}, concurrency {CONCURRENCY}, requests {requests}, faults injected {faults} ({:.1}%)",
        100.0 * faults as f64 / requests as f64
    );
    println!(
        "retries {}, failed creates by kind {failures:?}, wall time {wall:.2?}",
        requests - CALLS
    );

    assert!(
        faults * 5 >= requests,
        "at least 20% of responses were faults"
    );
    assert!(
        failures.keys().all(|kind| !kind.starts_with("unexpected")),
        "{failures:?}"
    );
    for (alias, answers) in creates.lock().unwrap().iter() {
        let (last, earlier) = answers.split_last().unwrap();
        assert!(
            earlier.iter().all(|answer| answer.starts_with("429")),
            "create {alias} was re-sent after {earlier:?} (then {last})"
        );
    }
    assert_eq!(
        creates.lock().unwrap().len(),
        CALLS / 5,
        "every create reached the server"
    );
}
