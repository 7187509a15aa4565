//! The demo organization: five people and a service account, keys created over half a year
//! of emulator time, so that ages, expiries and last uses are real values from the server.

use std::time::Duration;

use chrono::TimeDelta;
use whylabs_api_keys::{ApiKeySecret, Client};
use whylabs_api_keys_emulator::Emulator;

use crate::clock::Clock;
use crate::error::{CliError, CliResult};

pub const ORG: &str = "org-demo";
/// The user who leaves the company during the demo.
pub const DEPARTING: &str = "dave";
/// How many keys the seed creates.
pub const KEYS: usize = FIRST.len() + SECOND.len() + INGEST_KEYS;

const DAY: i64 = 86_400;

/// A key to create: owner, alias, scopes, lifetime in days (None: never expires).
struct Plan {
    user: &'static str,
    alias: &'static str,
    scopes: &'static [&'static str],
    lifetime_days: Option<i64>,
}

const fn plan(
    user: &'static str,
    alias: &'static str,
    scopes: &'static [&'static str],
    lifetime_days: Option<i64>,
) -> Plan {
    Plan {
        user,
        alias,
        scopes,
        lifetime_days,
    }
}

/// Half a year ago: the first keys, some made without an expiry.
const FIRST: &[Plan] = &[
    plan("svc-ci", "ci-nightly", &[":write_data"], None),
    plan("bob", "legacy-upload", &[":user", ":write_data"], None),
    plan("dave", "notebook", &[":user"], None),
    plan("dave", "dashboards", &[":read_resource"], None),
    plan("alice", "admin-console", &[":administrator"], Some(400)),
];

/// Two months ago.
const SECOND: &[Plan] = &[
    plan("carol", "training", &[":user", ":write_data"], Some(365)),
    plan("dave", "experiments", &[":user"], Some(180)),
    plan("bob", "reports", &[":read_resource"], Some(60)),
    plan("dave", "laptop", &[":user"], Some(365)),
];

/// Ingestion keys of the service account, made two weeks ago.
const INGEST_KEYS: usize = 12;

/// The seeded emulator and the clock matching its own (which runs ahead of the real one).
pub struct Seeded {
    pub clock: Clock,
}

/// Creates the organization's keys, moving the emulator's clock between batches and using
/// some keys (a call made with a key sets its lastUsedTime).
pub async fn seed(emulator: &Emulator) -> CliResult<Seeded> {
    let admin = emulator.client();
    let mut ahead = TimeDelta::zero();
    let first = create_all(&admin, FIRST, ahead).await?;
    advance(emulator, &mut ahead, 10);
    use_key(emulator, &first[1]).await?; // bob's legacy upload, once, long ago
    advance(emulator, &mut ahead, 110);
    let second = create_all(&admin, SECOND, ahead).await?;
    advance(emulator, &mut ahead, 45);
    let ingest: Vec<Plan> = (0..INGEST_KEYS)
        .map(|_| plan("svc-ingest", "ingest", &[":write_data"], Some(180)))
        .collect();
    let ingest = create_all(&admin, &ingest, ahead).await?;
    advance(emulator, &mut ahead, 10);
    for secret in [&first[0], &first[4], &second[0], &second[1]]
        .into_iter()
        .chain(&ingest)
    {
        use_key(emulator, secret).await?;
    }
    advance(emulator, &mut ahead, 1);
    Ok(Seeded {
        clock: Clock::ahead(ahead),
    })
}

async fn create_all(
    admin: &Client,
    plans: &[Plan],
    ahead: TimeDelta,
) -> CliResult<Vec<ApiKeySecret>> {
    let now = Clock::ahead(ahead).now();
    let mut secrets = Vec::with_capacity(plans.len());
    for plan in plans {
        let mut request = admin
            .create_key(ORG, plan.user)
            .alias(plan.alias)
            .scopes(plan.scopes.iter().copied());
        if let Some(days) = plan.lifetime_days {
            request = request.expires_at(now + TimeDelta::days(days));
        }
        let created = request
            .await
            .map_err(|e| CliError::api("seed the demo organization", &e))?;
        secrets.push(created.secret().clone());
    }
    Ok(secrets)
}

fn advance(emulator: &Emulator, ahead: &mut TimeDelta, days: i64) {
    emulator.advance_time(Duration::from_secs((days * DAY) as u64));
    *ahead += TimeDelta::days(days);
}

/// Makes one call authenticated by `secret` (v1 validate, which any valid key may call),
/// which sets its lastUsedTime.
async fn use_key(emulator: &Emulator, secret: &ApiKeySecret) -> CliResult<()> {
    let client = emulator
        .client_builder()
        .api_key(secret.clone())
        .build()
        .map_err(|e| CliError::api("use a demo key", &e))?;
    client
        .validate_key()
        .await
        .map_err(|e| CliError::api("use a demo key", &e))?;
    Ok(())
}
