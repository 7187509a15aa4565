//! The emulator (`whylabs_api_keys_emulator`): each behaviour of the real server it mirrors
//! (roles, tiers, v0 and v1, the server's own test cases), through the public client (raw HTTP
//! where the client refuses to send a request or has no method yet), fault injection from Rust
//! and from outside, schema conformance of every response kind, robustness against hostile
//! and malformed requests, and the standalone example.

mod support;

mod auth;
mod create;
mod faults;
mod memory;
mod outside;
mod read;
mod revoke;
mod robustness;
mod roles;
mod schema;
mod server_cases;
mod standalone;
mod v1;
mod wire;

/// The standalone example, included so its argument parsing and output are tested.
#[allow(dead_code)] // its `main` is not called here
#[path = "../../examples/emulator.rs"]
mod standalone_example;
