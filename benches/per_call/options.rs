//! The benchmark's command-line options.

use crate::variants::Workload;

/// How much to run: full when cargo bench passes `--bench`, a smoke test otherwise.
#[derive(Clone, Copy)]
pub struct Options {
    pub rounds: usize,
    pub scale: f64,
    pub smoke: bool,
    /// Only the calls and concurrencies of issue 19's table.
    pub focus: bool,
}

impl Options {
    pub fn parse(args: &[String]) -> Self {
        let value = |name: &str| {
            let at = args.iter().position(|arg| arg == name)?;
            args.get(at + 1)?.parse::<f64>().ok()
        };
        let smoke = !args.iter().any(|arg| arg == "--bench");
        Self {
            focus: args.iter().any(|arg| arg == "--focus"),
            rounds: value("--rounds").map_or(if smoke { 1 } else { 16 }, |r| r as usize),
            scale: value("--scale").unwrap_or(if smoke { 0.002 } else { 1.0 }),
            smoke,
        }
    }

    /// Calls per variant per round: about a quarter second of work each on the reference
    /// machine, so that rounds alternate often enough to share the machine's drift.
    pub fn calls(self, workload: Workload) -> usize {
        let base = match workload {
            Workload::List(n) if n >= 1_000 => 150.0,
            Workload::List(n) if n >= 100 => 1_000.0,
            _ => 4_000.0,
        };
        ((base * self.scale) as usize).max(2)
    }

    /// The concurrencies measured.
    pub fn concurrency(self) -> &'static [usize] {
        if self.focus { &[1, 16] } else { &[1, 16, 64] }
    }

    /// Whether this run measures `workload` (a focused one skips the list of 1,000).
    pub fn runs(self, workload: Workload) -> bool {
        !(self.focus && matches!(workload, Workload::List(n) if n >= 1_000))
    }
}
