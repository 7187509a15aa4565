//! Client configuration from the environment variables (`Client::from_env`).
//!
//! Its own test binary, because it sets and removes process environment variables, which is
//! only sound while no other thread of the process reads the environment: the client tests
//! would, on threads of their own, resolve host names and start TLS, and libc may read the
//! environment there, outside the lock `std::env` takes.

mod common;

use whylabs_api_keys::{Client, DEFAULT_BASE_URL};

use common::config_name;

/// One test, because the environment is shared by the whole process.
#[test]
fn the_environment_configures_the_client() {
    const VARS: [&str; 3] = [
        "WHYLABS_API_KEY",
        "WHYLABS_API_ENDPOINT",
        "WHYLABS_DEFAULT_ORG_ID",
    ];
    let set = |pairs: &[(&str, &str)]| {
        for name in VARS {
            // SAFETY: no other test of this binary reads or writes the environment.
            unsafe { std::env::remove_var(name) };
        }
        for (name, value) in pairs {
            // SAFETY: as above.
            unsafe { std::env::set_var(name, value) };
        }
    };

    set(&[]);
    assert_eq!(config_name(Client::from_env()), "WHYLABS_API_KEY");

    set(&[("WHYLABS_API_KEY", "  ")]);
    assert_eq!(config_name(Client::from_env()), "WHYLABS_API_KEY");

    set(&[("WHYLABS_API_KEY", "k"), ("WHYLABS_API_ENDPOINT", "")]);
    assert_eq!(config_name(Client::from_env()), "WHYLABS_API_ENDPOINT");

    set(&[
        ("WHYLABS_API_KEY", "k"),
        ("WHYLABS_API_ENDPOINT", "nonsense"),
    ]);
    // The error names the variable the bad URL came from, not the builder setting.
    assert_eq!(config_name(Client::from_env()), "WHYLABS_API_ENDPOINT");

    set(&[("WHYLABS_API_KEY", "k")]);
    let client = Client::from_env().unwrap();
    assert_eq!(
        (client.base_url(), client.default_org_id()),
        (DEFAULT_BASE_URL, None)
    );

    set(&[
        ("WHYLABS_API_KEY", "k"),
        ("WHYLABS_API_ENDPOINT", "http://127.0.0.1:8080/"),
        ("WHYLABS_DEFAULT_ORG_ID", "org-123"),
    ]);
    let client = Client::from_env().unwrap();
    assert_eq!(
        (client.base_url(), client.default_org_id()),
        ("http://127.0.0.1:8080", Some("org-123"))
    );
    set(&[]);
}
