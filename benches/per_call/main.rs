//! Per-call cost of the facade against the generated client and hand-written reqwest, over a
//! loopback server; then decode cost against the number of keys, and peak memory of long runs.
//! Prints Markdown tables (the ones in BENCHMARKS.md).
//!
//! `cargo bench --bench per_call` runs it in full (about three minutes on 2 cores); options after
//! `--`: `--rounds N` (default 16), `--scale F` (calls per round × F), `--focus` (get, list 1
//! and 100, create and generate at concurrency 1 and 16 only: issue 19's table). Built and run by `cargo
//! test --benches` too, without `--bench`: then it makes a handful of calls of each kind as a
//! smoke test and prints no figures worth reading. `--profile a|b|c <keys, 0 for create, get>
//! <concurrency> <calls>` runs one variant alone, to profile it (callgrind, perf).

mod memory;
mod options;
mod profile;
// The raw baseline's fields are decoded, never read here: decoding is the cost measured.
#[allow(dead_code)]
#[path = "../build-baseline/src/lib.rs"]
mod raw;
mod server;
mod stats;
mod variants;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use options::Options;
use server::Server;
use stats::{Batch, Tally, micros};
use variants::{Callers, Variant, Workload};

pub(crate) const LIST_SIZES: [usize; 3] = [1, 100, 1_000];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(at) = args.iter().position(|arg| arg == memory::CHILD_FLAG) {
        let calls = args[at + 1].parse().expect("a call count");
        return memory::child(calls);
    }
    if let Some(at) = args.iter().position(|arg| arg == "--profile") {
        return profile::run(&args[at + 1..], &args);
    }
    if args.iter().any(|arg| arg == "--serve") {
        return profile::serve();
    }
    let options = Options::parse(&args);
    println!("load average at start: {}\n", stats::load_average());
    per_call_tables(options);
    if options.focus {
        println!("\nload average at end: {}", stats::load_average());
        return;
    }
    decode_table(options);
    memory::report(options.smoke);
    println!("\nload average at end: {}", stats::load_average());
}

/// The client side's runtime: one worker thread, the server having the other core.
pub(crate) fn client_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("client runtime")
}

/// Runs `calls` calls, `concurrency` at a time, each checked to return `workload.keys()`
/// keys. Latencies are kept only if asked (a memory run must not grow a vector per call).
pub(crate) async fn batch(
    callers: &Arc<Callers>,
    (variant, workload): (Variant, Workload),
    concurrency: usize,
    calls: usize,
    keep_latencies: bool,
) -> Batch {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (callers, next) = (Arc::clone(callers), Arc::clone(&next));
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while next.fetch_add(1, Ordering::Relaxed) < calls {
                    let call_started = Instant::now();
                    let keys = callers.call(variant, workload).await;
                    if keep_latencies {
                        latencies.push(call_started.elapsed());
                    }
                    assert_eq!(keys, workload.keys(), "{variant:?} {workload:?}");
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(if keep_latencies { calls } else { 0 });
    for worker in workers {
        latencies.extend(worker.await.expect("worker"));
    }
    let elapsed = started.elapsed();
    Batch {
        calls,
        elapsed,
        latencies,
    }
}

/// One tally per variant, in `Variant::ALL` order.
type Tallies = [Tally; 3];

/// Runs the three variants in rounds, rotating which goes first, so that all three see the
/// same machine (other processes, CPU frequency) in equal measure.
async fn interleaved(
    callers: &Arc<Callers>,
    workload: Workload,
    concurrency: usize,
    options: Options,
) -> Tallies {
    let calls = options.calls(workload);
    for variant in Variant::ALL {
        // Warm-up: opens the connections and fills the allocator's caches.
        batch(
            callers,
            (variant, workload),
            concurrency,
            calls / 4 + 1,
            false,
        )
        .await;
    }
    let mut tallies = Tallies::default();
    for round in 0..options.rounds {
        for offset in 0..Variant::ALL.len() {
            let index = (round + offset) % Variant::ALL.len();
            let job = (Variant::ALL[index], workload);
            let measured = batch(callers, job, concurrency, calls, true).await;
            tallies[index].add(measured);
        }
    }
    tallies
}

/// The per-call table: calls/s, p50, p99 and the ratio to raw reqwest for every workload
/// and concurrency; then the linearity table from the same figures.
fn per_call_tables(options: Options) {
    let server = Server::start(&LIST_SIZES);
    let callers = Arc::new(Callers::new(&server.base_url()));
    let workloads = LIST_SIZES.map(Workload::List).into_iter();
    let mut sequential = Vec::new();
    println!("## Per call: calls/s and latency, ratio to raw reqwest (c)\n");
    println!(
        "rounds: {}, variants alternating within each round\n",
        options.rounds
    );
    println!(
        "| call | concurrency | variant | calls/s | × (c) calls/s | per-round × (c) | p50 µs | p99 µs |"
    );
    println!("|---|---:|---|---:|---:|---:|---:|---:|");
    let runtime = client_runtime();
    for workload in [Workload::Get]
        .into_iter()
        .chain(workloads.filter(|workload| options.runs(*workload)))
        .chain([Workload::Create, Workload::Generate])
    {
        for &concurrency in options.concurrency() {
            let mut tallies =
                runtime.block_on(interleaved(&callers, workload, concurrency, options));
            print_rows(workload, concurrency, &mut tallies);
            if concurrency == 1 {
                sequential.push((workload, tallies));
            }
        }
    }
    println!(
        "\nconnections accepted by the server in all: {}",
        server.accepts()
    );
    if !options.focus {
        linearity_table(&sequential);
    }
}

fn print_rows(workload: Workload, concurrency: usize, tallies: &mut Tallies) {
    let raw_rate = tallies[2].rate();
    for (index, variant) in Variant::ALL.into_iter().enumerate() {
        let (low, high) = tallies[index].round_ratio_range(&tallies[2]);
        let tally = &mut tallies[index];
        println!(
            "| {} | {concurrency} | {} | {:.0} | {:.3} | {low:.2}–{high:.2} | {} | {} |",
            workload.label(),
            variant.label(),
            tally.rate(),
            tally.rate() / raw_rate,
            micros(tally.percentile(50.0)),
            micros(tally.percentile(99.0)),
        );
    }
}

/// Mean call time at concurrency 1 against the number of keys, and the cost of each further
/// key: equal slopes over 1→100 and 100→1,000 mean the cost grows linearly.
fn linearity_table(sequential: &[(Workload, Tallies)]) {
    let lists: Vec<_> = sequential
        .iter()
        .filter_map(|(workload, tallies)| match workload {
            Workload::List(n) => Some((*n, tallies)),
            Workload::Get | Workload::Create | Workload::Generate => None,
        })
        .collect();
    println!("\n## Call time against keys listed (concurrency 1, mean)\n");
    println!(
        "| variant | list 1 µs | list 100 µs | list 1,000 µs | µs/key 1→100 | µs/key 100→1,000 |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for (index, variant) in Variant::ALL.into_iter().enumerate() {
        let means: Vec<(usize, f64)> = lists
            .iter()
            .map(|(n, tallies)| (*n, tallies[index].mean().as_secs_f64() * 1e6))
            .collect();
        let slope = |(n0, t0): (usize, f64), (n1, t1): (usize, f64)| (t1 - t0) / (n1 - n0) as f64;
        println!(
            "| {} | {:.1} | {:.1} | {:.1} | {:.2} | {:.2} |",
            variant.label(),
            means[0].1,
            means[1].1,
            means[2].1,
            slope(means[0], means[1]),
            slope(means[1], means[2]),
        );
    }
}

/// Decoding alone, no network: the generated types and the hand-written struct, per key.
fn decode_table(options: Options) {
    use whylabs_api_keys::generated::types::ListUserApiKeys;
    println!("\n## Decode only (serde_json from bytes, no network): ns per key\n");
    println!("| keys | body bytes | generated types ns/key | hand-written struct ns/key |");
    println!("|---:|---:|---:|---:|");
    for n in [1, 10, 100, 1_000, 10_000] {
        let body = server::list_body(n);
        let iterations = ((200_000.0 * options.scale) as usize / n).max(1);
        let per_key = |total: Duration| total.as_secs_f64() * 1e9 / (iterations * n) as f64;
        let (mut generated, mut raw) = (Duration::ZERO, Duration::ZERO);
        for _ in 0..options.rounds {
            generated += time(iterations, || {
                let list: ListUserApiKeys = serde_json::from_slice(&body).expect("generated");
                assert_eq!(list.items.len(), n);
            });
            raw += time(iterations, || {
                let list: raw::KeyList = serde_json::from_slice(&body).expect("raw");
                assert_eq!(list.items.len(), n);
            });
        }
        let rounds = options.rounds as u32;
        println!(
            "| {n} | {} | {:.0} | {:.0} |",
            body.len(),
            per_key(generated / rounds),
            per_key(raw / rounds)
        );
    }
}

fn time(iterations: usize, mut f: impl FnMut()) -> Duration {
    let started = Instant::now();
    for _ in 0..iterations {
        f();
    }
    started.elapsed()
}
