//! [`Remembered`]: the secrets a redactor knows, as they were added, and the [`Known`] search
//! set built from them when a redaction needs it.
//!
//! Adding a secret happens on every create's happy path, while redacting happens only when
//! server text is quoted (errors, traces). So adding only stores the secret (a few hundred
//! instructions), and the search set, whose windows cost thousands of instructions per secret
//! to build, is brought up to date by the next redaction. The created secrets are bounded: a
//! service that creates keys for months would otherwise hold every secret it ever received
//! and pay for all of them on each add. The configured key is always kept; of the created
//! ones, the newest [`KEPT`] at least (the oldest [`EVICTED`] leave together, so that the set
//! is rebuilt once per [`EVICTED`] creates, not on every one).

use std::collections::VecDeque;
use std::sync::Arc;

use secrecy::zeroize::Zeroizing;

use super::scan::Known;

/// How many created secrets are always remembered.
pub(super) const KEPT: usize = 1024;

/// How many of the oldest leave at once, when `KEPT + EVICTED` are held.
pub(super) const EVICTED: usize = 256;

/// The configured key, the created secrets, and the search set over them.
#[derive(Default)]
pub(super) struct Remembered {
    configured: Option<Zeroizing<Vec<u8>>>,
    /// Oldest first; each zeroed when dropped.
    created: VecDeque<Zeroizing<Vec<u8>>>,
    /// Built from `configured` and the first `merged` of `created`; `None` after an eviction.
    known: Option<Arc<Known>>,
    merged: usize,
}

impl Remembered {
    /// Remembers the configured API key (an empty key is no secret).
    pub(super) fn configured(api_key: &str) -> Self {
        let key = api_key.as_bytes().to_vec();
        Remembered {
            configured: (!key.is_empty()).then(|| Zeroizing::new(key)),
            ..Remembered::default()
        }
    }

    /// Remembers a created `secret`; forgets the oldest [`EVICTED`] once `KEPT + EVICTED` are
    /// held. An empty secret, or the one added last, adds nothing.
    pub(super) fn add(&mut self, secret: &str) {
        let bytes = secret.as_bytes();
        let repeated = self
            .created
            .back()
            .is_some_and(|last| last.as_slice() == bytes);
        if bytes.is_empty() || repeated {
            return;
        }
        self.created.push_back(Zeroizing::new(bytes.to_vec()));
        if self.created.len() >= KEPT + EVICTED {
            self.created.drain(..EVICTED);
            // The set holds windows of forgotten secrets: it is rebuilt from what is kept.
            self.known = None;
        }
    }

    /// The search set over every remembered secret, built now for those added since the last.
    pub(super) fn known(&mut self) -> Arc<Known> {
        let known = match self.known.take() {
            Some(known) => known,
            None => {
                self.merged = 0;
                let configured = self.configured.iter().map(|key| key.as_slice());
                Arc::new(Known::default().with_all(configured).unwrap_or_default())
            }
        };
        let fresh = self
            .created
            .range(self.merged..)
            .map(|secret| secret.as_slice());
        let known = match known.with_all(fresh) {
            Some(more) => Arc::new(more),
            None => known,
        };
        self.merged = self.created.len();
        self.known = Some(Arc::clone(&known));
        known
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(n: usize) -> String {
        format!("created-secret-number-{n:06}")
    }

    #[test]
    fn adding_only_stores_and_the_next_redaction_builds() {
        let mut remembered = Remembered::configured("the-configured-api-key");
        remembered.add(&secret(1));
        remembered.add(&secret(1));
        remembered.add("");
        assert_eq!(
            remembered.created.len(),
            1,
            "a repeat and an empty secret add nothing"
        );
        assert!(
            remembered.known.is_none(),
            "nothing built before a redaction"
        );
        assert_eq!(remembered.known().count(), 2);
        remembered.add(&secret(2));
        assert_eq!(remembered.merged, 1, "the set is not rebuilt on add");
        assert_eq!(remembered.known().count(), 3);
    }

    #[test]
    fn the_oldest_created_secrets_leave_together_and_the_configured_key_stays() {
        let mut remembered = Remembered::configured("the-configured-api-key");
        for n in 0..KEPT + EVICTED - 1 {
            remembered.add(&secret(n));
        }
        assert_eq!(remembered.known().count(), 1 + KEPT + EVICTED - 1);
        remembered.add(&secret(KEPT + EVICTED - 1));
        assert_eq!(
            remembered.created.len(),
            KEPT,
            "the oldest {EVICTED} left at once"
        );
        let known = remembered.known();
        assert_eq!(known.count(), 1 + KEPT);
        assert!(
            known.with_all([secret(0).as_bytes()]).is_some(),
            "forgotten"
        );
        assert!(
            known
                .with_all([secret(KEPT + EVICTED - 1).as_bytes()])
                .is_none()
        );
        assert!(
            known
                .with_all([b"the-configured-api-key".as_slice()])
                .is_none()
        );
    }
}
