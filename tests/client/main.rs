//! The client against mock servers, scripted raw servers and the emulator: configuration,
//! requests on the wire, decoding, errors, hostile responses, input checks, retries and
//! deadlines, rotation, secrets, TLS, the v1 methods, no orphaned key from create or generate,
//! property tests and the quickstart example.
//!
//! Separate binaries hold only what cannot share a process with these tests: tests/tracing.rs
//! (a tracing subscriber), tests/environment.rs (it sets environment variables) and
//! tests/load.rs (the load test).

// The helpers shared with those binaries, which include them as `mod common;`.
#[path = "../common/mod.rs"]
mod common;

mod blocking;
mod blocking_twins;
mod config;
mod connection_reuse;
mod decode;
mod encoded_echo;
mod errors;
mod generate_orphans;
mod hostile;
mod input;
mod list_semantics;
mod orphans;
mod own_rotation;
mod properties;
mod quickstart;
mod reconcile_window;
mod reconciling;
mod retries;
mod revoke_confirmed;
mod rotate;
mod round_trips;
mod rules;
mod secrets;
mod staged_rotation;
mod tls;
mod trust;
mod v1;
mod wire;

/// The quickstart example, included so its target choice and lifecycle are tested.
#[allow(dead_code)] // its `main` is not called here
#[path = "../../examples/quickstart.rs"]
mod quickstart_example;
