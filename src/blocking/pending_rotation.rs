//! [`PendingRotation`]: the blocking twin of [`crate::requests::PendingRotation`], from
//! [`RotateKey::stage`](super::RotateKey::stage).

use std::sync::Arc;

use tokio::sync::Mutex;

use crate::blocking::Runner;
use crate::blocking::requests::RotateKey;
use crate::error::Result;
use crate::models::{ApiKey, CreatedApiKey};
use crate::requests::Settlement;

/// A staged rotation of the [blocking client](super::Client); see [`crate::requests::PendingRotation`]
/// for what commit and abort do and how they are retried.
///
/// ```
/// # let runtime = tokio::runtime::Runtime::new().unwrap();
/// # let emulator = runtime.block_on(whylabs_api_keys_emulator::Emulator::start());
/// # let client = whylabs_api_keys::blocking::Client::new(emulator.client())?;
/// # let old = client.create_key("org-123", "user-123").send()?.key;
/// let mut pending = client.rotate_key(&old).stage()?;
/// println!("store {}", pending.new_key().key.key_id);
/// pending.commit()?;
/// assert!(client.get_key("org-123", &old.key_id)?.is_none());
/// # Ok::<(), whylabs_api_keys::Error>(())
/// ```
#[derive(Debug)]
#[must_use = "a staged rotation leaves both keys active until it is committed or aborted"]
pub struct PendingRotation {
    /// Shared with the runtime thread, which needs a future that owns what it uses.
    pending: Arc<Mutex<crate::requests::PendingRotation>>,
    /// Copies of the two keys, so that they can be lent out without the lock.
    new_key: CreatedApiKey,
    old_key: ApiKey,
    runner: Runner,
}

impl RotateKey {
    /// [`crate::requests::RotateKey::stage`]: creates the replacement and waits for it; both keys stay
    /// active until the rotation is committed or aborted.
    ///
    /// ```
    /// # let runtime = tokio::runtime::Runtime::new().unwrap();
    /// # let emulator = runtime.block_on(whylabs_api_keys_emulator::Emulator::start());
    /// # let client = whylabs_api_keys::blocking::Client::new(emulator.client())?;
    /// # let old = client.create_key("org-123", "user-123").send()?.key;
    /// let mut pending = client.rotate_key(&old).stage()?;
    /// pending.abort()?; // the old key stays active
    /// assert!(client.get_key("org-123", &old.key_id)?.is_some());
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn stage(self) -> Result<PendingRotation> {
        let (request, runner) = self.into_parts();
        let pending = runner.run(request.stage())?;
        Ok(PendingRotation {
            new_key: pending.new_key().clone(),
            old_key: pending.old_key().clone(),
            pending: Arc::new(Mutex::new(pending)),
            runner,
        })
    }
}

impl PendingRotation {
    /// [`crate::requests::PendingRotation::new_key`].
    ///
    /// ```
    /// # fn show(pending: &whylabs_api_keys::blocking::PendingRotation) {
    /// println!("new key {}", pending.new_key().key.key_id);
    /// # }
    /// ```
    pub fn new_key(&self) -> &CreatedApiKey {
        &self.new_key
    }

    /// [`crate::requests::PendingRotation::old_key`].
    ///
    /// ```
    /// # fn show(pending: &whylabs_api_keys::blocking::PendingRotation) {
    /// println!("replacing {}", pending.old_key().key_id);
    /// # }
    /// ```
    pub fn old_key(&self) -> &ApiKey {
        &self.old_key
    }

    /// [`crate::requests::PendingRotation::commit`]: revokes the old key.
    ///
    /// ```
    /// # let runtime = tokio::runtime::Runtime::new().unwrap();
    /// # let emulator = runtime.block_on(whylabs_api_keys_emulator::Emulator::start());
    /// # let client = whylabs_api_keys::blocking::Client::new(emulator.client())?;
    /// # let old = client.create_key("org-123", "user-123").send()?.key;
    /// let mut pending = client.rotate_key(&old).stage()?;
    /// let revoked = pending.commit()?;
    /// assert_eq!(revoked.key().key_id, old.key_id);
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn commit(&mut self) -> Result<Settlement> {
        let pending = Arc::clone(&self.pending);
        self.runner
            .run(async move { pending.lock().await.commit().await })
    }

    /// [`crate::requests::PendingRotation::abort`]: revokes the new key.
    ///
    /// ```
    /// # let runtime = tokio::runtime::Runtime::new().unwrap();
    /// # let emulator = runtime.block_on(whylabs_api_keys_emulator::Emulator::start());
    /// # let client = whylabs_api_keys::blocking::Client::new(emulator.client())?;
    /// # let old = client.create_key("org-123", "user-123").send()?.key;
    /// let mut pending = client.rotate_key(&old).stage()?;
    /// let revoked = pending.abort()?;
    /// assert_eq!(revoked.key().key_id, pending.new_key().key.key_id);
    /// # Ok::<(), whylabs_api_keys::Error>(())
    /// ```
    pub fn abort(&mut self) -> Result<Settlement> {
        let pending = Arc::clone(&self.pending);
        self.runner
            .run(async move { pending.lock().await.abort().await })
    }
}
