//! Memory stays flat and nothing panics, measured on an emulator in a process of its own (this
//! test binary run again as a child, serving until its stdin closes), so that other tests
//! running beside it do not move the figures.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use whylabs_api_keys_emulator::Emulator;

use crate::robustness::{malformed_requests, send_raw};

const CHILD: &str = "WHYLABS_EMULATOR_MEMORY_CHILD";

/// The child's side: serves an emulator and prints its address until stdin closes. Ignored,
/// so that it runs only when the parent test asks for it.
#[tokio::test]
#[ignore = "run by memory_stays_flat_and_nothing_panics in a child process"]
async fn serve_in_a_child_process() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let emulator = Emulator::start().await;
    println!("EMULATOR {}", emulator.address());
    std::io::stdout().flush().unwrap();
    tokio::task::spawn_blocking(|| std::io::stdin().read_line(&mut String::new()))
        .await
        .unwrap()
        .unwrap();
}

/// The child's resident memory in KiB, from /proc.
fn rss_kib(child: &Child) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::test]
async fn memory_stays_flat_and_nothing_panics() {
    if !std::path::Path::new("/proc/self/status").exists() {
        return; // Linux only: RSS comes from /proc
    }
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "memory::serve_in_a_child_process",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .env(CHILD, "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let address: std::net::SocketAddr = lines
        .find_map(|line| line.ok()?.strip_prefix("EMULATOR ").map(str::to_string))
        .expect("the child prints its address")
        .parse()
        .unwrap();
    let _ = Emulator::start().await.client(); // installs the TLS provider reqwest's build needs
    let http = reqwest::Client::new();
    let url = format!("http://{address}/v0/organizations/org-123/api-key");
    let body = vec![b'x'; 1 << 20];
    for _ in 0..20 {
        http.post(&url).body(body.clone()).send().await.unwrap();
    }
    let before = rss_kib(&child);
    let started = Instant::now();
    for _ in 0..300 {
        let answer = http.post(&url).body(body.clone()).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    }
    for n in 0..3000 {
        let key = format!("{n:010}.{}", "k".repeat(53));
        let answer = http
            .get(format!("http://{address}/nowhere/{n}"))
            .header("x-api-key", key)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::NOT_FOUND);
    }
    for (request, finish) in malformed_requests() {
        send_raw(address, &request, finish).await;
    }
    let after = rss_kib(&child);
    let elapsed = started.elapsed();
    let ok = http.get(&url).send().await.unwrap();
    assert_eq!(ok.status(), StatusCode::UNAUTHORIZED, "still serving");
    drop(child.stdin.take()); // the child stops
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("panicked"),
        "the emulator panicked:\n{stderr}"
    );
    println!(
        "emulator RSS {before} KiB before, {after} KiB after 300 x 1 MiB bodies, 3,000 404s \
         with distinct keys and {} malformed requests, in {elapsed:?}",
        malformed_requests().len()
    );
    assert!(
        after < before + 32 * 1024,
        "RSS grew from {before} KiB to {after} KiB"
    );
    assert!(elapsed < Duration::from_secs(120), "took {elapsed:?}");
}
