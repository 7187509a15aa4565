//! One variant alone (`--profile`), for callgrind, perf and the comparison with the Python
//! client; and `--serve`, the loopback server alone, for that comparison's other side.

use std::io::Read;
use std::sync::Arc;

use crate::server::Server;
use crate::variants::{Callers, Variant, Workload};
use crate::{LIST_SIZES, batch, client_runtime};

/// `--profile <a|b|c> <list size, 0 for create, get, generate> <concurrency> <calls>
/// [--base-url URL]`: one variant alone; against the server at `URL` when given (one started
/// by `--serve`), else against its own.
pub fn run(args: &[String], all: &[String]) {
    let number = |at: usize| {
        args.get(at)
            .and_then(|a| a.parse().ok())
            .expect("--profile a|b|c N C CALLS")
    };
    let variant = match args.first().map(String::as_str) {
        Some("a") => Variant::Facade,
        Some("b") => Variant::Generated,
        _ => Variant::Raw,
    };
    let workload = match args.get(1).map(String::as_str) {
        Some("get") => Workload::Get,
        Some("generate") => Workload::Generate,
        _ => match number(1) {
            0 => Workload::Create,
            n => Workload::List(n),
        },
    };
    let external = all
        .iter()
        .position(|arg| arg == "--base-url")
        .and_then(|at| all.get(at + 1));
    let own = external.is_none().then(|| Server::start(&LIST_SIZES));
    let base_url = external
        .cloned()
        .unwrap_or_else(|| own.as_ref().map(Server::base_url).unwrap_or_default());
    let callers = Arc::new(Callers::new(&base_url));
    let job = batch(&callers, (variant, workload), number(2), number(3), false);
    let measured = client_runtime().block_on(job);
    println!(
        "{:.0} calls/s",
        measured.calls as f64 / measured.elapsed.as_secs_f64()
    );
}

/// `--serve`: starts the loopback server, prints its base URL and serves until standard input
/// closes.
pub fn serve() {
    let server = Server::start(&LIST_SIZES);
    println!("{}", server.base_url());
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
}
