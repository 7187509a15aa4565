//! Measured batches of calls and what the tables print from them.

use std::time::Duration;

/// One batch of calls by one variant: its wall time and each call's latency.
pub struct Batch {
    pub calls: usize,
    pub elapsed: Duration,
    pub latencies: Vec<Duration>,
}

/// All batches of one variant in one configuration, over the rounds.
#[derive(Default)]
pub struct Tally {
    calls: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
    /// Calls/s of each round, to compare variants round by round.
    round_rates: Vec<f64>,
}

impl Tally {
    pub fn add(&mut self, batch: Batch) {
        self.calls += batch.calls;
        self.elapsed += batch.elapsed;
        self.round_rates.push(rate(batch.calls, batch.elapsed));
        self.latencies.extend(batch.latencies);
    }

    /// Calls per second over all rounds.
    pub fn rate(&self) -> f64 {
        rate(self.calls, self.elapsed)
    }

    /// Mean wall time per call; at concurrency 1 this is the mean latency.
    pub fn mean(&self) -> Duration {
        self.elapsed / self.calls.max(1) as u32
    }

    /// The `p`th percentile latency (nearest rank), `p` in 0..=100.
    pub fn percentile(&mut self, p: f64) -> Duration {
        self.latencies.sort_unstable();
        let Some(last) = self.latencies.len().checked_sub(1) else {
            return Duration::ZERO;
        };
        let rank = ((p / 100.0) * self.latencies.len() as f64).ceil() as usize;
        self.latencies[rank.saturating_sub(1).min(last)]
    }

    /// The lowest and highest per-round ratio of this tally's rate to `baseline`'s.
    pub fn round_ratio_range(&self, baseline: &Tally) -> (f64, f64) {
        let ratios = self
            .round_rates
            .iter()
            .zip(&baseline.round_rates)
            .map(|(mine, theirs)| mine / theirs);
        ratios.fold((f64::INFINITY, 0.0_f64), |(lo, hi), r| {
            (lo.min(r), hi.max(r))
        })
    }
}

fn rate(calls: usize, elapsed: Duration) -> f64 {
    calls as f64 / elapsed.as_secs_f64().max(f64::MIN_POSITIVE)
}

/// Microseconds with one decimal, the unit of every latency column.
pub fn micros(duration: Duration) -> String {
    format!("{:.1}", duration.as_secs_f64() * 1e6)
}

/// The 1-minute load average, printed with the tables so that a noisy run shows.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".to_string())
}
