//! Per-call cost of the facade, the generated client and hand-written reqwest + serde_json,
//! against an in-process loopback server answering canned, real-shaped responses.
//!
//! `cargo bench --bench calls` prints the tables of BENCHMARKS.md; variants run interleaved,
//! round by round, so machine noise hits all of them alike. `cargo bench --bench calls -- rss
//! N` runs N list calls at concurrency 64 and prints the peak resident set size.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDateTime, Utc};
use reqwest::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, USER_AGENT};
use serde::{Deserialize, Deserializer};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use whylabs_api_keys::{Client, Scope, generated};

const API_KEY: &str = "fh4dUNV3WQ.bench-secret:org-1";
const ROUNDS: usize = 5;

/// One request shape: list with this many keys, or create.
#[derive(Clone, Copy)]
enum Scenario {
    List(usize),
    Create,
}

impl Scenario {
    fn name(self) -> String {
        match self {
            Scenario::List(n) => format!("list {n}"),
            Scenario::Create => "create".to_string(),
        }
    }

    /// The organization whose path tells the server which canned answer to send.
    fn org(self) -> String {
        match self {
            Scenario::List(n) => format!("org-{n}"),
            Scenario::Create => "org-1".to_string(),
        }
    }

    /// Calls per variant per round: fewer where one call decodes a thousand keys.
    fn calls_per_round(self) -> usize {
        match self {
            Scenario::List(n) if n >= 1000 => 150,
            Scenario::List(n) if n >= 100 => 800,
            _ => 2000,
        }
    }
}

// ---- the canned server -------------------------------------------------------------------

fn key_json(i: usize) -> serde_json::Value {
    serde_json::json!({
        "keyId": format!("k{i:09}"), "orgId": "org-1", "userId": "user-1",
        "creationTime": "2024-01-02T03:04:05.678", "expirationTime": "2030-01-01T00:00:00",
        "lastUsedTime": "2024-02-03T04:05:06.7", "scopes": [":user", ":write_data"],
        "alias": "bench", "revoked": false
    })
}

fn http_response(body: &serde_json::Value) -> Arc<Vec<u8>> {
    let body = body.to_string();
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    Arc::new([head.into_bytes(), body.into_bytes()].concat())
}

/// The canned answers, by the request line that asks for them.
struct Answers {
    lists: Vec<(String, Arc<Vec<u8>>)>,
    created: Arc<Vec<u8>>,
}

impl Answers {
    fn new(sizes: &[usize]) -> Self {
        let lists = sizes
            .iter()
            .map(|&n| {
                let items: Vec<_> = (0..n).map(key_json).collect();
                (
                    format!("/organizations/org-{n}/"),
                    http_response(&serde_json::json!({ "items": items })),
                )
            })
            .collect();
        let mut created = key_json(0);
        created["key"] = serde_json::json!("k000000000.created-secret-0123456789:org-1");
        Self {
            lists,
            created: http_response(&created),
        }
    }

    fn for_request(&self, request_line: &str) -> &Arc<Vec<u8>> {
        if request_line.starts_with("POST") {
            return &self.created;
        }
        let found = self
            .lists
            .iter()
            .find(|(path, _)| request_line.contains(path.as_str()));
        &found.expect("a list size the server knows").1
    }
}

async fn start_server(answers: Answers) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    let answers = Arc::new(answers);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(serve(stream, Arc::clone(&answers)));
        }
    });
    uri
}

/// Keep-alive loop: read a request head, write the canned answer, repeat.
async fn serve(stream: TcpStream, answers: Arc<Answers>) {
    stream.set_nodelay(true).unwrap();
    let mut stream = BufReader::new(stream);
    let mut request_line = String::new();
    let mut line = String::new();
    loop {
        request_line.clear();
        if stream.read_line(&mut request_line).await.unwrap_or(0) == 0 {
            return;
        }
        loop {
            line.clear();
            if stream.read_line(&mut line).await.unwrap_or(0) == 0 {
                return;
            }
            if line == "\r\n" {
                break;
            }
        }
        let answer = Arc::clone(answers.for_request(&request_line));
        if stream.get_mut().write_all(&answer).await.is_err() {
            return;
        }
    }
}

// ---- the three ways to call --------------------------------------------------------------

/// The hand-written baseline's model: the same fields and the same typed timestamps.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)] // decoded, never read: decoding is the cost being measured
struct RawKey {
    key_id: String,
    org_id: String,
    user_id: String,
    #[serde(deserialize_with = "timestamp")]
    creation_time: DateTime<Utc>,
    #[serde(default, deserialize_with = "optional_timestamp")]
    expiration_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "optional_timestamp")]
    last_used_time: Option<DateTime<Utc>>,
    #[serde(default)]
    scopes: Option<Vec<String>>,
    resource_id: Option<String>,
    alias: Option<String>,
    revoked: Option<bool>,
    key: Option<String>,
}

#[derive(Deserialize)]
struct RawList {
    #[allow(dead_code)]
    items: Vec<RawKey>,
}

fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|t| t.and_utc())
}

fn timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    let text = String::deserialize(d)?;
    parse_timestamp(&text).ok_or_else(|| serde::de::Error::custom("bad timestamp"))
}

fn optional_timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    Ok(Option::<String>::deserialize(d)?
        .as_deref()
        .and_then(parse_timestamp))
}

#[derive(Clone, Copy, PartialEq)]
enum Variant {
    Facade,
    Generated,
    Raw,
}

const VARIANTS: [Variant; 3] = [Variant::Facade, Variant::Generated, Variant::Raw];

impl Variant {
    fn name(self) -> &'static str {
        match self {
            Variant::Facade => "facade",
            Variant::Generated => "generated",
            Variant::Raw => "raw reqwest",
        }
    }
}

/// Everything a call needs, shared by the workers.
struct Callers {
    facade: Client,
    generated: generated::Client,
    raw: reqwest::Client,
    base: String,
}

impl Callers {
    async fn call(&self, variant: Variant, scenario: Scenario) {
        let org = scenario.org();
        match (variant, scenario) {
            (Variant::Facade, Scenario::List(_)) => {
                drop(self.facade.list_keys(org).send().await.unwrap())
            }
            (Variant::Facade, Scenario::Create) => {
                let create = self
                    .facade
                    .create_key(org, "user-1")
                    .alias("bench")
                    .scopes([Scope::User]);
                drop(create.send().await.unwrap())
            }
            (Variant::Generated, Scenario::List(_)) => drop(
                self.generated
                    .list_api_keys()
                    .org_id(org)
                    .send()
                    .await
                    .unwrap(),
            ),
            (Variant::Generated, Scenario::Create) => {
                let create = self
                    .generated
                    .create_api_key()
                    .org_id(org)
                    .user_id("user-1");
                drop(
                    create
                        .alias("bench")
                        .scopes(vec![":user".to_string()])
                        .send()
                        .await
                        .unwrap(),
                )
            }
            (Variant::Raw, Scenario::List(_)) => {
                let request = self
                    .raw
                    .get(format!("{}/v0/organizations/{org}/api-key", self.base));
                let bytes = self.raw_send(request).await;
                drop(serde_json::from_slice::<RawList>(&bytes).unwrap())
            }
            (Variant::Raw, Scenario::Create) => {
                let request = self
                    .raw
                    .post(format!("{}/v0/organizations/{org}/api-key", self.base));
                let request = request
                    .query(&[
                        ("user_id", "user-1"),
                        ("alias", "bench"),
                        ("scopes", ":user"),
                    ])
                    .header(CONTENT_TYPE, "application/json")
                    .header(CONTENT_LENGTH, "0");
                let bytes = self.raw_send(request).await;
                drop(serde_json::from_slice::<RawKey>(&bytes).unwrap())
            }
        }
    }

    async fn raw_send(&self, request: reqwest::RequestBuilder) -> bytes::Bytes {
        // The facade's per-attempt timeout, so that both pay for the same timer.
        let request = request.timeout(Duration::from_secs(30));
        let request = request
            .header("x-api-key", API_KEY)
            .header(ACCEPT, "application/json");
        let response = request
            .header(USER_AGENT, whylabs_api_keys::USER_AGENT)
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success());
        response.bytes().await.unwrap()
    }
}

// ---- measurement -------------------------------------------------------------------------

/// Runs `calls` calls with `concurrency` workers; returns the wall time and each latency.
async fn run(
    callers: &Arc<Callers>,
    variant: Variant,
    scenario: Scenario,
    calls: usize,
    concurrency: usize,
) -> (Duration, Vec<Duration>) {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (callers, next) = (Arc::clone(callers), Arc::clone(&next));
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while next.fetch_add(1, Ordering::Relaxed) < calls {
                    let began = Instant::now();
                    callers.call(variant, scenario).await;
                    latencies.push(began.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(calls);
    for worker in workers {
        latencies.extend(worker.await.unwrap());
    }
    (started.elapsed(), latencies)
}

/// Throughput and latency percentiles of one variant over all rounds.
#[derive(Default)]
struct Figures {
    wall: Duration,
    latencies: Vec<Duration>,
}

impl Figures {
    fn calls_per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.wall.as_secs_f64()
    }

    fn percentile(&mut self, p: f64) -> Duration {
        self.latencies.sort_unstable();
        self.latencies[((self.latencies.len() - 1) as f64 * p).round() as usize]
    }
}

async fn callers(base: &str) -> Arc<Callers> {
    let facade = Client::builder()
        .base_url(base)
        .api_key(API_KEY)
        .build()
        .unwrap();
    let raw = whylabs_api_keys::http_client_builder()
        .connect_timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let generated = facade.generated();
    Arc::new(Callers {
        facade,
        generated,
        raw,
        base: base.to_string(),
    })
}

async fn tables() {
    let scenarios = [
        Scenario::List(1),
        Scenario::List(100),
        Scenario::List(1000),
        Scenario::Create,
    ];
    let base = start_server(Answers::new(&[1, 100, 1000])).await;
    let callers = callers(&base).await;
    let mut p50_facade_list = Vec::new();
    println!("| request | concurrency | variant | calls/s | p50 µs | p99 µs | throughput vs raw |");
    println!("|---|---:|---|---:|---:|---:|---:|");
    for scenario in scenarios {
        for concurrency in [1, 64] {
            run(&callers, Variant::Raw, scenario, 200, concurrency).await; // warm-up: connections, caches
            let mut figures: Vec<Figures> = VARIANTS.iter().map(|_| Figures::default()).collect();
            for round in 0..ROUNDS {
                for offset in 0..VARIANTS.len() {
                    let index = (round + offset) % VARIANTS.len(); // rotate who goes first
                    let (wall, latencies) = run(
                        &callers,
                        VARIANTS[index],
                        scenario,
                        scenario.calls_per_round(),
                        concurrency,
                    )
                    .await;
                    figures[index].wall += wall;
                    figures[index].latencies.extend(latencies);
                }
            }
            let raw_rate = figures[2].calls_per_second();
            for (variant, figure) in VARIANTS.iter().zip(&mut figures) {
                let (p50, p99) = (figure.percentile(0.50), figure.percentile(0.99));
                if let (Variant::Facade, Scenario::List(n), 1) = (*variant, scenario, concurrency) {
                    p50_facade_list.push((n, p50));
                }
                println!(
                    "| {} | {concurrency} | {} | {:.0} | {} | {} | {:.3}× |",
                    scenario.name(),
                    variant.name(),
                    figure.calls_per_second(),
                    p50.as_micros(),
                    p99.as_micros(),
                    figure.calls_per_second() / raw_rate
                );
            }
        }
    }
    print_decode_slope(&p50_facade_list);
}

/// The decode cost per key, from the facade's p50 at concurrency 1: equal slopes between
/// 1→100 and 100→1,000 keys mean linear growth.
fn print_decode_slope(p50: &[(usize, Duration)]) {
    println!();
    for pair in p50.windows(2) {
        let ((n0, t0), (n1, t1)) = (pair[0], pair[1]);
        let per_key = (t1.as_secs_f64() - t0.as_secs_f64()) / (n1 - n0) as f64 * 1e6;
        println!("facade p50 from {n0} to {n1} keys: {per_key:.2} µs per additional key");
    }
}

/// Peak resident set size of this process, in KiB (Linux).
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .unwrap_or("VmHWM: 0 kB");
    line.split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

async fn rss(calls: usize) {
    let base = start_server(Answers::new(&[100])).await;
    let callers = callers(&base).await;
    let (wall, _) = run(&callers, Variant::Facade, Scenario::List(100), calls, 64).await;
    println!(
        "{calls} facade list-100 calls at concurrency 64 in {wall:.2?}: peak RSS {} KiB",
        peak_rss_kib()
    );
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    match args.as_slice() {
        [mode, calls] if mode == "rss" => {
            runtime.block_on(rss(calls.parse().expect("a number of calls")))
        }
        [] => runtime.block_on(tables()),
        _ => eprintln!("usage: cargo bench --bench calls [-- rss CALLS]"),
    }
}
