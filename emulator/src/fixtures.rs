//! Test fixtures: keys put straight into the store, for the states a test needs.

use whylabs_api_keys::{ApiKeySecret, Scope};

use super::Emulator;
use super::dispatch::lock;
use super::store::NewKey;

impl Emulator {
    /// Stores a key of `user_id` in `org_id` with exactly `scopes` and returns its secret
    /// (`<id>.<secret>:<orgId>`), without a request and without the API's checks (tiers, key
    /// limit, known scopes): a fixture for tests, such as an organization administrator's key
    /// for the v1 API.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> whylabs_api_keys::Result<()> {
    /// use whylabs_api_keys::Scope;
    ///
    /// # let emulator = whylabs_api_keys_emulator::Emulator::start().await;
    /// let admin = emulator.issue_key("org-123", "alice", [Scope::Administrator]);
    /// assert!(admin.expose_secret().ends_with(":org-123"));
    /// let as_alice = emulator.client_builder().api_key(admin).build()?;
    /// // An organization's administrator may not call v0: it needs a system key.
    /// assert!(as_alice.list_keys("org-123").await.unwrap_err().is_forbidden());
    /// # Ok(()) }
    /// ```
    pub fn issue_key<S: Into<Scope>>(
        &self,
        org_id: &str,
        user_id: &str,
        scopes: impl IntoIterator<Item = S>,
    ) -> ApiKeySecret {
        let mut set: Vec<String> = Vec::new();
        for scope in scopes.into_iter().map(|s| s.into().to_string()) {
            if !set.contains(&scope) {
                set.push(scope);
            }
        }
        let new = NewKey {
            org_id,
            user_id,
            alias: None,
            scopes: set,
            expiration_time: None,
            resource_id: None,
        };
        let created = lock(&self.state).store.insert(new);
        created
            .key
            .expect("the store returns a new key with its secret")
    }
}
