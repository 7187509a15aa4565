//! Peak memory of facade runs of different lengths: each run is a child process (this same
//! binary with `--memory-child <calls>`), since the kernel's peak RSS (`VmHWM`) is per process
//! and never goes down.

use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

use crate::server::Server;
use crate::variants::{Callers, Variant, Workload};

pub const CHILD_FLAG: &str = "--memory-child";
const CONCURRENCY: usize = 64;
const WORKLOAD: Workload = Workload::List(100);

/// In the child: makes `calls` facade calls at concurrency 64, then prints its memory figures
/// as `<peak kB> <current kB> <seconds>`.
pub fn child(calls: usize) {
    let server = Server::start(&[100]);
    let callers = Arc::new(Callers::new(&server.base_url()));
    let started = Instant::now();
    let job = (Variant::Facade, WORKLOAD);
    crate::client_runtime().block_on(crate::batch(&callers, job, CONCURRENCY, calls, false));
    let seconds = started.elapsed().as_secs_f64();
    println!("{} {} {seconds:.2}", status_kb("VmHWM"), status_kb("VmRSS"));
}

/// A `kB` line of `/proc/self/status`.
fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux /proc");
    let line = status
        .lines()
        .find(|line| line.starts_with(&format!("{field}:")))
        .expect("field present");
    let kb = line.split_whitespace().nth(1).expect("a number");
    kb.parse().expect("kB")
}

/// Runs the children (2,000 and 20,000 calls; far fewer in a smoke run) and prints a table.
pub fn report(smoke: bool) {
    let runs: [usize; 2] = if smoke { [64, 640] } else { [2_000, 20_000] };
    println!(
        "\n## Peak memory: facade, {}, concurrency {CONCURRENCY} (server in-process)\n",
        WORKLOAD.label()
    );
    println!("| calls | peak RSS (VmHWM) MiB | RSS at end MiB | seconds |");
    println!("|---:|---:|---:|---:|");
    let mut peaks = Vec::new();
    for calls in runs {
        let output = Command::new(std::env::current_exe().expect("own path"))
            .args([CHILD_FLAG, &calls.to_string()])
            .output()
            .expect("child runs");
        assert!(output.status.success(), "memory child failed: {output:?}");
        let text = String::from_utf8(output.stdout).expect("UTF-8");
        let fields: Vec<&str> = text.split_whitespace().collect();
        let mib = |kb: &str| kb.parse::<f64>().expect("kB") / 1024.0;
        let (peak, now, seconds) = (mib(fields[0]), mib(fields[1]), fields[2]);
        println!("| {calls} | {peak:.1} | {now:.1} | {seconds} |");
        peaks.push(peak);
    }
    println!(
        "\npeak at {} calls / peak at {} calls: {:.3}",
        runs[1],
        runs[0],
        peaks[1] / peaks[0]
    );
}
