//! What a test does with a running [`Emulator`] besides calling it: inject and clear faults,
//! move its clock, and count the requests it served.

use std::time::Duration;

use chrono::{DateTime, Utc};
use whylabs_api_keys::Operation;

use super::Emulator;
use super::dispatch::lock;
use super::faults::Fault;

impl Emulator {
    /// The emulator's current time: the real time plus every
    /// [`advance_time`](Self::advance_time). Clients from [`client_builder`](Self::client_builder)
    /// compute expirations (`expires_in`) against it.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// use std::time::Duration;
    ///
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
    /// emulator.advance_time(Duration::from_secs(11 * 24 * 3600));
    /// assert!(emulator.now() > chrono::Utc::now() + chrono::TimeDelta::days(10));
    /// let created = emulator
    ///     .client()
    ///     .create_key("org-123", "user-123")
    ///     .expires_in(Duration::from_secs(7 * 24 * 3600))
    ///     .await?;
    /// assert!(created.key.expiration_time.unwrap() > emulator.now());
    /// # Ok(()) }
    /// ```
    pub fn now(&self) -> DateTime<Utc> {
        lock(&self.state).store.clock.now()
    }

    /// How many injected faults are not used up yet. Faults are consumed by matching calls
    /// only, so a test that injected more than its calls used can assert this is zero (or
    /// [`clear_faults`](Self::clear_faults)) before the emulator serves another test; an
    /// emulator per test avoids the question altogether.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// use whylabs_api_keys_emulator::Fault;
    ///
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
    /// emulator.inject(Fault::status(503).times(2));
    /// assert!(emulator.client().list_keys("org-123").await.is_ok()); // retried twice
    /// assert_eq!(emulator.pending_faults(), 0);
    /// # }
    /// ```
    pub fn pending_faults(&self) -> usize {
        lock(&self.state).faults.len()
    }

    /// Makes the next calls misbehave; see [`Fault`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// use whylabs_api_keys::Operation;
    /// use whylabs_api_keys_emulator::Fault;
    ///
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
    /// emulator.inject(Fault::status(503).times(2).operation(Operation::List));
    /// let keys = emulator.client().list_keys("org-123").await; // retried twice, then served
    /// assert!(keys.is_ok());
    /// assert_eq!(emulator.requests_of(Operation::List), 3);
    /// # }
    /// ```
    pub fn inject(&self, fault: Fault) {
        lock(&self.state).faults.push(fault);
    }

    /// Drops every injected fault not used up yet.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # use whylabs_api_keys_emulator::Fault;
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
    /// emulator.inject(Fault::status(500).times(100));
    /// emulator.clear_faults();
    /// assert!(emulator.client().list_keys("org-123").await.is_ok());
    /// # }
    /// ```
    pub fn clear_faults(&self) {
        lock(&self.state).faults.clear();
    }

    /// Moves the emulator's clock forward, so keys expire without waiting. Timestamps it
    /// renders and its expiration checks use the moved clock. The clock saturates at the end
    /// of the year 9999: `advance_time(Duration::MAX)` expires every expiring key and never
    /// makes a later call fail.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// use std::time::Duration;
    ///
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
    /// let client = emulator.client();
    /// let created = client
    ///     .create_key("org-123", "user-123")
    ///     .expires_in(Duration::from_secs(120))
    ///     .await?;
    /// emulator.advance_time(Duration::from_secs(180));
    /// let with_expired_key = emulator.client_builder().api_key(created.secret().clone()).build()?;
    /// assert!(with_expired_key.list_keys("org-123").await.unwrap_err().is_unauthorized());
    /// # Ok(()) }
    /// ```
    pub fn advance_time(&self, by: Duration) {
        lock(&self.state).store.clock.advance(by);
    }

    /// How many API requests arrived, each retry counted, unknown paths included (the admin
    /// endpoints under `/__emulator/` are not counted).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
    /// emulator.client().get_key("org-123", "fh4dUNV3WQ").await?;
    /// assert_eq!(emulator.requests_seen(), 1);
    /// # Ok(()) }
    /// ```
    pub fn requests_seen(&self) -> usize {
        lock(&self.state).seen.total
    }

    /// How many requests of `operation` arrived, each retry counted.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// use whylabs_api_keys::Operation;
    ///
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
    /// emulator.client().list_keys("org-123").await?;
    /// assert_eq!(emulator.requests_of(Operation::List), 1);
    /// assert_eq!(emulator.requests_of(Operation::Create), 0);
    /// # Ok(()) }
    /// ```
    pub fn requests_of(&self, operation: Operation) -> usize {
        lock(&self.state)
            .seen
            .per_operation
            .get(&operation)
            .copied()
            .unwrap_or(0)
    }
}
