//! The API's rules have one definition (`whylabs_api_keys::rules`), read by the client, its
//! redactor and the emulator: a key the emulator mints has the rules' shape and is redacted
//! wherever it is echoed; the client and the emulator draw the expiration line at the same
//! place, by the clock the client is given.

use std::time::Duration;

use chrono::{TimeDelta, Utc};
use whylabs_api_keys::rules::{self, MIN_EXPIRATION_AHEAD};
use whylabs_api_keys::{Client, Operation, RetryConfig};
use whylabs_api_keys_emulator::{Emulator, Fault};

#[tokio::test]
async fn a_key_the_emulator_mints_is_redacted_when_echoed_to_a_client_that_never_saw_it() {
    let emulator = Emulator::start().await;
    let minted = emulator
        .client()
        .create_key("org-123", "user-1")
        .await
        .unwrap();
    let secret = minted.secret().expose_secret().to_string();
    assert!(
        rules::is_key(&secret),
        "the emulator mints the rules' shape"
    );
    let (_, private) = secret.split_once('.').unwrap();
    // Another client, whose redactor knows only its own key, gets the key in an error body.
    let other = emulator
        .client_builder()
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let body = format!(r#"{{"message": "key {secret} is not allowed", "type": "Internal"}}"#);
    emulator.inject(Fault::status(500).body(body).operation(Operation::List));
    let error = other.list_keys("org-123").await.unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(error.status().is_some_and(|s| s.as_u16() == 500), "{shown}");
    assert!(!shown.contains(&private[..20]), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
}

#[tokio::test]
async fn client_and_emulator_draw_the_expiration_line_in_the_same_place() {
    let emulator = Emulator::start().await;
    let client = emulator.client();
    let at_the_line = client
        .create_key("org-123", "user-1")
        .expires_in(MIN_EXPIRATION_AHEAD)
        .await
        .unwrap_err();
    assert!(at_the_line.is_invalid_input(), "{at_the_line}");
    assert_eq!(emulator.requests_seen(), 0, "refused before sending");
    // Past the line by a margin the request's own travel cannot eat, the emulator accepts it.
    let past = MIN_EXPIRATION_AHEAD + Duration::from_secs(5);
    let created = client
        .create_key("org-123", "user-1")
        .expires_in(past)
        .await
        .unwrap();
    let ahead = created.key.expiration_time.unwrap() - emulator.now();
    assert!(ahead > TimeDelta::from_std(MIN_EXPIRATION_AHEAD).unwrap());
}

#[tokio::test]
async fn expirations_are_computed_against_the_clock_the_client_is_given() {
    const HOUR: Duration = Duration::from_secs(3600);
    let emulator = Emulator::start().await;
    emulator.advance_time(Duration::from_secs(2 * 24 * 3600));
    let builder = Client::builder()
        .base_url(emulator.base_url())
        .api_key(emulator.admin_key().clone())
        .retry(RetryConfig::disabled());
    // By this machine's clock, an hour from now is in the emulator's past: it refuses.
    let system = builder.clone().build().unwrap();
    let refused = system
        .create_key("org-123", "user-1")
        .expires_in(HOUR)
        .await
        .unwrap_err();
    let message = refused.api_error().and_then(|api| api.message());
    assert_eq!(message, Some("Invalid expiration time"), "{refused}");
    // With a clock that runs as the emulator's does, the hour is an hour of its time.
    let offset = emulator.now() - Utc::now();
    let following = builder.clock(move || Utc::now() + offset).build().unwrap();
    let created = following
        .create_key("org-123", "user-1")
        .expires_in(HOUR)
        .await
        .unwrap();
    let lifetime = created.key.expiration_time.unwrap() - emulator.now();
    assert!(lifetime > TimeDelta::minutes(59), "{lifetime}");
    assert!(lifetime <= TimeDelta::hours(1), "{lifetime}");
}
