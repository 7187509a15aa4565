//! Client configuration: base URLs and the plain-http opt-in (the environment variables:
//! tests/environment.rs).

use whylabs_api_keys::{Client, DEFAULT_BASE_URL};

use crate::common::config_name;

#[test]
fn base_urls_are_normalised_and_checked() {
    let build = |url: &str| Client::builder().api_key("k").base_url(url).build();
    assert_eq!(
        Client::builder().api_key("k").build().unwrap().base_url(),
        DEFAULT_BASE_URL
    );
    assert_eq!(
        build("https://example.com/").unwrap().base_url(),
        "https://example.com"
    );
    assert_eq!(
        build("https://example.com/api/").unwrap().base_url(),
        "https://example.com/api"
    );
    assert_eq!(
        build("http://127.0.0.1:8080").unwrap().base_url(),
        "http://127.0.0.1:8080"
    );
    assert_eq!(
        build("http://localhost:8080/").unwrap().base_url(),
        "http://localhost:8080"
    );
    for bad in [
        "not a url",
        "ftp://example.com",
        "https://example.com/?x=1",
        "http://whylabs.internal",
    ] {
        assert_eq!(config_name(build(bad)), "base_url", "{bad}");
    }
}

#[test]
fn plain_http_to_another_host_needs_the_opt_in() {
    let client = Client::builder()
        .api_key("k")
        .base_url("http://whylabs.internal:8080")
        .allow_insecure_http(true)
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "http://whylabs.internal:8080");
}

#[test]
fn debug_output_never_shows_the_api_key() {
    let secret = "AbCdEfGhIj.super-secret-part:org-1";
    let builder = Client::builder().api_key(secret);
    let client = builder.clone().build().unwrap();
    for shown in [format!("{builder:?}"), format!("{client:?}")] {
        assert!(!shown.contains("super-secret-part"), "{shown}");
    }
}

#[test]
fn the_client_and_its_futures_can_cross_threads() {
    fn send_sync_clone<T: Send + Sync + Clone + 'static>() {}
    fn spawnable<T: std::future::Future + Send>(_: T) {}
    send_sync_clone::<Client>();
    let client = Client::builder().api_key("k").build().unwrap();
    spawnable(client.get_key("o", "k"));
    spawnable(client.revoke_key("o", "u", "k"));
    spawnable(client.create_key("o", "u").send());
    spawnable(std::future::IntoFuture::into_future(client.list_keys("o")));
}
