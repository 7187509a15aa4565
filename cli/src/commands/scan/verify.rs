//! `scan --verify`: each distinct key found is asked about with itself (the API layer's
//! [`Verifier`]), a few at a time and at a bounded rate, so a scan of many leaked keys is no
//! burst against the server. A failure leaves that key `unknown` and the others go on.

use std::collections::BTreeMap;
use std::time::Duration;

use futures_util::StreamExt;

use crate::api::{Validity, Verifier};
use crate::scan::{Hit, Verdict};

use super::lookup::Lookup;
use super::revoke::Checked;

/// Keys verified at once.
const CONCURRENCY: usize = 4;
/// The least time between two verifications' starts: at most 10 a second.
const INTERVAL: Duration = Duration::from_millis(100);

/// The verdict of each distinct key in `hits`, asked with the key itself.
pub async fn verify_all(hits: &[Hit], verifier: &Verifier) -> Checked {
    let mut distinct = BTreeMap::new();
    for hit in hits {
        distinct
            .entry((hit.key_id.clone(), hit.org_id.clone()))
            .or_insert(hit);
    }
    let start = tokio::time::Instant::now();
    let verified: Vec<_> = futures_util::stream::iter(distinct.into_iter().enumerate())
        .map(|(i, (key, hit))| async move {
            let slot = INTERVAL.saturating_mul(u32::try_from(i).unwrap_or(u32::MAX));
            tokio::time::sleep_until(start + slot).await;
            let lookup = lookup(verifier.verify(&hit.key).await, hit);
            (key, (lookup, None))
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    verified.into_iter().collect()
}

fn lookup(validity: Validity, hit: &Hit) -> Lookup {
    let verdict = match validity {
        Validity::Valid => Verdict::Active,
        Validity::Invalid => Verdict::Inactive,
        Validity::Unknown(error) => {
            return Lookup::unknown(hit.org_id.clone(), format!("verify: {error}"));
        }
    };
    Lookup {
        verdict,
        org_id: hit.org_id.clone(),
        user_id: None,
        error: None,
    }
}
